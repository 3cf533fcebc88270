"""Paging of the case list without COUNT over all rows and without deep OFFSETs.

The default order (latest activity first) pages by a cursor on the access row's sort key
(``access__case_updated_at``, case id): every page, however old, is read from the index
access_institution_recent ("ältere Fälle"). Other orders page by number,
fetching one row more than shown to learn whether a next page exists. The total is counted up
to COUNT_CAP rows only (field notes: COUNT and deep OFFSET over 20 000 rows are slow).
"""

import datetime
from dataclasses import dataclass

from django.contrib.postgres.fields import ArrayField
from django.db.models import BigIntegerField, F, Func, Lookup, Q, QuerySet, Value

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


class EpochMicros(Func):
    """A timestamp as whole microseconds since 1970: the cursor's form of the sort key, read
    as an integer (cheaper than a hundred timestamps through Django's time-zone loader)."""

    template = "(EXTRACT(EPOCH FROM %(expressions)s) * 1000000)::bigint"
    output_field = BigIntegerField()


def epoch_micros(moment: datetime.datetime) -> int:
    delta = moment - EPOCH
    return (delta.days * 86_400 + delta.seconds) * 1_000_000 + delta.microseconds


def encode_cursor(updated_micros: int, pk: int) -> str:
    return f"{updated_micros}.{pk}"


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


class AnyOf(Lookup):
    """``lhs = ANY(array)``: any number of keys as one parameter, so one SQL text serves all."""

    lookup_name = "any_of"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} = ANY({rhs})", (*lhs_params, *rhs_params)


class RowsByKey:
    """Loads the shown rows of a page by their primary keys with one statement, compiled once:
    the keys travel as one array parameter (``id = ANY(%s)``), so the SQL is the same for every
    page (compiling it per page was a measurable share of each list page). Build it from a queryset whose other
    parameters are fixed (``cases.views.case._list_rows``: the day only); it never holds
    rows, and who sees what is decided before, by the keys."""

    _MARKER = [-918_273_645]  # stands for the keys among the compiled parameters

    def __init__(self, queryset: QuerySet):
        keys = Value(self._MARKER, output_field=ArrayField(BigIntegerField()))
        by_keys = queryset.filter(AnyOf(F("pk"), keys))
        self.sql, params = by_keys.query.sql_with_params()
        self.params = list(params)
        self.position = self.params.index(self._MARKER)
        self.manager = queryset.model._default_manager

    def __call__(self, pks: list[int]) -> list:
        if not pks:
            return []
        params = list(self.params)
        params[self.position] = pks
        by_pk = {row.pk: row for row in self.manager.raw(self.sql, params)}
        return [by_pk[pk] for pk in pks if pk in by_pk]  # one may have vanished meanwhile


def page_of(
    queryset: QuerySet, params, *, order: str | None, size: int, load: RowsByKey
) -> CasePage:
    """One page of ``queryset`` (from permissions.visible_cases, so it carries the ``access``
    join; the sort key is annotated from that same join, never a second one).

    Every path reads the page's primary keys from ``queryset`` first, then the rows from
    ``load`` by those keys: the access decision is made by the keys, so loading needs neither
    the access join nor the filters (a third of the planning and compiling), and ``load`` may
    annotate per row (the overdue badge) at the cost of 25 index probes."""
    if order in KEYSET_ORDERS:
        return _keyset_page(queryset, params, size, load)
    count = capped_count(queryset)
    try:
        number = max(1, int(params.get("page", 1)))
    except (TypeError, ValueError):
        number = 1
    number = min(number, 10_000)
    offset = (number - 1) * size
    pks = list(numbered_keys(queryset)[offset : offset + size + 1])
    return CasePage(
        load(pks[:size]),
        count,
        count > COUNT_CAP,
        number == 1,
        {"page": number + 1} if len(pks) > size else None,
        {"page": number - 1} if number > 1 else None,
    )


def numbered_keys(queryset: QuerySet) -> QuerySet:
    """The primary keys of ``queryset`` in its order, the primary key last: cases that tie on
    the chosen order (one phase, one opening day, one family name) would otherwise fall on two
    pages or on none, as PostgreSQL's sort breaks ties differently for each page's LIMIT.
    The key runs in the direction of the first order, so one index can give both."""
    order = queryset.query.order_by
    descending = bool(order) and str(order[0]).startswith("-")
    key = "-pk" if descending else "pk"
    return queryset.order_by(*order, key).values_list("pk", flat=True)


def by_activity(queryset: QuerySet) -> QuerySet:
    """Latest activity first, by the access row's copy of the sort key (its index)."""
    return queryset.annotate(
        access_updated_at=F("access__case_updated_at"), access_case_id=F("access__case_id")
    ).order_by("-access_updated_at", "-access_case_id")


def sort_keys(rows: QuerySet, limit: int = COUNT_CAP + 1) -> QuerySet:
    """The first ``limit`` sort keys (activity in epoch microseconds, case id) of
    ``by_activity`` rows."""
    return rows.annotate(access_updated_micros=EpochMicros("access_updated_at")).values_list(
        "access_updated_micros", "access_case_id"
    )[:limit]


def after(rows: QuerySet, moment: datetime.datetime, pk: int, *, at: str, key: str) -> QuerySet:
    """The rows after a cursor (moment, pk) in the order ``-at, -key``. The plain range on
    ``at`` is what an index can seek to; the OR that breaks ties is not (without the range a
    page in the middle of 23 000 cases filtered every newer row)."""
    return rows.filter(**{f"{at}__lte": moment}).filter(
        Q(**{f"{at}__lt": moment}) | Q(**{at: moment, f"{key}__lt": pk})
    )


def newest_first(queryset: QuerySet, params, size: int, *, at: str) -> tuple[list, str | None]:
    """One page of rows newest first (by the timestamp field ``at``, then id), after the cursor
    in ``params["nach"]``, and the next page's cursor (None on the last page). Any page is an
    index range (no COUNT, no OFFSET): for logs that only grow."""
    rows = queryset.order_by(f"-{at}", "-pk")
    cursor = decode_cursor(params.get("nach", ""))
    if cursor is not None:
        moment, pk = cursor
        rows = after(rows, moment, pk, at=at, key="pk")
    page = list(rows[: size + 1])
    if len(page) <= size:
        return page, None
    last = page[size - 1]
    return page[:size], encode_cursor(epoch_micros(getattr(last, at)), last.pk)


def _keyset_page(queryset: QuerySet, params, size: int, load: RowsByKey) -> CasePage:
    """Latest activity first, paged by cursor. One walk of the index gives the first
    COUNT_CAP + 1 sort keys: their number is the (capped) total, and on the first page their
    head is the page (a search's GIN scan so runs once, not twice). A later page reads the
    size + 1 keys after its cursor."""
    cursor = decode_cursor(params.get("nach", ""))
    rows = by_activity(queryset)
    keys = list(sort_keys(rows))
    page_keys = keys
    if cursor is not None:
        at, pk = cursor
        later = after(rows, at, pk, at="access_updated_at", key="access_case_id")
        page_keys = list(sort_keys(later, size + 1))
    head = page_keys[:size]
    next_params = None
    if len(page_keys) > size and head:
        next_params = {"nach": encode_cursor(*head[-1])}
    return CasePage(
        load([pk for _at, pk in head]),
        len(keys),
        len(keys) > COUNT_CAP,
        cursor is None,
        next_params,
        None if cursor is None else {},
    )
