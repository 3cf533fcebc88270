"""The only door other apps use to read about cases: aggregate figures, never a person.

Every aggregate question the steering group asks is answered here, and small-count suppression
is decided here and nowhere else: a count from 1 to 4 is shown as "< 5", and where a shown
total would let a reader work it out, a second cell of the same row is hidden too
(complementary suppression). Medians and shares are hidden when fewer than 5 cases stand
behind them.

Indicators are registered in ``INDICATORS``; each is one function whose docstring is its
definition (what is counted, from which event to which, which cases are excluded). Adding an
indicator (for example "days from the change of legal domain to SGB II to the first measure of
the Jobcenter", once the residence-status history exists) is one more ``@indicator`` function.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.utils.translation import gettext_lazy as _

from cases.workdays import is_holiday

SUPPRESS_BELOW = 5
ALL = ""  # field of action "all"; institution "all" is None


@dataclass(frozen=True)
class Figure:
    """One cell: an indicator's value for a month, a field of action and an institution."""

    indicator: str
    month: datetime.date
    field_of_action: str  # ALL or a FieldOfAction value
    institution_id: int | None  # None: all institutions
    series: str  # e.g. a measure type's name or a phase; "" when the indicator has one series
    value: Decimal | None  # None when suppressed
    base: int  # how many cases (handovers, measures) stand behind the value
    suppressed: bool


@dataclass(frozen=True)
class Indicator:
    code: str
    label: str
    unit: str
    kind: str  # "count", "median", "share"
    lower_is_better: bool
    has_total: bool  # the table shows a row total over the series (complementary suppression)
    compute: Callable[[datetime.date, datetime.date, datetime.date], list[Figure]]

    @property
    def definition(self) -> str:
        return (self.compute.__doc__ or "").strip()


INDICATORS: dict[str, Indicator] = {}


def indicator(*, code, label, unit, kind, lower_is_better=True, has_total=False):
    def register(function):
        INDICATORS[code] = Indicator(
            code=code,
            label=label,
            unit=unit,
            kind=kind,
            lower_is_better=lower_is_better,
            has_total=has_total,
            compute=function,
        )
        return function

    return register


# --- suppression: the one place ------------------------------------------------------------


def is_small(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def suppress_row(counts: dict[str, int], *, with_total: bool) -> set[str]:
    """The keys of a row of counts to hide: every small count, and, where the row's total is
    shown and exactly one cell is hidden, the smallest other cell as well (otherwise the total
    minus the shown cells gives the hidden one away)."""
    hidden = {key for key, count in counts.items() if is_small(count)}
    if with_total and len(hidden) == 1:
        others = sorted(
            (count, key) for key, count in counts.items() if key not in hidden and count > 0
        )
        if others:
            hidden.add(others[0][1])
    return hidden


def _suppressed(rows: list[Figure], spec: Indicator) -> list[Figure]:
    """Apply the rules to freshly computed figures (value still present)."""
    if spec.kind != "count":
        return [
            _hide(row) if row.base < SUPPRESS_BELOW and row.value is not None else row
            for row in rows
        ]
    groups: dict[tuple, list[Figure]] = defaultdict(list)
    for row in rows:
        groups[(row.month, row.field_of_action, row.institution_id)].append(row)
    result = []
    for group in groups.values():
        hidden = suppress_row({row.series: row.base for row in group}, with_total=spec.has_total)
        result.extend(_hide(row) if row.series in hidden else row for row in group)
    return result


def _hide(row: Figure) -> Figure:
    return Figure(
        row.indicator,
        row.month,
        row.field_of_action,
        row.institution_id,
        row.series,
        None,
        row.base,
        True,
    )


# --- computation ---------------------------------------------------------------------------


def month_range(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    months, month = [], first.replace(day=1)
    while month <= last:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def compute_figures(
    *, first_month: datetime.date, today: datetime.date, codes: Iterable[str] | None = None
) -> dict[str, list[Figure]]:
    """Every registered indicator (or those named) for the months from ``first_month`` to
    ``today``'s month, by field of action and institution, suppressed."""
    last_month = today.replace(day=1)
    result = {}
    for code in codes or INDICATORS:
        spec = INDICATORS[code]
        result[code] = _suppressed(spec.compute(first_month, last_month, today), spec)
    return result


# Facts are rows (month, series, institution, fields of action, value, flag); each is counted
# once for "all fields" and once under each of its fields, for all institutions and its own.
_AGGREGATES = {
    "count": "count(*)",
    "median": "percentile_cont(0.5) WITHIN GROUP (ORDER BY value)",
    "p75": "percentile_cont(0.75) WITHIN GROUP (ORDER BY value)",
    "share": "100.0 * avg(flag::int)",
}


def _aggregate(code: str, facts_sql: str, params: list, *, aggregate: str) -> list[Figure]:
    sql = f"""
        WITH facts AS ({facts_sql}),
        dim AS (
            SELECT month, series, institution_id, '' AS foa, value, flag FROM facts
            UNION ALL
            SELECT month, series, institution_id, f AS foa, value, flag
            FROM facts, unnest(fields) AS f
        )
        SELECT month, series, foa, institution_id, count(*), {_AGGREGATES[aggregate]}
        FROM dim
        GROUP BY GROUPING SETS ((month, series, foa), (month, series, foa, institution_id))
    """  # noqa: S608 (only constants are formatted in; values are parameters)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    return [
        Figure(
            code,
            month,
            foa,
            institution_id,
            series or "",
            None if value is None else Decimal(value).quantize(Decimal("0.1")),
            base,
            False,
        )
        for month, series, foa, institution_id, base, value in rows
    ]


def _bounds(first: datetime.date, last: datetime.date) -> list:
    return [first, (last + datetime.timedelta(days=32)).replace(day=1)]


@indicator(
    code="planning_restart",
    label=_("Planung beginnt von vorn nach Übergabe"),
    unit="%",
    kind="share",
)
def planning_restart(first, last, today):
    """Share of accepted handovers after which the receiving institution recorded a new
    assessment (Kompetenzfeststellung) within 30 days of accepting: the paper's "Planung beginnt
    von vorn". Counted: handovers with status accepted, in the month of acceptance, under the
    receiving institution and the case's fields of action. Excluded: handovers requested,
    declined or withdrawn, and handovers accepted less than 30 days before the computation
    (their window is not over yet)."""
    facts = """
        SELECT date_trunc('month', h.answered_at AT TIME ZONE 'Europe/Berlin')::date AS month,
               '' AS series, h.to_institution_id AS institution_id, c.fields_of_action AS fields,
               NULL::numeric AS value,
               EXISTS (
                   SELECT 1 FROM cases_assessment a
                   WHERE a.case_id = h.case_id AND a.institution_id = h.to_institution_id
                     AND a.assessed_on >= (h.answered_at AT TIME ZONE 'Europe/Berlin')::date
                     AND a.assessed_on <= (h.answered_at AT TIME ZONE 'Europe/Berlin')::date + 30
               ) AS flag
        FROM cases_handover h JOIN cases_case c ON c.id = h.case_id
        WHERE h.status = 'accepted'
          AND h.answered_at >= %s AND h.answered_at < %s
          AND (h.answered_at AT TIME ZONE 'Europe/Berlin')::date + 30 < %s
    """
    return _aggregate("planning_restart", facts, [*_bounds(first, last), today], aggregate="share")


@indicator(
    code="prerequisite_override",
    label=_("Maßnahmen trotz fehlender Voraussetzungen"),
    unit="%",
    kind="share",
)
def prerequisite_override(first, last, today):
    """Share of measures planned with a justification instead of met prerequisites, per
    measure type: the paper's "Qualifizierung vor Alphabetisierung". Counted: every measure in
    the month it was planned (created), under its measure type's field of action and the
    responsible institution; flagged when unmet prerequisites were recorded at planning.
    Excluded: nothing planned in the months shown is left out."""
    facts = """
        SELECT date_trunc('month', m.created_at AT TIME ZONE 'Europe/Berlin')::date AS month,
               t.name AS series, m.responsible_institution_id AS institution_id,
               ARRAY[t.field_of_action]::varchar[] AS fields, NULL::numeric AS value,
               cardinality(m.unmet_prerequisites) > 0 AS flag
        FROM cases_measure m JOIN cases_measuretype t ON t.id = m.measure_type_id
        WHERE m.created_at >= %s AND m.created_at < %s
    """
    return _aggregate("prerequisite_override", facts, _bounds(first, last), aggregate="share")


@indicator(
    code="waiting_days",
    label=_("Wartetage von der Planung bis zum Beginn"),
    unit=_("Tage"),
    kind="median",
)
def waiting_days(first, last, today):
    """Median calendar days from planning a measure (the day it was recorded) to its actual
    start, per measure type, in the month the measure started, under its type's field of
    action and the responsible institution. Excluded: measures not started yet, and measures
    whose recorded start lies before their planning (entered after the fact)."""
    facts = """
        SELECT date_trunc('month', m.actual_start)::date AS month,
               t.name AS series, m.responsible_institution_id AS institution_id,
               ARRAY[t.field_of_action]::varchar[] AS fields,
               (m.actual_start - (m.created_at AT TIME ZONE 'Europe/Berlin')::date)::numeric
                   AS value,
               false AS flag
        FROM cases_measure m JOIN cases_measuretype t ON t.id = m.measure_type_id
        WHERE m.actual_start >= %s AND m.actual_start < %s
          AND m.actual_start >= (m.created_at AT TIME ZONE 'Europe/Berlin')::date
    """
    return _aggregate("waiting_days", facts, _bounds(first, last), aggregate="median")


@indicator(
    code="abort_rate",
    label=_("Abbruchquote"),
    unit="%",
    kind="share",
)
def abort_rate(first, last, today):
    """Share of ended measures that were aborted, per measure type, in the month they ended
    (actual end; for an aborted measure without one, the day it was last changed), under the
    type's field of action and the responsible institution. Counted: measures completed or
    aborted. Excluded: measures planned, waiting or running."""
    facts = """
        SELECT date_trunc('month', coalesce(m.actual_end,
                   (m.updated_at AT TIME ZONE 'Europe/Berlin')::date))::date AS month,
               t.name AS series, m.responsible_institution_id AS institution_id,
               ARRAY[t.field_of_action]::varchar[] AS fields, NULL::numeric AS value,
               m.status = 'aborted' AS flag
        FROM cases_measure m JOIN cases_measuretype t ON t.id = m.measure_type_id
        WHERE m.status IN ('completed', 'aborted')
          AND coalesce(m.actual_end, (m.updated_at AT TIME ZONE 'Europe/Berlin')::date) >= %s
          AND coalesce(m.actual_end, (m.updated_at AT TIME ZONE 'Europe/Berlin')::date) < %s
    """
    return _aggregate("abort_rate", facts, _bounds(first, last), aggregate="share")


def _holidays_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    day, found = first, []
    while day <= last:
        if is_holiday(day):
            found.append(day)
        day += datetime.timedelta(days=1)
    return found


@indicator(
    code="handover_acceptance",
    label=_("Annahme einer Übergabe (Arbeitstage)"),
    unit=_("Arbeitstage"),
    kind="median",
)
def handover_acceptance(first, last, today):
    """Median working days (Monday to Friday without NRW public holidays, cases.workdays) from
    the request of a handover to its acceptance; the day of the request does not count, the day
    of acceptance does. Counted in the month of acceptance, under the receiving institution and
    the case's fields of action. Excluded: handovers not accepted (requested, declined,
    withdrawn)."""
    start, end = _bounds(first, last)
    holidays = _holidays_between(start - datetime.timedelta(days=400), end)
    facts = """
        SELECT date_trunc('month', h.answered_at AT TIME ZONE 'Europe/Berlin')::date AS month,
               '' AS series, h.to_institution_id AS institution_id, c.fields_of_action AS fields,
               (SELECT count(*) FROM generate_series(
                    (h.requested_at AT TIME ZONE 'Europe/Berlin')::date + 1,
                    (h.answered_at AT TIME ZONE 'Europe/Berlin')::date, interval '1 day') AS d
                WHERE extract(isodow FROM d) < 6 AND d::date <> ALL (%s::date[]))::numeric
                   AS value,
               false AS flag
        FROM cases_handover h JOIN cases_case c ON c.id = h.case_id
        WHERE h.status = 'accepted' AND h.answered_at >= %s AND h.answered_at < %s
    """
    return _aggregate("handover_acceptance", facts, [holidays, start, end], aggregate="median")


@indicator(
    code="cases_per_phase",
    label=_("Offene Fälle je Phase am Monatsende"),
    unit=_("Fälle"),
    kind="count",
    lower_is_better=False,
    has_total=True,
)
def cases_per_phase(first, last, today):
    """Open cases per phase of the case management cycle, by field of action and lead
    institution. A case's phase is kept only as it is now, so this is a snapshot of the current
    month (its last computation in a month stands as that month's end); earlier months keep the
    figures stored then. Excluded: closed cases."""
    facts = """
        SELECT %s::date AS month, c.phase AS series, c.lead_institution_id AS institution_id,
               c.fields_of_action AS fields, NULL::numeric AS value, false AS flag
        FROM cases_case c WHERE c.closed_on IS NULL
    """
    return _aggregate("cases_per_phase", facts, [last], aggregate="count")


@indicator(
    code="case_flow",
    label=_("Neue und abgeschlossene Fälle je Monat"),
    unit=_("Fälle"),
    kind="count",
    lower_is_better=False,
)
def case_flow(first, last, today):
    """Cases opened ("neu", by opening date) and cases closed ("abgeschlossen", by closing
    date) per month, by field of action and lead institution. Excluded: nothing; a case opened
    and closed in one month counts in both series."""
    facts = """
        SELECT date_trunc('month', c.opened_on)::date AS month, 'neu' AS series,
               c.lead_institution_id AS institution_id, c.fields_of_action AS fields,
               NULL::numeric AS value, false AS flag
        FROM cases_case c WHERE c.opened_on >= %s AND c.opened_on < %s
        UNION ALL
        SELECT date_trunc('month', c.closed_on)::date, 'abgeschlossen',
               c.lead_institution_id, c.fields_of_action, NULL::numeric, false
        FROM cases_case c WHERE c.closed_on >= %s AND c.closed_on < %s
    """
    bounds = _bounds(first, last)
    return _aggregate("case_flow", facts, [*bounds, *bounds], aggregate="count")


def phase_labels() -> dict[str, str]:
    """Phase names for the series of ``cases_per_phase`` (the page must not import models)."""
    from cases.models import Case

    return {value: str(label) for value, label in Case.Phase.choices}
