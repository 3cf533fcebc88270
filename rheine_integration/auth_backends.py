"""Authentication backends of the project."""

from axes.backends import AxesStandaloneBackend
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model


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


class ModelBackend(django_backends.ModelBackend):
    """Django's ModelBackend, loading the membership and institution with the user: every page
    needs both (navigation, access checks), so they cost no queries of their own."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("membership__institution").get(
                pk=user_id
            )
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
