"""The benchmark's composition root: its settings overlay and urlconf (never in production)."""
