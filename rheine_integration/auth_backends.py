"""Authentication backends of the project."""

from axes.backends import AxesStandaloneBackend


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' lockout check, first in AUTHENTICATION_BACKENDS.

    Logins through the login page always carry the request (username and address are the lock
    key). A programmatic ``authenticate()`` without a request (management shell, Django's test
    client ``login()``) has no address to lock and is passed on to the next backend instead of
    failing; no view of the project authenticates without the request."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
