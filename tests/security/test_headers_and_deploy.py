"""Headers every page carries, and Django's deployment check with production settings."""

import base64
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def test_every_page_carries_a_content_security_policy_without_inline_scripts(client, coordinator):
    for response in (client.get("/konto/anmelden/"), _logged_in_page(client, coordinator)):
        policy = response["Content-Security-Policy"]
        directives = dict(
            (part.split()[0], part.split()[1:]) for part in policy.split(";") if part.strip()
        )
        assert directives["default-src"] == ["'self'"]
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["form-action"] == ["'self'"]
        assert "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        assert response["X-Frame-Options"] == "DENY"
        assert response["X-Content-Type-Options"] == "nosniff"


def _logged_in_page(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


def test_no_template_uses_inline_scripts_styles_or_event_handlers():
    offenders = []
    for path in (ROOT / "templates").rglob("*.html"):
        text = re.sub(
            r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", "", path.read_text(), flags=re.S
        )
        for marker in (
            " style=",
            "<style",
            " onclick=",
            " onload=",
            " onsubmit=",
            "hx-on",
            "javascript:",
        ):
            if marker in text:
                offenders.append(f"{path.relative_to(ROOT)}: {marker.strip()}")
        for chunk in text.split("<script")[1:]:
            if "src=" not in chunk.split(">", 1)[0]:
                offenders.append(f"{path.relative_to(ROOT)}: inline <script>")
    assert offenders == []


def test_deploy_check_with_production_settings_reports_nothing():
    database = settings.DATABASES["default"]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "integration.rheine.example",
        "SECURE_SSL_REDIRECT": "1",
        "FIELD_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database)
        if not str(database["HOST"]).startswith("/")
        else f"postgres://{database['USER']}@%2F{str(database['HOST']).strip('/').replace('/', '%2F')}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "System check identified no issues" in result.stdout
