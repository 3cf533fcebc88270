"""The case manager finds seats from a planned measure (issue 22.2) and requests one."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from cases import courses
from cases.models import Literacy, SeatBooking
from tests.cases import course_world as w
from tests.factories import MeasureTypeFactory, assess

pytestmark = pytest.mark.django_db


@pytest.fixture
def vhs(db):
    return w.provider()


@pytest.fixture
def vhs_staff(vhs):
    return w.provider_staff(vhs)


@pytest.fixture
def integration_type(db):
    return MeasureTypeFactory(
        name="Integrationskurs", field_of_action="language", min_literacy=Literacy.LATIN
    )


def test_matching_offers_are_of_the_measure_type_open_for_entry_by_start_with_seats_and_list(
    client, vhs, vhs_staff, sozialamt, sozialamt_case_manager, integration_type
):
    alpha = w.literacy_type()
    w.offer(vhs, vhs_staff, alpha, title="Alpha spät", starts_in=60, place="Rheine")
    w.offer(vhs, vhs_staff, alpha, title="Alpha früh", starts_in=10, place="Emsdetten")
    w.offer(vhs, vhs_staff, alpha, title="Alpha läuft schon", starts_in=-10)
    w.offer(vhs, vhs_staff, integration_type, title="Integrationskurs Abend")
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, alpha)
    client.force_login(sozialamt_case_manager)

    page = client.get(reverse("cases:measure_courses", args=[measure.pk])).content.decode()
    assert page.index("Alpha früh") < page.index("Alpha spät")
    assert "Alpha läuft schon" not in page and "Integrationskurs Abend" not in page
    assert "2 / 2" in page  # free seats of seats

    page = client.get(
        reverse("cases:measure_courses", args=[measure.pk]), {"place": "Ems"}
    ).content.decode()
    assert "Alpha früh" in page and "Alpha spät" not in page


def test_offers_the_person_does_not_meet_are_marked_with_the_reason(
    client, vhs, vhs_staff, sozialamt, sozialamt_case_manager, integration_type
):
    w.offer(vhs, vhs_staff, integration_type, title="Integrationskurs Vormittag")
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, integration_type)
    assess(measure.case, sozialamt_case_manager, literacy=Literacy.NONE, childcare_needed=True)
    client.force_login(sozialamt_case_manager)

    page = client.get(reverse("cases:measure_courses", args=[measure.pk])).content.decode()
    assert "nicht erfüllt" in page
    assert "Voraussetzung Alphabetisierung" in page
    assert "Kinderbetreuung ist erforderlich" in page


def test_request_without_justification_or_consent_is_refused_in_german_and_keeps_input(
    client, vhs, vhs_staff, sozialamt, sozialamt_case_manager, integration_type
):
    offer = w.offer(vhs, vhs_staff, integration_type, title="Integrationskurs Vormittag")
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, integration_type)
    client.force_login(sozialamt_case_manager)
    url = reverse("cases:seat_request", args=[measure.pk, offer.pk])

    response = client.post(url, {"obligated": "on", "justification": ""})
    page = response.content.decode()
    assert response.status_code == 422
    assert "bitte begründen" in page
    assert "bitte das Datum der Unterschrift angeben" in page
    assert re.search(r'<input[^>]*name="obligated"[^>]*checked', page)  # input kept
    assert not SeatBooking.objects.exists()

    response = client.post(
        url,
        {
            "justification": "Alpha-Modul im Kurs",
            "consent_signed_on": timezone.localdate().isoformat(),
        },
    )
    assert response.status_code == 302
    booking = SeatBooking.objects.get()
    assert (booking.status, booking.justification) == ("reserved", "Alpha-Modul im Kurs")


def test_a_full_offer_puts_the_person_on_the_waiting_list_and_says_where(
    client, vhs, vhs_staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    offer = w.offer(vhs, vhs_staff, alpha, seats=1)
    first = w.planned_measure(sozialamt, sozialamt_case_manager, alpha, consent_to=vhs)
    courses.request_seat(measure=first, offer=offer, by=sozialamt_case_manager)
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, alpha, consent_to=vhs)
    client.force_login(sozialamt_case_manager)

    response = client.post(
        reverse("cases:seat_request", args=[measure.pk, offer.pk]), {}, follow=True
    )
    page = response.content.decode()
    assert "Platz 1 von 1 auf der Warteliste: in der Reihenfolge der Anfragen" in page
    assert SeatBooking.objects.get(measure=measure).status == "waiting"


def _waiting(offer, measures, by, obligated=()):
    return [
        courses.request_seat(measure=m, offer=offer, by=by, obligated=i in obligated)
        for i, m in enumerate(measures)
    ]


def test_waiting_list_serves_requests_in_order_and_ties_by_saving_order(
    vhs, vhs_staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    offer = w.offer(vhs, vhs_staff, alpha, seats=1)
    measures = [
        w.planned_measure(sozialamt, sozialamt_case_manager, alpha, consent_to=vhs)
        for _ in range(4)
    ]
    bookings = _waiting(offer, measures, sozialamt_case_manager, obligated={2})
    # Two requests of the same instant: the one saved first stays first.
    same = bookings[1].requested_at
    SeatBooking.objects.filter(pk__in=[bookings[2].pk, bookings[3].pk]).update(requested_at=same)

    assert [b.pk for b in courses.queue(offer)] == [b.pk for b in bookings[1:]]
    assert bookings[2].priority == 0  # no network rule set: an obligation does not count


@override_settings(COURSE_WAITING_LIST_PRIORITY="obligation")
def test_the_obligation_rule_puts_obliged_persons_first_and_explains_it(
    vhs, vhs_staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    offer = w.offer(vhs, vhs_staff, alpha, seats=1)
    measures = [
        w.planned_measure(sozialamt, sozialamt_case_manager, alpha, consent_to=vhs)
        for _ in range(4)
    ]
    bookings = _waiting(offer, measures, sozialamt_case_manager, obligated={2, 3})

    assert [b.pk for b in courses.queue(offer)] == [
        bookings[2].pk,
        bookings[3].pk,
        bookings[1].pk,
    ]
    bookings[3].refresh_from_db()
    explained = courses.position_explained(bookings[3])
    assert "Platz 2 von 3" in explained and "Teilnahmeverpflichtung" in explained


def test_a_second_request_for_the_same_course_is_refused_in_german(
    client, vhs, vhs_staff, sozialamt, sozialamt_case_manager
):
    alpha = w.literacy_type()
    offer = w.offer(vhs, vhs_staff, alpha)
    measure = w.planned_measure(sozialamt, sozialamt_case_manager, alpha, consent_to=vhs)
    client.force_login(sozialamt_case_manager)
    url = reverse("cases:seat_request", args=[measure.pk, offer.pk])
    assert client.post(url, {}).status_code == 302

    response = client.post(url, {"obligated": "on"})
    assert response.status_code == 422
    assert "besteht schon eine Anfrage in diesem Kurs" in response.content.decode()
    assert SeatBooking.objects.filter(measure=measure).count() == 1
