"""Paging of the case list without COUNT over all rows and without deep OFFSETs.

The default order (latest activity first) pages by a cursor on the access row's sort key
(``access__case_updated_at``, case id): every page, however old, is read from the index
access_institution_recent in a few milliseconds ("ältere Fälle"). Other orders page by number,
fetching one row more than shown to learn whether a next page exists. The total is counted up
to COUNT_CAP rows only (field notes: COUNT and deep OFFSET over 20 000 rows cost ~100 ms).
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, Q, QuerySet

COUNT_CAP = 100
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
KEYSET_ORDERS = (None, "", "-updated_at")


@dataclass
class CasePage:
    object_list: list
    count: int  # capped at COUNT_CAP + 1
    count_capped: bool
    is_first: bool
    next_params: dict | None  # query parameters of the next page, None on the last page
    previous_params: dict | None  # of the previous (offset) or the first (cursor) page

    @property
    def has_next(self) -> bool:
        return self.next_params is not None


def encode_cursor(updated_at: datetime.datetime, pk: int) -> str:
    delta = updated_at - EPOCH
    micros = (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds
    return f"{micros}.{pk}"


def decode_cursor(value: str) -> tuple[datetime.datetime, int] | None:
    try:
        micros, pk = (int(part) for part in value.split(".", 1))
    except (AttributeError, ValueError):
        return None
    if not (0 <= micros < 10**17 and 0 < pk < 2**63):
        return None
    return EPOCH + datetime.timedelta(microseconds=micros), pk


def capped_count(queryset: QuerySet) -> int:
    """Rows of the filtered list, counted up to COUNT_CAP + 1. Ordered by the access index so
    PostgreSQL walks it and stops, instead of hashing the whole cases table."""
    rows = queryset.annotate(_sort=F("access__case_updated_at")).order_by("-_sort")
    return rows.values("pk")[: COUNT_CAP + 1].count()


def page_of(queryset: QuerySet, params, *, order: str | None, size: int) -> CasePage:
    """One page of ``queryset`` (from permissions.visible_cases, so it carries the ``access``
    join; the sort key is annotated from that same join, never a second one)."""
    if order in KEYSET_ORDERS:
        return _keyset_page(queryset, params, size)
    count = capped_count(queryset)
    try:
        number = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    number = min(number, 10_000)
    offset = (number - 1) * size
    rows = list(queryset[offset : offset + size + 1])
    return CasePage(
        rows[:size],
        count,
        count > COUNT_CAP,
        number == 1,
        {"page": number + 1} if len(rows) > size else None,
        {"page": number - 1} if number > 1 else None,
    )


def by_activity(queryset: QuerySet) -> QuerySet:
    """Latest activity first, by the access row's copy of the sort key (its index)."""
    return queryset.annotate(
        access_updated_at=F("access__case_updated_at"), access_case_id=F("access__case_id")
    ).order_by("-access_updated_at", "-access_case_id")


def sort_keys(rows: QuerySet) -> QuerySet:
    """The first COUNT_CAP + 1 sort keys of ``by_activity`` rows."""
    return rows.values_list("access_updated_at", "access_case_id")[: COUNT_CAP + 1]


def _keyset_page(queryset: QuerySet, params, size: int) -> CasePage:
    """Latest activity first, paged by cursor. One walk of the index gives the first
    COUNT_CAP + 1 sort keys: their number is the (capped) total, and on the first page their
    head is the page, fetched by primary key; a search's GIN scan so runs once, not twice."""
    cursor = decode_cursor(params.get("nach", ""))
    rows = by_activity(queryset)
    keys = list(sort_keys(rows))
    if cursor is None:
        head = [pk for _at, pk in keys[:size]]
        by_pk = {case.pk: case for case in rows.filter(pk__in=head)}
        shown = [by_pk[pk] for pk in head if pk in by_pk]  # one may have vanished meanwhile
        more = len(keys) > size
    else:
        at, pk = cursor
        after = rows.filter(
            Q(access_updated_at__lt=at) | Q(access_updated_at=at, access_case_id__lt=pk)
        )
        fetched = list(after[: size + 1])
        shown, more = fetched[:size], len(fetched) > size
    next_params = None
    if more and shown:
        last = shown[-1]
        next_params = {"nach": encode_cursor(last.access_updated_at, last.pk)}
    return CasePage(
        shown,
        len(keys),
        len(keys) > COUNT_CAP,
        cursor is None,
        next_params,
        None if cursor is None else {},
    )
