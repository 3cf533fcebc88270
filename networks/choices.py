"""Institutions and case managers as choices for the case list's filter form.

The form is on every list page; building its selects from two queries (server-side cursors,
three round trips each) cost more than the list itself at 1 M cases. The choices change only
when master data changes, so they are cached as one entry, dropped by networks.signals on every
save or delete of an institution, membership or user, and kept at most CACHE_SECONDS in case a
bulk update bypassed the signals. Without Redis the page still works, one query more.

Each process also keeps the entry it read for LOCAL_SECONDS: reading and unpickling every
institution's case managers from Redis on each list page is avoided. A
change made in one process is seen there at once (the signals clear both), in the others
within LOCAL_SECONDS.
"""

import logging
import time
from collections import defaultdict

from django.core.cache import cache

from networks.models import Institution, Membership, Role

logger = logging.getLogger(__name__)

CACHE_KEY = "networks:filter-choices"
CACHE_SECONDS = 5 * 60
LOCAL_SECONDS = 60

_local: dict = {"value": None, "until": 0.0}


def filter_choices(institution_id: int | None) -> tuple[list, list]:
    """Active institutions, and the case managers of one institution (the list filters its own
    team's cases), as (value, label) pairs: one cache read."""
    cached = _choices()
    return cached["institutions"], cached["case_managers"].get(institution_id, [])


def forget() -> None:
    _local["value"] = None
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # Redis down: the entry expires by itself
        logger.warning("Filter choices not dropped from the cache (cache unavailable).")


def _choices() -> dict:
    now = time.monotonic()
    if _local["value"] is None or now >= _local["until"]:
        _local["value"], _local["until"] = _shared_choices(), now + LOCAL_SECONDS
    return _local["value"]


def _shared_choices() -> dict:
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:
        logger.warning("Cache unavailable: filter choices read from the database.")
        return _load()
    if cached is None:
        cached = _load()
        try:
            cache.set(CACHE_KEY, cached, CACHE_SECONDS)
        except Exception:
            logger.warning("Filter choices not cached (cache unavailable).")
    return cached


def _load() -> dict:
    institutions = list(
        Institution.objects.filter(is_active=True).order_by("name").values_list("pk", "name")
    )
    case_managers = defaultdict(list)
    memberships = (
        Membership.objects.filter(roles__contains=[Role.CASE_MANAGER], user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "user__username")
    )
    for membership in memberships:
        case_managers[membership.institution_id].append((membership.user_id, str(membership.user)))
    return {"institutions": institutions, "case_managers": dict(case_managers)}
