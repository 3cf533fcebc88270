"""Course offers, seats and waiting lists: every write goes through here.

Who holds a seat changes only in this module, and always after ``SELECT ... FOR UPDATE`` on
the offer row: two case managers booking the last seat at the same moment are served one
after the other, and the database refuses a second holder of a seat number or more held seats
than seats (cases.models.course) should a path ever skip the lock.

Waiting list order (documented for the network): requests are served in the order they were
made. If the network sets COURSE_WAITING_LIST_PRIORITY = "obligation", persons obliged to
attend (§ 44a AufenthG) come before the others; among equals the order of request decides,
and requests of the same instant keep the order in which they were saved.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import services
from cases.models import Consent, CourseOffer, Measure, Scope, SeatBooking
from cases.prerequisites import Missing
from networks.models import User
from rheine_integration.base import audit, workdays

Status = SeatBooking.Status


class CourseRuleError(services.CaseRuleError):
    """A seat rule refused the action; the message is German and meant for the user."""


# --- Reads ------------------------------------------------------------------------------------


def matching_offers(
    measure: Measure, *, today: datetime.date, place: str = "", day: str = ""
) -> QuerySet[CourseOffer]:
    """Offers of the measure's type still open for entry, by start date, with the length of
    their waiting list; ``place`` and ``day`` narrow by text (e.g. "Rheine", "Mo")."""
    offers = (
        CourseOffer.objects.open_for_entry(today)
        .filter(measure_type_id=measure.measure_type_id)
        .select_related("provider")
        .annotate(waiting=Count("bookings", filter=Q(bookings__status=Status.WAITING)))
        .order_by("starts_on", "pk")
    )
    if place.strip():
        offers = offers.filter(place__icontains=place.strip())
    if day.strip():
        offers = offers.filter(days__icontains=day.strip())
    return offers


def queue(offer: CourseOffer) -> QuerySet[SeatBooking]:
    """The offer's waiting list in the order it is served."""
    return offer.bookings.filter(status=Status.WAITING).order_by("-priority", "requested_at", "pk")


def waiting_position(booking: SeatBooking) -> tuple[int, int]:
    """(position, length) of a booking on its offer's waiting list."""
    ids = list(queue(booking.offer).values_list("pk", flat=True))
    return ids.index(booking.pk) + 1, len(ids)


def position_explained(booking: SeatBooking) -> str:
    """Why the booking stands where it does, in German for the case manager."""
    position, length = waiting_position(booking)
    text = _(
        "Platz %(position)s von %(length)s auf der Warteliste: in der Reihenfolge der Anfragen "
        "(angefragt am %(at)s)."
    ) % {
        "position": position,
        "length": length,
        "at": timezone.localtime(booking.requested_at).strftime("%d.%m.%Y %H:%M"),
    }
    if booking.priority:
        text += " " + _("Vorgezogen: Teilnahmeverpflichtung nach § 44a AufenthG.")
    return text


def has_course_consent(measure: Measure, offer: CourseOffer, *, day: datetime.date) -> bool:
    """A valid consent of the person names the offer's provider with the course scope."""
    return (
        Consent.objects.valid_on(day)
        .filter(
            person_id=measure.case.person_id,
            grants__institution_id=offer.provider_id,
            grants__scopes__contains=[Scope.COURSE],
        )
        .exists()
    )


# --- Offers -------------------------------------------------------------------------------


@transaction.atomic
def save_offer(*, offer: CourseOffer, by: User) -> CourseOffer:
    """Create or change an offer of the user's institution; more seats go to the waiting list."""
    if offer.ends_on < offer.starts_on:
        raise CourseRuleError(_("Das Ende liegt vor dem Beginn."))
    if offer.pk is None:
        offer.provider, offer.created_by = by.institution, by
        offer.save()
        audit.record(by, audit.Action.CREATE, offer)
        return offer
    current = CourseOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.seats < current.seats_taken:
        raise CourseRuleError(
            _("Es sind schon %(taken)s Plätze vergeben; weniger Plätze sind nicht möglich.")
            % {"taken": current.seats_taken}
        )
    offer.seats_taken = current.seats_taken
    offer.save()
    audit.record(by, audit.Action.CHANGE, offer)
    _offer_free_seats(offer, today=timezone.localdate(), by=by)
    return offer


# --- Seats ------------------------------------------------------------------------------------


def _locked(offer: CourseOffer) -> CourseOffer:
    return CourseOffer.objects.select_for_update().get(pk=offer.pk)


def _take_seat(offer: CourseOffer, booking: SeatBooking, status: str) -> None:
    """Give the booking the lowest free seat number; ``offer`` is locked by the caller."""
    held = set(
        offer.bookings.filter(seat_number__isnull=False).values_list("seat_number", flat=True)
    )
    booking.seat_number = min(n for n in range(1, offer.seats + 1) if n not in held)
    booking.status, booking.seat_since = status, timezone.now()
    offer.seats_taken += 1
    CourseOffer.objects.filter(pk=offer.pk).update(seats_taken=F("seats_taken") + 1)


def _release_seat(offer: CourseOffer, booking: SeatBooking, status: str) -> None:
    if booking.seat_number is not None:
        offer.seats_taken -= 1
        CourseOffer.objects.filter(pk=offer.pk).update(seats_taken=F("seats_taken") - 1)
    booking.seat_number, booking.status, booking.ended_at = None, status, timezone.now()


def _offer_free_seats(offer: CourseOffer, *, today: datetime.date, by: User | None) -> None:
    """Offer each free seat to the first on the waiting list, with a deadline to accept."""
    deadline = workdays.add_working_days(today, settings.COURSE_OFFER_ANSWER_WORKING_DAYS)
    while offer.free_seats > 0:
        first = queue(offer).select_for_update().first()
        if first is None:
            return
        _take_seat(offer, first, Status.OFFERED)
        first.offer_deadline = deadline
        first.save()
        audit.record(by, audit.Action.CHANGE, first, case=first.measure.case, detail="seat offered")


def _priority(obligated: bool) -> int:
    return 1 if obligated and settings.COURSE_WAITING_LIST_PRIORITY == "obligation" else 0


@transaction.atomic
def request_seat(
    *,
    measure: Measure,
    offer: CourseOffer,
    by: User,
    justification: str = "",
    obligated: bool = False,
    consent_signed_on: datetime.date | None = None,
    consent_valid_until: datetime.date | None = None,
) -> SeatBooking:
    """Reserve a free seat for a planned measure, else join the offer's waiting list."""
    case = measure.case
    if offer.measure_type_id != measure.measure_type_id:
        raise CourseRuleError(_("Das Angebot passt nicht zur Maßnahmeart."))
    missing: list[Missing] = services.check_measure(case, measure.measure_type)
    if missing and not justification.strip():
        raise services.PrerequisitesNotMet(missing)
    today = timezone.localdate()
    if not has_course_consent(measure, offer, day=today):
        if consent_signed_on is None:
            raise CourseRuleError(
                _(
                    "Für den Kursanbieter liegt keine gültige Einwilligung mit dem Bereich "
                    "„Kurs“ vor. Bitte das Datum der Unterschrift angeben."
                )
            )
        services.record_consent(
            case=case,
            signed_on=consent_signed_on,
            valid_until=consent_valid_until,
            grants={offer.provider_id: [Scope.COURSE]},
            by=by,
        )
    offer = _locked(offer)
    if offer.bookings.filter(measure=measure, status__in=SeatBooking.ACTIVE).exists():
        raise CourseRuleError(_("Für diese Maßnahme besteht schon eine Anfrage in diesem Kurs."))
    booking = SeatBooking(
        offer=offer,
        measure=measure,
        status=Status.WAITING,
        priority=_priority(obligated),
        obligated=obligated,
        requested_at=timezone.now(),
        requested_by=by,
        requested_by_institution=by.institution,
        unmet_prerequisites=[str(m) for m in missing],
        justification=justification.strip() if missing else "",
    )
    # Free seats go to the waiting list first, never past someone already waiting.
    if offer.free_seats > 0 and not queue(offer).exists():
        _take_seat(offer, booking, Status.RESERVED)
    booking.save()
    audit.record(by, audit.Action.CREATE, booking, case=case, detail=booking.status)
    services.touch(case)
    return booking


def _reload(booking: SeatBooking) -> tuple[CourseOffer, SeatBooking]:
    offer = _locked(booking.offer)
    return offer, SeatBooking.objects.select_for_update().get(pk=booking.pk)


def _refuse_unless(booking: SeatBooking, *statuses: str) -> None:
    if booking.status not in statuses:
        raise CourseRuleError(
            _("Das ist im Status „%(status)s“ nicht möglich.")
            % {"status": booking.get_status_display()}
        )


@transaction.atomic
def accept_offered_seat(booking: SeatBooking, *, by: User) -> SeatBooking:
    """The case manager takes the seat offered from the waiting list; the provider confirms."""
    _offer, booking = _reload(booking)
    _refuse_unless(booking, Status.OFFERED)
    booking.status, booking.offer_deadline = Status.RESERVED, None
    booking.save()
    audit.record(by, audit.Action.CHANGE, booking, case=booking.measure.case, detail="accepted")
    return booking


@transaction.atomic
def confirm_booking(booking: SeatBooking, *, by: User) -> SeatBooking:
    """The provider confirms a reserved seat: the measure waits for the course's start."""
    offer, booking = _reload(booking)
    _refuse_unless(booking, Status.RESERVED)
    booking.status, booking.confirmed_at = Status.CONFIRMED, timezone.now()
    booking.save()
    measure = booking.measure
    measure.status = Measure.Status.WAITING
    measure.planned_start, measure.planned_end = offer.starts_on, offer.ends_on
    measure.provider = offer.provider.name
    measure.version += 1
    measure.save()
    audit.record(by, audit.Action.CHANGE, booking, case=measure.case, detail="confirmed")
    services.touch(measure.case)
    return booking


@transaction.atomic
def record_start(booking: SeatBooking, *, started_on: datetime.date, by: User) -> SeatBooking:
    """The provider records the participant's first day: the measure is running."""
    offer, booking = _reload(booking)
    _refuse_unless(booking, Status.CONFIRMED)
    if started_on < offer.starts_on:
        raise CourseRuleError(_("Der Teilnahmebeginn liegt vor dem Kursbeginn."))
    booking.status, booking.started_on = Status.STARTED, started_on
    booking.save()
    measure = booking.measure
    measure.status, measure.actual_start = Measure.Status.RUNNING, started_on
    measure.version += 1
    measure.save()
    audit.record(by, audit.Action.CHANGE, booking, case=measure.case, detail="started")
    services.touch(measure.case)
    return booking


@transaction.atomic
def decline_booking(booking: SeatBooking, *, reason: str, by: User) -> SeatBooking:
    """The provider declines a request (with reason); a freed seat goes to the waiting list."""
    if not reason.strip():
        raise CourseRuleError(_("Bitte einen Grund für die Ablehnung angeben."))
    offer, booking = _reload(booking)
    _refuse_unless(booking, Status.RESERVED, Status.WAITING)
    _release_seat(offer, booking, Status.DECLINED)
    booking.decline_reason = reason.strip()
    booking.save()
    audit.record(by, audit.Action.CHANGE, booking, case=booking.measure.case, detail="declined")
    _offer_free_seats(offer, today=timezone.localdate(), by=by)
    return booking


@transaction.atomic
def cancel_booking(booking: SeatBooking, *, by: User) -> SeatBooking:
    """A cancellation (by case manager or provider) frees the seat for the waiting list."""
    offer, booking = _reload(booking)
    _refuse_unless(booking, *SeatBooking.ACTIVE)
    _release_seat(offer, booking, Status.CANCELLED)
    booking.offer_deadline = None
    booking.save()
    measure = booking.measure
    if measure.status == Measure.Status.WAITING:
        measure.status = Measure.Status.PLANNED
        measure.version += 1
        measure.save()
    audit.record(by, audit.Action.CHANGE, booking, case=measure.case, detail="cancelled")
    _offer_free_seats(offer, today=timezone.localdate(), by=by)
    return booking


def pass_on_lapsed_offers(*, today: datetime.date) -> int:
    """Seats offered and not accepted by their deadline pass to the next on the waiting list.
    Daily; safe twice (a lapsed booking is no longer OFFERED). One transaction per offer."""
    offer_ids = set(
        SeatBooking.objects.filter(status=Status.OFFERED, offer_deadline__lt=today).values_list(
            "offer_id", flat=True
        )
    )
    count = 0
    for offer_id in sorted(offer_ids):
        with transaction.atomic():
            offer = CourseOffer.objects.select_for_update().get(pk=offer_id)
            lapsed = offer.bookings.select_for_update().filter(
                status=Status.OFFERED, offer_deadline__lt=today
            )
            for booking in lapsed:
                _release_seat(offer, booking, Status.LAPSED)
                booking.save()
                audit.record(
                    None, audit.Action.CHANGE, booking, case=booking.measure.case, detail="lapsed"
                )
                count += 1
            _offer_free_seats(offer, today=today, by=None)
    return count
