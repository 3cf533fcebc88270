"""The base layer: infrastructure and helpers every app may use. It imports no app
(networks, cases, steering); tests/test_layers.py keeps it so."""
