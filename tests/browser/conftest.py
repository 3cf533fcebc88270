"""Playwright drives Debian's Chromium (/usr/bin/chromium), headless, against live_server."""

import pytest
from django.conf import settings as django_settings

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session", autouse=True)
def _media_url_for_live_server():
    """Uploads are never served by URL (settings.MEDIA_URL is None), but the live server's
    media handler needs a prefix to compare paths with; give it one that nothing uses."""
    original = django_settings.MEDIA_URL
    django_settings.MEDIA_URL = "/_uploads-are-not-served-by-url/"
    yield
    django_settings.MEDIA_URL = original


@pytest.fixture(scope="session")
def live_server(_media_url_for_live_server, live_server):
    return live_server


@pytest.fixture(autouse=True)
def _browser_tests_flush_the_audit_log(audit_log_truncatable):
    """Every live_server test is transactional and ends with a flush."""
