"""The log as operators read it: a refused page is one line, not a traceback."""

import io
import logging
import sys

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def console():
    """The output of settings.LOGGING's console handler."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_refused_page_logs_one_line(client, steering_member, console):
    client.force_login(steering_member)
    console.truncate(0)  # the login's lines
    console.seek(0)
    assert client.get(reverse("cases:audit")).status_code == 403
    lines = [line for line in console.getvalue().splitlines() if line.strip()]
    assert lines == ["Forbidden (Permission denied): /faelle/protokoll/"]


def test_a_server_error_keeps_its_traceback():
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "boom", (), None)
    try:
        raise RuntimeError("boom")
    except RuntimeError:
        record.exc_info = sys.exc_info()
    record.status_code = 500
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    assert handler.filter(record) and record.exc_info is not None
    assert "Traceback" in handler.format(record)
