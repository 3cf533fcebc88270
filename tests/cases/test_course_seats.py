"""Seat accounting: reserve, confirm, cancel, offer to the next, deadline passes to the next;
never more holders than seats, also when several processes book at once."""

import datetime
import multiprocessing

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from cases import courses, services
from cases.models import CourseOffer, Measure, SeatBooking
from tests.cases import course_world as w

pytestmark = pytest.mark.django_db
Status = SeatBooking.Status


@pytest.fixture
def vhs(db):
    return w.provider()


@pytest.fixture
def vhs_staff(vhs):
    return w.provider_staff(vhs)


@pytest.fixture
def alpha(vhs, vhs_staff):
    return w.offer(vhs, vhs_staff, w.literacy_type(), seats=2)


def _measures(count, sozialamt, by, vhs):
    return [
        w.planned_measure(sozialamt, by, w.literacy_type(), consent_to=vhs) for _ in range(count)
    ]


def _book(measure, offer, by, **kwargs):
    return courses.request_seat(measure=measure, offer=offer, by=by, **kwargs)


def test_free_seats_are_reserved_then_the_waiting_list_grows_in_request_order(
    alpha, sozialamt, sozialamt_case_manager, vhs
):
    first, second, third, fourth = _measures(4, sozialamt, sozialamt_case_manager, vhs)
    bookings = [_book(m, alpha, sozialamt_case_manager) for m in (first, second, third, fourth)]

    assert [b.status for b in bookings] == [Status.RESERVED, Status.RESERVED] + [Status.WAITING] * 2
    alpha.refresh_from_db()
    assert (alpha.seats_taken, alpha.free_seats) == (2, 0)
    assert [b.pk for b in courses.queue(alpha)] == [bookings[2].pk, bookings[3].pk]
    assert courses.waiting_position(bookings[3]) == (2, 2)
    assert "Platz 2 von 2 auf der Warteliste" in courses.position_explained(bookings[3])


def test_confirm_sets_the_measure_waiting_with_the_course_dates_and_start_makes_it_running(
    alpha, sozialamt, sozialamt_case_manager, vhs, vhs_staff
):
    (measure,) = _measures(1, sozialamt, sozialamt_case_manager, vhs)
    booking = _book(measure, alpha, sozialamt_case_manager)

    courses.confirm_booking(booking, by=vhs_staff)
    measure.refresh_from_db()
    assert measure.status == Measure.Status.WAITING
    assert (measure.planned_start, measure.planned_end) == (alpha.starts_on, alpha.ends_on)
    assert measure.provider == "Volkshochschule Rheine"

    with pytest.raises(courses.CourseRuleError, match="vor dem Kursbeginn"):
        courses.record_start(
            booking, started_on=alpha.starts_on - datetime.timedelta(1), by=vhs_staff
        )
    courses.record_start(booking, started_on=alpha.starts_on, by=vhs_staff)
    measure.refresh_from_db()
    assert (measure.status, measure.actual_start) == (Measure.Status.RUNNING, alpha.starts_on)


def test_cancellation_offers_the_seat_to_the_first_waiting_with_a_deadline(
    alpha, sozialamt, sozialamt_case_manager, vhs, vhs_staff
):
    a, b, c, d = _measures(4, sozialamt, sozialamt_case_manager, vhs)
    held = _book(a, alpha, sozialamt_case_manager)
    _book(b, alpha, sozialamt_case_manager)
    waiting_first = _book(c, alpha, sozialamt_case_manager)
    waiting_second = _book(d, alpha, sozialamt_case_manager)

    courses.cancel_booking(held, by=vhs_staff)

    waiting_first.refresh_from_db()
    assert waiting_first.status == Status.OFFERED
    assert waiting_first.offer_deadline > timezone.localdate()
    waiting_second.refresh_from_db()
    assert waiting_second.status == Status.WAITING
    alpha.refresh_from_db()
    assert alpha.seats_taken == 2

    courses.accept_offered_seat(waiting_first, by=sozialamt_case_manager)
    waiting_first.refresh_from_db()
    assert waiting_first.status == Status.RESERVED


def test_an_unanswered_offer_passes_to_the_next_after_its_deadline(
    alpha, sozialamt, sozialamt_case_manager, vhs, vhs_staff
):
    a, b, c, d = _measures(4, sozialamt, sozialamt_case_manager, vhs)
    held = _book(a, alpha, sozialamt_case_manager)
    _book(b, alpha, sozialamt_case_manager)
    offered = _book(c, alpha, sozialamt_case_manager)
    nxt = _book(d, alpha, sozialamt_case_manager)
    courses.cancel_booking(held, by=vhs_staff)
    offered.refresh_from_db()

    assert courses.pass_on_lapsed_offers(today=offered.offer_deadline) == 0  # still in time
    assert courses.pass_on_lapsed_offers(today=offered.offer_deadline + datetime.timedelta(1)) == 1

    offered.refresh_from_db()
    nxt.refresh_from_db()
    assert (offered.status, offered.seat_number) == (Status.LAPSED, None)
    assert nxt.status == Status.OFFERED
    alpha.refresh_from_db()
    assert alpha.seats_taken == 2
    # Safe twice: nothing more passes on.
    assert courses.pass_on_lapsed_offers(today=offered.offer_deadline + datetime.timedelta(1)) == 0


def test_decline_needs_a_reason_and_frees_the_seat(
    alpha, sozialamt, sozialamt_case_manager, vhs, vhs_staff
):
    a, b, c = _measures(3, sozialamt, sozialamt_case_manager, vhs)
    held = _book(a, alpha, sozialamt_case_manager)
    _book(b, alpha, sozialamt_case_manager)
    waiting = _book(c, alpha, sozialamt_case_manager)

    with pytest.raises(courses.CourseRuleError, match="Grund"):
        courses.decline_booking(held, reason=" ", by=vhs_staff)
    courses.decline_booking(held, reason="Kurs passt nicht zum Niveau", by=vhs_staff)

    held.refresh_from_db()
    waiting.refresh_from_db()
    assert (held.status, held.decline_reason) == (Status.DECLINED, "Kurs passt nicht zum Niveau")
    assert waiting.status == Status.OFFERED


def test_seats_below_the_number_held_are_refused(alpha, sozialamt, sozialamt_case_manager, vhs):
    a, b = _measures(2, sozialamt, sozialamt_case_manager, vhs)
    _book(a, alpha, sozialamt_case_manager)
    _book(b, alpha, sozialamt_case_manager)
    alpha.seats = 1
    with pytest.raises(courses.CourseRuleError, match="schon 2 Plätze vergeben"):
        courses.save_offer(offer=alpha, by=alpha.created_by)
    assert CourseOffer.objects.get(pk=alpha.pk).seats == 2


def test_more_seats_go_to_the_waiting_list(alpha, sozialamt, sozialamt_case_manager, vhs):
    a, b, c = _measures(3, sozialamt, sozialamt_case_manager, vhs)
    for m in (a, b):
        _book(m, alpha, sozialamt_case_manager)
    waiting = _book(c, alpha, sozialamt_case_manager)
    alpha.seats = 3
    courses.save_offer(offer=alpha, by=alpha.created_by)
    waiting.refresh_from_db()
    assert waiting.status == Status.OFFERED


def test_booking_without_prerequisites_needs_a_justification(
    vhs, vhs_staff, sozialamt, sozialamt_case_manager
):
    from cases.models import Literacy
    from tests.factories import MeasureTypeFactory

    integration = MeasureTypeFactory(
        name="Integrationskurs", field_of_action="language", min_literacy=Literacy.LATIN
    )
    course = w.offer(vhs, vhs_staff, integration, title="Integrationskurs")
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, integration, consent_to=vhs)

    with pytest.raises(services.PrerequisitesNotMet):
        _book(measure, course, sozialamt_case_manager)
    assert not SeatBooking.objects.exists()
    booking = _book(measure, course, sozialamt_case_manager, justification="Kurs mit Alpha-Modul")
    assert booking.unmet_prerequisites and booking.justification == "Kurs mit Alpha-Modul"


def test_booking_without_course_consent_is_refused_and_recorded_when_given(
    alpha, sozialamt, sozialamt_case_manager, vhs
):
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, w.literacy_type())
    with pytest.raises(courses.CourseRuleError, match="keine gültige Einwilligung"):
        _book(measure, alpha, sozialamt_case_manager)
    booking = _book(measure, alpha, sozialamt_case_manager, consent_signed_on=timezone.localdate())
    assert booking.status == Status.RESERVED
    assert courses.has_course_consent(measure, alpha, day=timezone.localdate())


def test_the_database_refuses_a_seat_given_twice_or_more_holders_than_seats(
    alpha, sozialamt, sozialamt_case_manager, vhs
):
    a, b = _measures(2, sozialamt, sozialamt_case_manager, vhs)
    first = _book(a, alpha, sozialamt_case_manager)
    second = _book(b, alpha, sozialamt_case_manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeatBooking.objects.filter(pk=second.pk).update(seat_number=first.seat_number)
    with pytest.raises(IntegrityError), transaction.atomic():
        CourseOffer.objects.filter(pk=alpha.pk).update(seats_taken=3)


def _book_in_own_process(measure_id, offer_id, user_id, barrier, results):
    """A case manager in another process: own connection, waits for the others, books."""
    from networks.models import User

    connection.close()  # the parent's connection must not be shared
    measure = Measure.objects.select_related("case__person").get(pk=measure_id)
    offer = CourseOffer.objects.get(pk=offer_id)
    by = User.objects.get(pk=user_id)
    barrier.wait()
    try:
        results.put(courses.request_seat(measure=measure, offer=offer, by=by).status)
    except Exception as error:  # noqa: BLE001  (reported by the assertion)
        results.put(repr(error))
    finally:
        connection.close()


def test_concurrent_requests_from_several_processes_never_overbook(
    audit_log_truncatable, sozialamt, sozialamt_case_manager
):
    vhs = w.provider()
    staff = w.provider_staff(vhs)
    course = w.offer(vhs, staff, w.literacy_type(), seats=3)
    measures = _measures(8, sozialamt, sozialamt_case_manager, vhs)
    connection.close()
    context = multiprocessing.get_context("fork")
    barrier, results = context.Barrier(len(measures)), context.Queue()
    processes = [
        context.Process(
            target=_book_in_own_process,
            args=(m.pk, course.pk, sozialamt_case_manager.pk, barrier, results),
        )
        for m in measures
    ]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
    statuses = sorted(results.get(timeout=5) for _ in processes)

    assert statuses == sorted([Status.RESERVED] * 3 + [Status.WAITING] * 5)
    course.refresh_from_db()
    assert course.seats_taken == 3
    held = SeatBooking.objects.filter(offer=course, seat_number__isnull=False)
    assert sorted(held.values_list("seat_number", flat=True)) == [1, 2, 3]
