"""The only door through which other apps read about cases: aggregates, never a person.

Every figure that leaves this module has passed ``suppress``: a path, a count or a statistic
based on fewer than THRESHOLD cases is not given out (small counts could identify a person;
§35 SGB I, §67 SGB X, GDPR Art. 9). Callers receive None instead and say "weniger als 5".
"""

import datetime
from dataclasses import dataclass, field
from statistics import median

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import Case, Handover, IntegrationPlan, Measure, MeasureType
from networks.models import Institution

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
