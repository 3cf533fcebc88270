"""Authentication backends of the project."""

from functools import cache

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import backends as django_backends
from django.contrib.auth import get_user_model
from django.utils.module_loading import import_string


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
    """Django's ModelBackend, loading with the user what every page needs: the membership and
    institution (navigation, access checks) and the count of unread notifications (the bell),
    so none of them costs a query of its own."""

    def get_user(self, user_id):
        user_model = get_user_model()
        try:
            user = _users_with_page_data().get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


@cache
def _users_with_page_data():
    """Built once per process: ``get()`` works on a copy, so this queryset itself is never
    evaluated and holds no rows. The unread count comes from the function named in
    settings.USER_PAGE_DATA, so this module imports no app."""
    add_page_data = import_string(settings.USER_PAGE_DATA)
    return add_page_data(
        get_user_model()._default_manager.select_related("membership__institution")
    )
