"""Aggregate figures about cases: the only door other apps (steering, networks' pictures) use
to read about cases. Only counts, durations and rates leave this module, never rows of
persons, and every count of persons below SMALL_COUNT_THRESHOLD is suppressed here.
"""

import datetime
from dataclasses import dataclass
from statistics import median

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

# Statistical confidentiality: a cell of fewer than five persons could identify someone.
SMALL_COUNT_THRESHOLD = 5


def suppress(count: int | None) -> int | None:
    """The count, or None (shown as "< 5") when it counts 1 to 4 persons."""
    if count is None or 0 < count < SMALL_COUNT_THRESHOLD:
        return None
    return count


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
