"""Accessibility (BITV 2.0): the public statement page and the session-timeout warning.

WCAG 2.2.1 (timing adjustable): a session that ends after inactivity warns before it ends and
can be extended with one button (static/js/app.js shows the warning; it posts here).
"""

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from rheine_integration.base import sessions


@login_not_required
def statement(request):
    """Erklärung zur Barrierefreiheit: required of public bodies, reachable without login."""
    return render(request, "accessibility_statement.html")


@require_POST
def session_extend(request):
    sessions.extend(request.session)
    return JsonResponse({"seconds_left": settings.SESSION_COOKIE_AGE})


def session_timeout(request) -> dict:
    """Context processor: the seconds the timeout warning counts down from (logged in only)."""
    if not request.user.is_authenticated:
        return {}
    return {
        "session_seconds_left": sessions.seconds_left(request.session),
        "session_warning_seconds": settings.SESSION_WARNING_SECONDS,
    }
