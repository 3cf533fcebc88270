"""Figures for the steering group about course seats (issue 22.6): aggregates only, counts of
fewer than five persons suppressed."""

import datetime

import pytest
from django.utils import timezone

from cases import courses, statistics
from cases.models import SeatBooking
from tests.cases import course_world as w

pytestmark = pytest.mark.django_db


def _at(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10)))


@pytest.fixture
def two_providers(sozialamt, sozialamt_case_manager):
    vhs, bt = w.provider(), w.provider("BT", "Bildungsträger Emsland")
    alpha = w.literacy_type()
    vhs_offer = w.offer(vhs, w.provider_staff(vhs), alpha, seats=20)
    bt_offer = w.offer(bt, w.provider_staff(bt, "bt"), alpha, seats=20)
    return vhs_offer, bt_offer


def _started(offer, count, waited_days, sozialamt, by):
    for _ in range(count):
        measure = w.planned_measure(sozialamt, by, offer.measure_type, consent_to=offer.provider)
        booking = courses.request_seat(measure=measure, offer=offer, by=by)
        staff = offer.created_by
        courses.confirm_booking(booking, by=staff)
        courses.record_start(booking, started_on=offer.starts_on, by=staff)
        SeatBooking.objects.filter(pk=booking.pk).update(
            requested_at=_at(offer.starts_on - datetime.timedelta(days=waited_days))
        )


def test_waiting_days_and_seats_taken_per_provider_with_small_counts_suppressed(
    two_providers, sozialamt, sozialamt_case_manager
):
    vhs_offer, bt_offer = two_providers
    _started(vhs_offer, 5, 20, sozialamt, sozialamt_case_manager)
    _started(bt_offer, 2, 40, sozialamt, sozialamt_case_manager)
    since, until = vhs_offer.starts_on, vhs_offer.starts_on

    waits = {c.provider: c.values for c in statistics.course_waiting_days(since, until)}
    assert waits["Volkshochschule Rheine"] == {
        "participants": 5,
        "median_days": 20,
        "mean_days": 20.0,
    }
    assert waits["Bildungsträger Emsland"] == {
        "participants": None,
        "median_days": None,
        "mean_days": None,
    }

    seats = {c.provider: c.values for c in statistics.course_seats_offered_and_taken(since, until)}
    assert seats["Volkshochschule Rheine"] == {"offers": 1, "seats_offered": 20, "seats_taken": 5}
    assert seats["Bildungsträger Emsland"] == {
        "offers": 1,
        "seats_offered": 20,
        "seats_taken": None,
    }


def test_waiting_list_length_at_month_end(sozialamt, sozialamt_case_manager):
    vhs = w.provider()
    offer = w.offer(vhs, w.provider_staff(vhs), w.literacy_type(), seats=1)
    bookings = []
    for _ in range(7):
        measure = w.planned_measure(
            sozialamt, sozialamt_case_manager, offer.measure_type, consent_to=vhs
        )
        bookings.append(
            courses.request_seat(measure=measure, offer=offer, by=sozialamt_case_manager)
        )
    month_end = datetime.date(2026, 10, 31)
    SeatBooking.objects.filter(pk__in=[b.pk for b in bookings]).update(
        requested_at=_at(month_end - datetime.timedelta(days=3))
    )
    # The held seat was given at the request: it never waited.
    SeatBooking.objects.filter(pk=bookings[0].pk).update(
        seat_since=_at(month_end - datetime.timedelta(days=3))
    )
    # One left the list after the month's end: it still counts for that month.
    courses.cancel_booking(bookings[6], by=sozialamt_case_manager)

    figures = statistics.course_waiting_list_lengths([month_end, datetime.date(2026, 9, 30)])
    assert [c.values for c in figures[month_end]] == [{"waiting": 6}]
    assert figures[datetime.date(2026, 9, 30)] == []

    courses.cancel_booking(bookings[5], by=sozialamt_case_manager)
    courses.cancel_booking(bookings[4], by=sozialamt_case_manager)
    SeatBooking.objects.filter(pk__in=[bookings[4].pk, bookings[5].pk]).update(
        ended_at=_at(month_end - datetime.timedelta(days=1))
    )
    figures = statistics.course_waiting_list_lengths([month_end])
    assert [c.values for c in figures[month_end]] == [{"waiting": None}]  # 4: suppressed


def test_suppression_threshold():
    assert [statistics.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]
