"""Session middleware that does not turn a committed write into an error page.

Sessions are saved on every request (SESSION_SAVE_EVERY_REQUEST: inactivity timeout), after the
view's transaction committed. If the database goes away just then (a restart), Django's
middleware raises and the user sees an error for a note that was saved; they would send it
again. Here the failed refresh is logged and the view's response goes out; the session keeps
its previous expiry (found by scripts/fault_test.py).
"""

import logging

from django.contrib.sessions.middleware import SessionMiddleware
from django.db import DatabaseError

logger = logging.getLogger(__name__)


class TolerantSessionMiddleware(SessionMiddleware):
    def process_response(self, request, response):
        try:
            return super().process_response(request, response)
        except DatabaseError:
            logger.warning("Session not saved (database unavailable); response sent anyway.")
            return response
