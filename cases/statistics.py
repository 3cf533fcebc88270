"""The only door through which other apps read about cases: aggregates, never a person.

Every figure that leaves this module has passed ``suppress``: a path, a count or a statistic
based on fewer than THRESHOLD cases is not given out (small counts could identify a person;
§35 SGB I, §67 SGB X, GDPR Art. 9). Callers receive None instead and say "weniger als 5".

Where a shown total would let a reader work a hidden cell out, a second cell of the same
row is hidden too (complementary suppression, ``suppress_row``); medians and shares are hidden
when fewer than THRESHOLD cases stand behind them.

Indicators are registered in ``INDICATORS``; each is one function whose docstring is its
definition (what is counted, from which event to which, which cases are excluded). Adding an
indicator (for example "days from the change of legal domain to SGB II to the first measure of
the Jobcenter", once the residence-status history exists) is one more ``@indicator`` function.
"""

import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from statistics import median

from django.db import connection
from django.db.models import Count, F, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models import Case, Handover, IntegrationPlan, Measure, MeasureType
from networks.models import Institution
from rheine_integration.base.workdays import is_holiday

# Statistical confidentiality: a cell of fewer than five persons could identify someone.
THRESHOLD = 5
HANDOVER_STEP = "handover"


def suppress(count: int | None) -> int | None:
    """The one place that decides whether a count may be shown: None (shown as "< 5") when
    it counts 1 to 4 persons; zero reveals nobody."""
    if count is None or 0 < count < THRESHOLD:
        return None
    return count


@dataclass
class ObservedStation:
    position: int
    step: str  # a measure type's name, or HANDOVER_STEP
    institution_kind: str  # the receiving institution's kind for a handover, else ""
    duration_quartiles: list[float] | None  # days: [Q1, median, Q3]
    wait_quartiles: list[float] | None  # days before the station (from opening for the first)
    aborted: int | None  # cases whose measure here was aborted
    restarted_planning: int | None  # handovers after which the receiver made a new plan


@dataclass
class ObservedPath:
    cases: int
    stations: list[ObservedStation] = field(default_factory=list)


def _tables() -> dict[str, str]:
    return {
        "case": Case._meta.db_table,
        "measure": Measure._meta.db_table,
        "measure_type": MeasureType._meta.db_table,
        "handover": Handover._meta.db_table,
        "plan": IntegrationPlan._meta.db_table,
        "institution": Institution._meta.db_table,
    }


# Each case's measures and accepted handovers in time order (window functions give the
# position and the wait after the previous station); cases with the same sequence share a
# path; only paths of at least THRESHOLD cases are kept, then each station's quartiles.
OBSERVED_PATHS_SQL = """
WITH chosen AS (
    SELECT id, opened_on FROM {case}
    WHERE opened_on BETWEEN %(start)s AND %(end)s
      AND (%(field)s = '' OR %(field)s = ANY(fields_of_action))
),
events AS (
    SELECT m.case_id, t.name AS step, '' AS kind,
           COALESCE(m.actual_start, m.planned_start) AS started,
           COALESCE(m.actual_end, m.planned_end) AS ended,
           m.status = 'aborted' AS aborted, false AS restarted
    FROM {measure} m
    JOIN chosen c ON c.id = m.case_id
    JOIN {measure_type} t ON t.id = m.measure_type_id
    WHERE COALESCE(m.actual_start, m.planned_start) IS NOT NULL
    UNION ALL
    SELECT h.case_id, %(handover)s, i.kind, h.requested_at::date, h.answered_at::date, false,
           EXISTS (
               SELECT 1 FROM {plan} p
               WHERE p.case_id = h.case_id AND p.institution_id = h.to_institution_id
                 AND p.agreed_on >= h.answered_at::date
           )
    FROM {handover} h
    JOIN chosen c ON c.id = h.case_id
    JOIN {institution} i ON i.id = h.to_institution_id
    WHERE h.status = 'accepted'
),
ordered AS (
    SELECT e.*,
           row_number() OVER w AS position,
           e.started - COALESCE(lag(e.ended) OVER w, c.opened_on) AS wait_days,
           e.ended - e.started AS duration_days
    FROM events e JOIN chosen c ON c.id = e.case_id
    WINDOW w AS (PARTITION BY e.case_id ORDER BY e.started, e.step, e.kind)
),
paths AS (
    SELECT case_id, array_agg(step || '|' || kind ORDER BY position) AS path
    FROM ordered GROUP BY case_id
),
frequent AS (
    SELECT path, count(*) AS cases FROM paths
    GROUP BY path HAVING count(*) >= %(threshold)s
    ORDER BY count(*) DESC, path LIMIT %(limit)s
)
SELECT f.path, f.cases, o.position, min(o.step), min(o.kind),
       count(o.duration_days),
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY o.duration_days),
       count(o.wait_days),
       percentile_cont(ARRAY[0.25, 0.5, 0.75]) WITHIN GROUP (ORDER BY o.wait_days),
       count(*) FILTER (WHERE o.aborted),
       count(*) FILTER (WHERE o.restarted)
FROM frequent f
JOIN paths p ON p.path = f.path
JOIN ordered o ON o.case_id = p.case_id
GROUP BY f.path, f.cases, o.position
ORDER BY f.cases DESC, f.path, o.position
"""


def observed_paths(
    *, start: datetime.date, end: datetime.date, field_of_action: str = "", limit: int = 10
) -> list[ObservedPath]:
    """The most frequent sequences of measure types and handovers of cases opened in the
    period, with each station's quartiles; paths and figures under THRESHOLD are left out."""
    sql = OBSERVED_PATHS_SQL.format(**_tables())
    params = {
        "start": start,
        "end": end,
        "field": field_of_action,
        "handover": HANDOVER_STEP,
        "threshold": THRESHOLD,
        "limit": limit,
    }
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    paths: dict[tuple, ObservedPath] = {}
    for path, cases, position, step, kind, n_dur, dur, n_wait, wait, aborted, restarted in rows:
        observed = paths.setdefault(tuple(path), ObservedPath(cases=suppress(cases)))
        observed.stations.append(
            ObservedStation(
                position=position,
                step=step,
                institution_kind=kind,
                duration_quartiles=_figures(dur) if suppress(n_dur) else None,
                wait_quartiles=_figures(wait) if suppress(n_wait) else None,
                aborted=suppress(aborted),
                restarted_planning=suppress(restarted),
            )
        )
    return list(paths.values())


def _figures(values) -> list[float]:
    return [round(float(v), 1) for v in values]


@dataclass
class HandoverEdge:
    source: int  # institution ids: institutions are no persons
    target: int
    count: int | None  # None: fewer than THRESHOLD handovers (the edge is shown, not its number)


@dataclass
class InstitutionFlow:
    institution: int
    handovers_in: int | None
    handovers_out: int | None
    median_days_to_accept: float | None


NETWORK_SQL = """
SELECT h.from_institution_id, h.to_institution_id, count(*)
FROM {handover} h JOIN {case} c ON c.id = h.case_id
WHERE h.requested_at::date BETWEEN %(start)s AND %(end)s
  AND (%(field)s = '' OR %(field)s = ANY(c.fields_of_action))
GROUP BY 1, 2
"""

FLOW_SQL = """
WITH chosen AS (
    SELECT h.* FROM {handover} h JOIN {case} c ON c.id = h.case_id
    WHERE h.requested_at::date BETWEEN %(start)s AND %(end)s
      AND (%(field)s = '' OR %(field)s = ANY(c.fields_of_action))
), flows AS (
    SELECT to_institution_id AS institution, 1 AS incoming, 0 AS outgoing,
           CASE WHEN status = 'accepted'
                THEN extract(epoch FROM answered_at - requested_at) / 86400 END AS days
    FROM chosen
    UNION ALL
    SELECT from_institution_id, 0, 1, NULL FROM chosen
)
SELECT institution, sum(incoming), sum(outgoing), count(days),
       percentile_cont(0.5) WITHIN GROUP (ORDER BY days)
FROM flows GROUP BY institution
"""


def _network_params(start, end, field_of_action) -> dict:
    return {"start": start, "end": end, "field": field_of_action}


def handover_network(
    *, start: datetime.date, end: datetime.date, field_of_action: str = ""
) -> tuple[list[HandoverEdge], list[InstitutionFlow]]:
    """Handovers (and referrals, a kind of handover) between institutions requested in the
    period: directed edges with their counts, and each institution's flows in and out."""
    params = _network_params(start, end, field_of_action)
    with connection.cursor() as cursor:
        cursor.execute(NETWORK_SQL.format(**_tables()), params)
        edges = [HandoverEdge(a, b, suppress(n)) for a, b, n in cursor.fetchall()]
        cursor.execute(FLOW_SQL.format(**_tables()), params)
        flows = [
            InstitutionFlow(
                institution=pk,
                handovers_in=suppress(incoming),
                handovers_out=suppress(outgoing),
                median_days_to_accept=round(float(median), 1) if suppress(accepted) else None,
            )
            for pk, incoming, outgoing, accepted, median in cursor.fetchall()
        ]
    return edges, flows


# --- Course seats (issue 22.6) ----------------------------------------------------------------


@dataclass(frozen=True)
class CourseCell:
    """One row of a course figure: measure type and provider, with its values (None where
    suppressed)."""

    measure_type: str
    provider: str
    values: dict


def _end_of_day(day: datetime.date) -> datetime.datetime:
    tz = timezone.get_current_timezone()
    return datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time(), tz)


def course_waiting_days(since: datetime.date, until: datetime.date) -> list[CourseCell]:
    """Days from the request of a seat to the start of attendance, for starts in the period:
    participants, median and mean days per measure type and provider (fewer than five
    participants: no figures)."""
    from cases.models import SeatBooking

    rows = SeatBooking.objects.filter(
        started_on__gte=since, started_on__lte=until, started_on__isnull=False
    ).values_list(
        "offer__measure_type__name", "offer__provider__name", "requested_at", "started_on"
    )
    groups: dict[tuple[str, str], list[int]] = {}
    tz = timezone.get_current_timezone()
    for kind, provider, requested_at, started_on in rows:
        waited = (started_on - requested_at.astimezone(tz).date()).days
        groups.setdefault((kind, provider), []).append(max(waited, 0))
    cells = []
    for (kind, provider), waits in sorted(groups.items()):
        shown = suppress(len(waits)) is not None
        cells.append(
            CourseCell(
                kind,
                provider,
                {
                    "participants": suppress(len(waits)),
                    "median_days": median(waits) if shown else None,
                    "mean_days": round(sum(waits) / len(waits), 1) if shown else None,
                },
            )
        )
    return cells


def course_seats_offered_and_taken(since: datetime.date, until: datetime.date) -> list[CourseCell]:
    """For offers starting in the period: seats offered and seats taken (confirmed or started)
    per measure type and provider; the taken count is suppressed below five."""
    from cases.models import CourseOffer, SeatBooking

    taken_statuses = [SeatBooking.Status.CONFIRMED, SeatBooking.Status.STARTED]
    offers = (
        CourseOffer.objects.filter(starts_on__gte=since, starts_on__lte=until)
        .values("measure_type__name", "provider__name")
        .annotate(
            seats_offered=Coalesce(Sum("seats", distinct=False), 0),
            offers=Count("pk", distinct=True),
        )
        .order_by("measure_type__name", "provider__name")
    )
    taken = dict(
        (
            (row["offer__measure_type__name"], row["offer__provider__name"]),
            row["n"],
        )
        for row in SeatBooking.objects.filter(
            offer__starts_on__gte=since,
            offer__starts_on__lte=until,
            status__in=taken_statuses,
        )
        .values("offer__measure_type__name", "offer__provider__name")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return [
        CourseCell(
            row["measure_type__name"],
            row["provider__name"],
            {
                "offers": row["offers"],
                "seats_offered": row["seats_offered"],
                "seats_taken": suppress(
                    taken.get((row["measure_type__name"], row["provider__name"]), 0)
                ),
            },
        )
        for row in offers
    ]


def course_waiting_list_lengths(month_ends: list[datetime.date]) -> dict[datetime.date, list]:
    """Persons on a waiting list at the end of each given day (month ends), per measure type
    and provider, suppressed below five. A booking waits from its request until it is given
    a seat or leaves the list."""
    from cases.models import SeatBooking

    result = {}
    for day in month_ends:
        at = _end_of_day(day)
        left = Coalesce(F("seat_since"), F("ended_at"))
        rows = (
            SeatBooking.objects.alias(left_at=left)
            .filter(requested_at__lt=at)
            .filter(Q(left_at__isnull=True) | Q(left_at__gte=at))
            .values("offer__measure_type__name", "offer__provider__name")
            .annotate(n=Count("pk"))
            .order_by("offer__measure_type__name", "offer__provider__name")
        )
        result[day] = [
            CourseCell(
                row["offer__measure_type__name"],
                row["offer__provider__name"],
                {"waiting": suppress(row["n"])},
            )
            for row in rows
        ]
    return result


# --- The steering group's indicators (issue 21) ----------------------------------------

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
    return 0 < count < THRESHOLD


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
            _hide(row) if row.base < THRESHOLD and row.value is not None else row for row in rows
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
    """  # noqa: S608  # nosec B608 - only constants are formatted in; values are parameters
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
    """Median working days (Monday to Friday without NRW public holidays, rheine_integration.base.workdays) from
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


# --- The coordinator's start page -------------------------------------------------------------


def open_case_count() -> int:
    return Case.objects.open().count()


def overridden_measures_by_type() -> QuerySet:
    """Measures planned although the assessment did not meet their prerequisites (the
    justification is kept and counted), by measure type; a rising figure points at missing
    courses. Rows: measure_type__name, count."""
    return (
        Measure.objects.exclude(unmet_prerequisites=[])
        .values("measure_type__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "measure_type__name")
    )
