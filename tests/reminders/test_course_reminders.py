"""Course reminders (issue 22.5): an offered seat awaiting an answer, a confirmed course
starting next week, free seats elsewhere while people wait; the daily job passes lapsed
offers on and the digest carries the reminders."""

import datetime

import pytest
from django.utils import timezone

from cases import courses, notifications, reminders
from cases.models import Notification, NotificationKind, SeatBooking
from rheine_integration.base import workdays
from tests.cases import course_world as w

pytestmark = pytest.mark.django_db
Kind = NotificationKind


def days(n):
    return datetime.timedelta(days=n)


@pytest.fixture
def vhs(db):
    return w.provider()


@pytest.fixture
def staff(vhs):
    return w.provider_staff(vhs)


def _book(offer, sozialamt, by, vhs):
    measure = w.planned_measure(sozialamt, by, offer.measure_type, consent_to=vhs)
    return courses.request_seat(measure=measure, offer=offer, by=by)


def test_an_offered_seat_reminds_the_case_manager_until_its_deadline(
    vhs, staff, sozialamt, sozialamt_case_manager
):
    offer = w.offer(vhs, staff, w.literacy_type(), seats=1)
    held = _book(offer, sozialamt, sozialamt_case_manager, vhs)
    waiting = _book(offer, sozialamt, sozialamt_case_manager, vhs)
    today = timezone.localdate()
    assert reminders.seat_offers_open(today) == []

    courses.cancel_booking(held, by=staff)
    waiting.refresh_from_db()
    findings = reminders.seat_offers_open(today)
    assert [(f.kind, f.object_id, f.user_id, f.day) for f in findings] == [
        (Kind.SEAT_OFFER_OPEN, waiting.pk, sozialamt_case_manager.pk, waiting.offer_deadline)
    ]
    assert reminders.seat_offers_open(waiting.offer_deadline + days(1)) == []


def test_a_confirmed_course_starting_within_seven_days_reminds_and_one_in_eight_does_not(
    vhs, staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    soon = w.offer(vhs, staff, alpha, starts_in=7, title="bald")
    later = w.offer(vhs, staff, alpha, starts_in=8, title="später")
    soon_booking = _book(soon, sozialamt, sozialamt_case_manager, vhs)
    later_booking = _book(later, sozialamt, sozialamt_case_manager, vhs)
    unconfirmed = _book(soon, sozialamt, sozialamt_case_manager, vhs)
    for booking in (soon_booking, later_booking):
        courses.confirm_booking(booking, by=staff)

    found = {f.object_id for f in reminders.courses_starting(timezone.localdate())}
    assert found == {soon_booking.pk}
    assert unconfirmed.pk not in found


def test_free_seats_in_another_offer_remind_those_waiting_for_the_same_measure_type(
    vhs, staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    full = w.offer(vhs, staff, alpha, seats=1, title="voll")
    _book(full, sozialamt, sozialamt_case_manager, vhs)
    waiting = _book(full, sozialamt, sozialamt_case_manager, vhs)
    today = timezone.localdate()
    assert reminders.free_seats_elsewhere(today) == []

    other = w.offer(w.provider("BT", "Bildungsträger Emsland"), staff, alpha, starts_in=40)
    findings = reminders.free_seats_elsewhere(today)
    assert [(f.kind, f.object_id, f.day) for f in findings] == [
        (Kind.FREE_SEATS_ELSEWHERE, waiting.pk, other.starts_on)
    ]


def test_the_daily_job_passes_a_lapsed_seat_on_and_the_reminder_reaches_the_digest(
    vhs, staff, sozialamt, sozialamt_case_manager, mailoutbox
):
    offer = w.offer(vhs, staff, w.literacy_type(), seats=1)
    held = _book(offer, sozialamt, sozialamt_case_manager, vhs)
    first = _book(offer, sozialamt, sozialamt_case_manager, vhs)
    second = _book(offer, sozialamt, sozialamt_case_manager, vhs)
    courses.cancel_booking(held, by=staff)
    first.refresh_from_db()
    day = first.offer_deadline + days(1)
    while not workdays.is_working_day(day):
        day += days(1)

    assert notifications.run_finders(today=day)

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == (SeatBooking.Status.LAPSED, SeatBooking.Status.OFFERED)
    reminder = Notification.objects.get(kind=Kind.SEAT_OFFER_OPEN)
    assert (reminder.object_id, reminder.day) == (second.pk, second.offer_deadline)
    assert notifications.send_digests(today=day) == 1
    assert "Kursplatz angeboten" in mailoutbox[0].body
