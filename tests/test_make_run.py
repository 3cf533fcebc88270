"""`make run` is the demo as production shows it: DEBUG off, the app's German error pages;
`make dev` switches debugging on. The environment is read from the Makefile's own commands."""

import os
import shlex
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent


DEMO_KEYS = ".local/demo-keys.env"


def web_environment(target: str) -> dict[str, str]:
    """The variables `make <target>` starts honcho (web, worker, beat) with: the checkout's
    demo keys (made by make on first use) and the values on the command line."""
    subprocess.run(["make", "--no-print-directory", DEMO_KEYS], cwd=ROOT, check=True, timeout=60)
    commands = subprocess.run(
        ["make", "-n", "--no-print-directory", target],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
    ).stdout.splitlines()
    line = next(command for command in commands if "honcho" in command)
    variables = dict(
        entry.split("=", 1) for entry in (ROOT / DEMO_KEYS).read_text().splitlines() if entry
    )
    for word in shlex.split(line.rpartition("&&")[2]):
        name, equals, value = word.partition("=")
        if not equals:
            break
        variables[name] = value
    return variables


def test_the_demo_keys_are_made_for_this_checkout_and_are_not_the_repositorys():
    environment = web_environment("run")
    assert len(environment["SECRET_KEY"]) >= 50
    assert environment["SECRET_KEY"] not in (ROOT / "Makefile").read_text()
    assert environment["SECRET_KEY"] != settings.DEVELOPMENT_SECRET_KEY
    assert environment["FIELD_ENCRYPTION_KEY"] != settings.DEVELOPMENT_FIELD_ENCRYPTION_KEY


def test_make_run_switches_debug_off_and_make_dev_on():
    assert web_environment("run")["DEBUG"] == "0"
    assert web_environment("dev")["DEBUG"] == "1"


def test_the_settings_load_with_make_runs_values_for_a_local_demo():
    """Production settings refuse to start without keys: the demo brings its own and plain
    http cookies for 127.0.0.1."""
    database = settings.DATABASES["default"]
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DATABASE_URL": "postgres://{USER}@{HOST}:{PORT}/{NAME}".format(**database)
        if not str(database["HOST"]).startswith("/")
        else f"postgres://{database['USER']}@{quote(str(database['HOST']), safe='')}/{database['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        **web_environment("run"),
    }
    script = (
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.ALLOWED_HOSTS)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "rheine_integration.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split("\n")[-2] == "False False False ['127.0.0.1', 'localhost']"


@pytest.mark.django_db
def test_with_debug_off_a_refused_case_shows_the_german_404_page_without_url_patterns(
    client, unconsented_outsider, sozialamt_case
):
    assert settings.DEBUG is False  # as under make run
    client.force_login(unconsented_outsider)
    for url in (reverse("cases:detail", args=[sozialamt_case.pk]), "/gibt-es-nicht/"):
        response = client.get(url)
        page = response.content.decode()
        assert response.status_code == 404
        assert "Seite nicht gefunden" in page and 'class="kern-' in page
        assert "URLconf" not in page and "Page not found" not in page
