"""Likely duplicates on registration.

Transliterations differ between agencies, so names are compared by their Cologne phonetics
codes (Mohammed, Muhammad and Mohamad share c662) through the persons' search index; the
birth year must match where both are known.

That someone is a client at all is sensitive (a counselling service for migrant women, say):
only institutions that register persons check across all institutions, and even they learn
only that a likely match exists. They send an inquiry, which reaches the leading institution;
that institution contacts them. The token in the page names no case: it is a random key whose
case is kept on the server for the user who ran the check. Checks per user are limited.
"""

import secrets
import time
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core import signing
from django.core.cache import cache
from django.db.models import Q, QuerySet
from redis.exceptions import RedisError

from cases.models import Case, Person
from cases.models.person import phonetic_tokens

SIGNING_SALT = "cases.duplicate-inquiry"
TOKEN_MAX_AGE = 60 * 60 * 24
MAX_HITS = 5
CHECKS_PER_HOUR = 30  # enough for a day of registrations; too few to sweep a list of names


class CheckUnavailable(Exception):
    """The check cannot run now (the counter is unreachable)."""


class TooManyChecks(CheckUnavailable):
    """The user has run CHECKS_PER_HOUR checks in this hour."""


@dataclass(frozen=True)
class LikelyDuplicate:
    token: str  # opaque key for an inquiry to the leading institution; names no case
    visible_case: Case | None  # set only when the user may already see this case


def _any_of(codes: list[str]) -> str:
    return "(" + " | ".join(sorted(set(codes))) + ")"


def _check_key(user) -> str:
    return f"duplicate-checks:{user.pk}:{int(time.time() // 3600)}"


def count_check(user) -> None:
    """Count one check of ``user`` in this hour; CheckUnavailable past the limit."""
    key = _check_key(user)
    try:
        cache.add(key, 0, timeout=60 * 60)
        count = cache.incr(key)
    except (RedisError, ValueError) as error:  # ValueError: the key expired in between
        raise CheckUnavailable from error
    if count > CHECKS_PER_HOUR:
        raise TooManyChecks


def _token_for(case_id: int, user) -> str:
    key = secrets.token_urlsafe(18)
    cache.set(f"duplicate-inquiry:{key}", (case_id, user.pk), timeout=TOKEN_MAX_AGE)
    return signing.dumps(key, salt=SIGNING_SALT)


def find_likely_duplicates(
    *,
    given_names: str,
    family_name: str,
    birth_year: int | None,
    asked_by,
    variants: list[str] = (),
    visible: QuerySet[Case] | None = None,
    across_institutions: bool = True,
) -> list[LikelyDuplicate]:
    """Persons whose names sound alike and whose birth year fits: of any institution when
    ``across_institutions``, else only among ``visible`` (the user's visible cases), which
    also marks the hits the user may open anyway."""
    family_codes = phonetic_tokens(family_name)
    given_codes = phonetic_tokens(given_names)
    for variant in variants:  # a variant may be either part: count it towards both
        family_codes += phonetic_tokens(variant)
        given_codes += phonetic_tokens(variant)
    if not family_codes or not given_codes:
        return []
    if not across_institutions and visible is None:
        return []
    query = SearchQuery(
        f"{_any_of(family_codes)} & {_any_of(given_codes)}", search_type="raw", config="simple"
    )
    persons = Person.objects.filter(search_vector=query, anonymised_at__isnull=True)
    if birth_year:
        persons = persons.filter(Q(birth_year=birth_year) | Q(birth_year__isnull=True))
    if across_institutions:
        cases = Case.objects.filter(person__in=persons.values("pk")[:50])
    else:
        cases = Case.objects.filter(pk__in=visible.filter(person__in=persons.values("pk")))
    cases = list(
        cases.order_by("person_id", "closed_on", "-opened_on").distinct(
            "person_id"
        )[  # open case first, then the latest
            :MAX_HITS
        ]
    )
    visible_ids = (
        set(visible.filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        if visible is not None
        else set()
    )
    return [
        LikelyDuplicate(
            token=_token_for(case.pk, asked_by),
            visible_case=case if case.pk in visible_ids else None,
        )
        for case in cases
    ]


def case_id_from_token(token: str, user) -> int | None:
    """The case behind a token, for the user who ran the check only."""
    try:
        key = signing.loads(token, salt=SIGNING_SALT, max_age=TOKEN_MAX_AGE)
        stored = cache.get(f"duplicate-inquiry:{key}")
    except (signing.BadSignature, TypeError, RedisError):
        return None
    if not stored or stored[1] != user.pk:
        return None
    return stored[0]
