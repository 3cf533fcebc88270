"""Finders of the daily reminder job: one function per kind of reminder.

Each takes the working day it runs for and returns ``Finding``s; each makes a constant number
of queries whatever the amount of data (one for the rows, at most one for the recipients).
They look at everything due *on or before* the day, so a day the job missed is caught up the
next time it runs; the unique key of Notification keeps what was already found from
appearing twice. Findings carry ids and dates only, never personal data.
"""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db.models import DateField, Exists, F, Max, Min, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from cases.models import (
    Case,
    Consent,
    CourseOffer,
    FollowUp,
    Handover,
    Measure,
    Note,
    NotificationKind,
    RecognitionProcedure,
    SeatBooking,
)
from networks.models import Membership, Role
from rheine_integration.base import workdays

Kind = NotificationKind
ONGOING_MEASURE = [Measure.Status.PLANNED, Measure.Status.WAITING, Measure.Status.RUNNING]


@dataclass(frozen=True)
class Finding:
    user_id: int
    kind: str
    case_id: int
    object_type: str
    object_id: int
    day: datetime.date  # the date the reminder is about (part of the unique key)


def _days(count: int) -> datetime.timedelta:
    return datetime.timedelta(days=count)


def _active_members(institution_ids, role: str) -> dict[int, list[int]]:
    """institution id -> ids of active users with ``role`` there (one query)."""
    members: dict[int, list[int]] = {}
    rows = Membership.objects.filter(
        institution_id__in=set(institution_ids), roles__contains=[role], user__is_active=True
    ).values_list("institution_id", "user_id")
    for institution_id, user_id in rows:
        members.setdefault(institution_id, []).append(user_id)
    return members


def follow_ups_due(today: datetime.date) -> list[Finding]:
    """Wiedervorlagen due today or overdue, for their assignee."""
    rows = (
        FollowUp.objects.due_by(today)
        .filter(case__closed_on__isnull=True, assignee__is_active=True)
        .values_list("pk", "case_id", "assignee_id", "due_on")
    )
    return [
        Finding(user, Kind.FOLLOW_UP_DUE, case, "followup", pk, due) for pk, case, user, due in rows
    ]


def measures_ending(today: datetime.date) -> list[Finding]:
    """Measures ending within REMINDER_MEASURE_END_DAYS (or already past their planned end
    while still ongoing) with no next measure planned, for the case manager."""
    horizon = today + _days(settings.REMINDER_MEASURE_END_DAYS)
    next_step = Measure.objects.filter(
        case_id=OuterRef("case_id"), status__in=ONGOING_MEASURE
    ).filter(
        ~Q(pk=OuterRef("pk")),
        Q(planned_end__isnull=True) | Q(planned_end__gt=OuterRef("planned_end")),
    )
    rows = (
        Measure.objects.filter(
            status__in=ONGOING_MEASURE,
            planned_end__lte=horizon,
            case__closed_on__isnull=True,
            case__case_manager__is_active=True,
        )
        .filter(~Exists(next_step))
        .values_list("pk", "case_id", "case__case_manager_id", "planned_end")
    )
    return [
        Finding(user, Kind.MEASURE_ENDING, case, "measure", pk, end) for pk, case, user, end in rows
    ]


def _consent_rows(queryset):
    return queryset.filter(
        withdrawn_on__isnull=True,
        grants__isnull=False,
        person__cases__closed_on__isnull=True,
        person__cases__case_manager__is_active=True,
    ).values_list("pk", "person__cases__id", "person__cases__case_manager_id", "valid_until")


def consents_expiring(today: datetime.date) -> list[Finding]:
    """Consents (§67b SGB X) that end within REMINDER_CONSENT_EXPIRY_DAYS, for the case manager
    of the person's open case: a new consent must be signed before sharing stops."""
    horizon = today + _days(settings.REMINDER_CONSENT_EXPIRY_DAYS)
    rows = _consent_rows(Consent.objects.filter(valid_until__gte=today, valid_until__lte=horizon))
    return [
        Finding(user, Kind.CONSENT_EXPIRING, case, "consent", pk, until)
        for pk, case, user, until in set(rows)
    ]


def consents_expired(today: datetime.date) -> list[Finding]:
    """Consents that have ended (access is revoked by services.expire_consents), reported for
    up to REMINDER_CONSENT_EXPIRY_DAYS after the end so that a missed day is caught up."""
    since = today - _days(settings.REMINDER_CONSENT_EXPIRY_DAYS)
    rows = _consent_rows(Consent.objects.filter(valid_until__lt=today, valid_until__gte=since))
    return [
        Finding(user, Kind.CONSENT_EXPIRED, case, "consent", pk, until + _days(1))
        for pk, case, user, until in set(rows)
    ]


def residence_permits_expiring(today: datetime.date) -> list[Finding]:
    """Residence titles ending within REMINDER_RESIDENCE_EXPIRY_DAYS (or already ended), for
    the case manager of the open case: an extension must be applied for in time (§81 AufenthG)."""
    horizon = today + _days(settings.REMINDER_RESIDENCE_EXPIRY_DAYS)
    rows = (
        Case.objects.open()
        .filter(
            person__residence_expires_on__lte=horizon,
            person__anonymised_at__isnull=True,
            case_manager__is_active=True,
        )
        .values_list("person_id", "pk", "case_manager_id", "person__residence_expires_on")
    )
    return [
        Finding(user, Kind.RESIDENCE_EXPIRING, case, "person", person, expires)
        for person, case, user, expires in rows
    ]


def handovers_unanswered(today: datetime.date) -> list[Finding]:
    """Handovers still open after REMINDER_HANDOVER_WORKING_DAYS working days: to the
    requester and to the case managers of the receiving institution."""
    count = settings.REMINDER_HANDOVER_WORKING_DAYS
    latest = workdays.latest_start_with_deadline_before(today, count)
    rows = list(
        Handover.objects.filter(
            status=Handover.Status.REQUESTED, requested_at__date__lte=latest
        ).values_list("pk", "case_id", "requested_by_id", "to_institution_id", "requested_at")
    )
    receivers = _active_members({row[3] for row in rows}, Role.CASE_MANAGER)
    tz = timezone.get_current_timezone()
    findings = []
    for pk, case, requester, to_institution, requested_at in rows:
        deadline = workdays.add_working_days(requested_at.astimezone(tz).date(), count)
        for user in {requester, *receivers.get(to_institution, [])}:
            findings.append(Finding(user, Kind.HANDOVER_UNANSWERED, case, "handover", pk, deadline))
    return findings


def cases_without_contact(today: datetime.date) -> list[Finding]:
    """Open cases with no contact (a Note of kind CONTACT) for REMINDER_NO_CONTACT_DAYS days,
    counted from the last contact or, without any, from the opening of the case."""
    period = _days(settings.REMINDER_NO_CONTACT_DAYS)
    rows = (
        Case.objects.open()
        .filter(case_manager__is_active=True)
        .annotate(
            last_contact=Coalesce(
                Max("notes__occurred_on", filter=Q(notes__kind=Note.Kind.CONTACT)),
                F("opened_on"),
                output_field=DateField(),
            )
        )
        .filter(last_contact__lte=today - period)
        .values_list("pk", "case_manager_id", "last_contact")
    )
    return [
        Finding(user, Kind.NO_CONTACT, pk, "case", pk, last + period) for pk, user, last in rows
    ]


def retention_ended(today: datetime.date) -> list[Finding]:
    """Closed cases whose retention period (RETENTION_YEARS_AFTER_CLOSING) has ended, for the
    coordinators of the lead institution; the data-protection job acts on them."""
    years = settings.RETENTION_YEARS_AFTER_CLOSING
    rows = list(
        Case.objects.closed()
        .filter(
            closed_on__lte=workdays.years_before(today, years),
            person__anonymised_at__isnull=True,
        )
        .values_list("pk", "lead_institution_id", "closed_on")
    )
    coordinators = _active_members({row[1] for row in rows}, Role.COORDINATOR)
    return [
        Finding(user, Kind.RETENTION_ENDED, pk, "case", pk, workdays.years_after(closed, years))
        for pk, institution, closed in rows
        for user in coordinators.get(institution, [])
    ]


def recognitions_waiting(today: datetime.date) -> list[Finding]:
    """Recognition procedures applied for REMINDER_RECOGNITION_WAITING_DAYS days ago or more
    and still without a decision, for the case manager of the open case."""
    period = _days(settings.REMINDER_RECOGNITION_WAITING_DAYS)
    rows = RecognitionProcedure.objects.filter(
        outcome=RecognitionProcedure.Outcome.PENDING,
        applied_on__lte=today - period,
        case__closed_on__isnull=True,
        case__case_manager__is_active=True,
    ).values_list("pk", "case_id", "case__case_manager_id", "applied_on")
    return [
        Finding(user, Kind.RECOGNITION_WAITING, case, "recognitionprocedure", pk, applied + period)
        for pk, case, user, applied in rows
    ]


def _booking_rows(queryset, day_field: str):
    return queryset.filter(
        measure__case__closed_on__isnull=True, measure__case__case_manager__is_active=True
    ).values_list("pk", "measure__case_id", "measure__case__case_manager_id", day_field)


def seat_offers_open(today: datetime.date) -> list[Finding]:
    """Seats offered from a waiting list and not yet accepted: the case manager must answer by
    the deadline (the daily job passes an unanswered seat to the next the day after)."""
    rows = _booking_rows(
        SeatBooking.objects.filter(status=SeatBooking.Status.OFFERED, offer_deadline__gte=today),
        "offer_deadline",
    )
    return [
        Finding(user, Kind.SEAT_OFFER_OPEN, case, "seatbooking", pk, deadline)
        for pk, case, user, deadline in rows
    ]


def courses_starting(today: datetime.date) -> list[Finding]:
    """Confirmed seats in courses that start within the next seven days."""
    rows = _booking_rows(
        SeatBooking.objects.filter(
            status=SeatBooking.Status.CONFIRMED,
            offer__starts_on__gt=today,
            offer__starts_on__lte=today + _days(7),
        ),
        "offer__starts_on",
    )
    return [
        Finding(user, Kind.COURSE_STARTING, case, "seatbooking", pk, starts)
        for pk, case, user, starts in rows
    ]


def free_seats_elsewhere(today: datetime.date) -> list[Finding]:
    """People on a waiting list while another offer of the same measure type, open for entry,
    has free seats and nobody waiting: their case manager may move them. Keyed by the start
    of the earliest such offer, so each new free offer reminds once."""
    nobody_waiting = ~Exists(
        SeatBooking.objects.filter(offer_id=OuterRef("pk"), status=SeatBooking.Status.WAITING)
    )
    free = (
        CourseOffer.objects.open_for_entry(today)
        .filter(
            measure_type_id=OuterRef("offer__measure_type_id"),
            seats_taken__lt=F("seats"),
        )
        .exclude(pk=OuterRef("offer_id"))
        .filter(nobody_waiting)
        .order_by()
        .values("measure_type_id")
        .annotate(first=Min("starts_on"))
        .values("first")
    )
    rows = _booking_rows(
        SeatBooking.objects.filter(status=SeatBooking.Status.WAITING)
        .annotate(free_from=Subquery(free[:1]))
        .filter(free_from__isnull=False),
        "free_from",
    )
    return [
        Finding(user, Kind.FREE_SEATS_ELSEWHERE, case, "seatbooking", pk, start)
        for pk, case, user, start in rows
    ]


FINDERS = [
    follow_ups_due,
    measures_ending,
    consents_expiring,
    consents_expired,
    residence_permits_expiring,
    handovers_unanswered,
    cases_without_contact,
    retention_ended,
    recognitions_waiting,
    seat_offers_open,
    courses_starting,
    free_seats_elsewhere,
]
