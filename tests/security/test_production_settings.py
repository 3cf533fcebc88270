"""Production must not start with the repository's keys, and HTTPS is believed only from the proxy."""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from django.conf import settings
from django.test import RequestFactory

ROOT = Path(__file__).resolve().parents[2]
DEVELOPMENT_SECRET_KEY = "dev-only-insecure-key-set-SECRET_KEY-in-production"
DEVELOPMENT_FIELD_KEY = "ZGV2LW9ubHktZmllbGQta2V5LW5vdC1mb3ItcHJvZHU="


def _production_env(**overrides) -> dict[str, str]:
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "integration.rheine.example",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        # Never connected to: loading the settings is all this test needs.
        "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
        "REDIS_URL": "redis://127.0.0.1:1/0",
    }
    env.update(overrides)
    return env


def _load_settings(env: dict[str, str]) -> subprocess.CompletedProcess:
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE'] = 'rheine_integration.settings';"
        "django.setup(); from django.conf import settings;"
        "print('PROXY_HEADER', getattr(settings, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    return subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize(
    "overrides",
    [
        {"SECRET_KEY": DEVELOPMENT_SECRET_KEY},
        {"FIELD_ENCRYPTION_KEY": DEVELOPMENT_FIELD_KEY},
        # A rotation list that still holds the development key decrypts with it: refused too.
        {
            "FIELD_ENCRYPTION_KEY": f"{base64.urlsafe_b64encode(os.urandom(32)).decode()},{DEVELOPMENT_FIELD_KEY}"
        },
    ],
    ids=["secret-key", "field-key", "field-key-in-rotation-list"],
)
def test_production_refuses_to_start_with_the_development_keys(overrides):
    result = _load_settings(_production_env(**overrides))
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "development SECRET_KEY or FIELD_ENCRYPTION_KEY" in result.stderr


def test_production_starts_with_keys_of_its_own_and_trusts_no_forwarded_proto_by_default():
    result = _load_settings(_production_env())
    assert result.returncode == 0, result.stderr
    assert "PROXY_HEADER None" in result.stdout
    opted_in = _load_settings(_production_env(TRUST_X_FORWARDED_PROTO="1"))
    assert "PROXY_HEADER ('HTTP_X_FORWARDED_PROTO', 'https')" in opted_in.stdout


def test_a_client_cannot_claim_https_with_a_header():
    # gunicorn sets the scheme from X-Forwarded-Proto for FORWARDED_ALLOW_IPS only; Django
    # itself must not believe the header from anyone.
    request = RequestFactory().get("/", HTTP_X_FORWARDED_PROTO="https")
    assert getattr(settings, "SECURE_PROXY_SSL_HEADER", None) is None
    assert not request.is_secure()


def test_docker_compose_publishes_the_app_on_loopback_with_secure_cookies_and_a_named_proxy():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    web = compose["services"]["web"]
    for port in web.get("ports", []):
        assert str(port).startswith("127.0.0.1:"), port
    environment = compose["x-app"]["environment"]
    assert environment["SECURE_COOKIES"].endswith(":-1}")
    allowed = environment["FORWARDED_ALLOW_IPS"]
    assert "*" not in allowed
    gateway = compose["networks"]["default"]["ipam"]["config"][0]["gateway"]
    assert allowed == "${FORWARDED_ALLOW_IPS:-" + gateway + "}"
    assert "TRUST_X_FORWARDED_PROTO" not in environment
