"""Likely duplicates on registration, across all institutions.

Transliterations differ between agencies, so names are compared by their Cologne phonetics
codes (Mohammed, Muhammad and Mohamad share c662) through the persons' search index; the
birth year must match where both are known. What the asking user learns is only that a likely
match exists and which institution to contact; never another institution's data.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery
from django.core import signing
from django.db.models import Q, QuerySet

from cases.models import Case, Person
from cases.models.person import phonetic_tokens
from networks.models import Institution

SIGNING_SALT = "cases.duplicate-inquiry"
MAX_HITS = 5


@dataclass(frozen=True)
class LikelyDuplicate:
    institution: Institution  # who leads (or last led) the person's case: the one to contact
    token: str  # signed case id for an inquiry; the user never sees the id itself
    visible_case: Case | None  # set only when the user may already see this case


def _any_of(codes: list[str]) -> str:
    return "(" + " | ".join(sorted(set(codes))) + ")"


def find_likely_duplicates(
    *,
    given_names: str,
    family_name: str,
    birth_year: int | None,
    variants: list[str] = (),
    visible: QuerySet[Case] | None = None,
) -> list[LikelyDuplicate]:
    """Persons of any institution whose names sound alike and whose birth year fits;
    ``visible`` (the user's visible cases) marks the hits the user may open anyway."""
    family_codes = phonetic_tokens(family_name)
    given_codes = phonetic_tokens(given_names)
    for variant in variants:  # a variant may be either part: count it towards both
        family_codes += phonetic_tokens(variant)
        given_codes += phonetic_tokens(variant)
    if not family_codes or not given_codes:
        return []
    query = SearchQuery(
        f"{_any_of(family_codes)} & {_any_of(given_codes)}", search_type="raw", config="simple"
    )
    persons = Person.objects.filter(search_vector=query, anonymised_at__isnull=True)
    if birth_year:
        persons = persons.filter(Q(birth_year=birth_year) | Q(birth_year__isnull=True))
    cases = (
        Case.objects.filter(person__in=persons.values("pk")[:50])
        .select_related("lead_institution")
        .order_by("person_id", "closed_on", "-opened_on")  # open case first, then the latest
        .distinct("person_id")[:MAX_HITS]
    )
    cases = list(cases)
    visible_ids = (
        set(visible.filter(pk__in=[c.pk for c in cases]).values_list("pk", flat=True))
        if visible is not None
        else set()
    )
    return [
        LikelyDuplicate(
            institution=case.lead_institution,
            token=signing.dumps(case.pk, salt=SIGNING_SALT),
            visible_case=case if case.pk in visible_ids else None,
        )
        for case in cases
    ]


def case_id_from_token(token: str) -> int | None:
    try:
        return int(signing.loads(token, salt=SIGNING_SALT, max_age=60 * 60 * 24))
    except (signing.BadSignature, TypeError, ValueError):
        return None
