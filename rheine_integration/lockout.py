"""django-axes handler: the lock per username and address, plus one per address across names.

axes compares every lockout parameter with the same failure limit. The pair limit must stay low
(6) and an address shared by a whole office must not be locked by a few colleagues' typos, so
the address gets a limit of its own (AXES_ADDRESS_FAILURE_LIMIT): it stops password spraying,
one or two guesses for each of many user names from one address.
"""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum


class PairAndAddressLockoutHandler(AxesDatabaseHandler):
    def is_locked(self, request, credentials=None) -> bool:
        return super().is_locked(request, credentials) or self._address_limit_reached(request)

    def user_login_failed(self, sender, credentials: dict, request=None, **kwargs):
        super().user_login_failed(sender, credentials, request, **kwargs)
        # The failure that reaches the limit already answers with the lockout page.
        if request is not None and not getattr(request, "axes_locked_out", False):
            if self._address_limit_reached(request):
                request.axes_locked_out = True
                request.axes_credentials = credentials

    @staticmethod
    def _address_limit_reached(request) -> bool:
        address = getattr(request, "axes_ip_address", None)
        if not address:
            return False
        failures = AccessAttempt.objects.filter(
            ip_address=address, attempt_time__gte=get_cool_off_threshold(request)
        ).aggregate(total=Sum("failures_since_start"))["total"]
        return (failures or 0) >= settings.AXES_ADDRESS_FAILURE_LIMIT
