"""No copy of a page with personal data stays in a browser's or a proxy's cache."""

from django.utils.cache import add_never_cache_headers


class NoStoreForUsersMiddleware:
    """Every response to a logged-in user says ``Cache-Control: no-store, private``.

    Case pages, lists, exports and document downloads all carry personal data (§35 SGB I): a
    shared computer's back button or disk cache must not bring them back after logout. Static
    files never reach this middleware (WhiteNoise answers them first) and stay cacheable.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            add_never_cache_headers(response)
        return response
