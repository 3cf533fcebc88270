"""Session middleware: inactivity expiry without a write per request, and tolerant saving.

Inactivity: a session expires SESSION_COOKIE_AGE after it was last saved. Instead of saving it
on every request (SESSION_SAVE_EVERY_REQUEST, three statements each), activity marks it as
changed once SESSION_REFRESH_SECONDS have passed since the last save, so it expires between
SESSION_COOKIE_AGE - SESSION_REFRESH_SECONDS and SESSION_COOKIE_AGE after the last request.

Tolerance: the session is saved after the view's transaction committed. If the database goes
away just then (a restart), Django's middleware raises and the user sees an error for a note
that was saved; they would send it again. Here the failed save is logged and the view's
response goes out; the session keeps its previous expiry (found by scripts/fault_test.py).
"""

import logging
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError

logger = logging.getLogger(__name__)

REFRESHED_AT = "_refreshed_at"


class TolerantSessionMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        session = getattr(request, "session", None)
        # Only logged-in sessions: a stale cookie of a visitor must not create a new session.
        if session is not None and session.get(SESSION_KEY) is not None:
            now = int(time.time())
            if now - session.get(REFRESHED_AT, 0) >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_AT] = now  # marks the session modified: saved below
        try:
            return super().process_response(request, response)
        except DatabaseError:
            logger.warning("Session not saved (database unavailable); response sent anyway.")
            return response


def seconds_left(session) -> int:
    """How long the session lasts without further activity, as this request leaves it."""
    now = int(time.time())
    refreshed_at = session.get(REFRESHED_AT, 0)
    if now - refreshed_at >= settings.SESSION_REFRESH_SECONDS:
        return settings.SESSION_COOKIE_AGE  # this request saves it anew (process_response)
    return max(0, settings.SESSION_COOKIE_AGE - (now - refreshed_at))


def extend(session) -> None:
    """Saves the session now, so it lasts SESSION_COOKIE_AGE from this moment."""
    session[REFRESHED_AT] = int(time.time())
