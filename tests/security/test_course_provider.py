"""Course providers (issue 22.4): their staff see their own offers and, per participant, only
what a valid course consent discloses; nothing of other providers' lists, nothing of cases."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Consent, SeatBooking
from tests.cases import course_world
from tests.security.conftest import SECRETS
from tests.security.test_idor import _sweep

pytestmark = pytest.mark.django_db


@pytest.fixture
def other_provider_staff(world):
    """Staff of a third provider without offers: every id of the world is someone else's."""
    return course_world.provider_staff(course_world.provider("KHS", "Kreishandwerkerschaft"), "khs")


def _page(client, name, *args):
    response = client.get(reverse(name, args=args))
    return response.status_code, response.content.decode()


def test_provider_staff_reach_their_own_pages_and_no_case_page(client, world):
    client.force_login(world["vhs_staff"])
    offer, booking = world["course_offer"], world["seat_booking"]
    assert _page(client, "cases:course_offers")[0] == 200
    assert _page(client, "cases:course_offer_add")[0] == 200
    assert _page(client, "cases:course_offer_edit", offer.pk)[0] == 200
    assert _page(client, "cases:course_participants", offer.pk)[0] == 200
    assert _page(client, "cases:booking_answer", booking.pk)[0] == 200
    for name, args in [
        ("cases:detail", [world["case"].pk]),
        ("cases:measure_courses", [world["measure"].pk]),
        ("cases:seat_request", [world["measure"].pk, offer.pk]),
        ("cases:course_offer_edit", [world["other_course_offer"].pk]),
        ("cases:course_participants", [world["other_course_offer"].pk]),
    ]:
        assert _page(client, name, *args)[0] == 404, name
    assert client.get(reverse("cases:list")).status_code == 403


def test_another_provider_gets_404_for_every_id_and_sees_no_participant(
    client, world, other_provider_staff
):
    client.force_login(other_provider_staff)
    assert _sweep(client, world, SECRETS) == []
    assert SeatBooking.objects.get(pk=world["seat_booking"].pk).status == "reserved"
    page = _page(client, "cases:course_offers")[1]
    assert world["course_offer"].title not in page
    assert "Noch keine Angebote." in page


def test_provider_sees_exactly_the_disclosed_fields_of_a_consented_participant(client, world):
    person = world["person"]
    person.email, person.street, person.birth_year = "tesfay@example.org", "MARKER-STRASSE 1", 1991
    person.save()
    client.force_login(world["vhs_staff"])
    status, page = _page(client, "cases:course_participants", world["course_offer"].pk)

    assert status == 200
    # Allowed: name, birth year, contact for the course, German level and literacy.
    assert "Tesfay Gebremariam" in page
    assert "geb. 1991" in page
    assert "0151 2345678" in page and "tesfay@example.org" in page
    assert "Deutsch: A1" in page
    assert "Alphabetisierung: nicht alphabetisiert" in page
    # Nothing else of the person or the case.
    for hidden in [
        "MARKER-STRASSE",
        "MARKER-ZIEL",
        "MARKER-GESUNDHEIT",
        "MARKER-PLAN",
        "MARKER-VERMERK",
        "MARKER-ZEUGNIS",
        "MARKER-WV",
        "MARKER-UEBERGABE",
        world["case"].reference,
        person.get_residence_status_display(),
        "Sozialamt",
    ]:
        assert hidden not in page, hidden


def test_provider_sees_nothing_of_a_participant_once_the_course_consent_is_withdrawn(client, world):
    case = world["case"]
    for consent in Consent.objects.filter(person=case.person, grants__scopes__contains=["course"]):
        services.withdraw_consent(
            consent, withdrawn_on=timezone.localdate(), case=case, by=case.case_manager
        )
    client.force_login(world["vhs_staff"])
    for name, pk in [
        ("cases:course_participants", world["course_offer"].pk),
        ("cases:booking_answer", world["seat_booking"].pk),
    ]:
        page = _page(client, name, pk)[1]
        assert "keine gültige Einwilligung" in page
        assert [s for s in SECRETS if s in page] == []


def test_course_consent_opens_no_case_for_the_provider(world):
    from cases.models import CaseAccess

    vhs = world["course_offer"].provider
    assert not CaseAccess.objects.filter(case=world["case"], institution=vhs).exists()


def test_offer_form_keeps_input_and_says_what_is_wrong(client, world):
    client.force_login(world["vhs_staff"])
    offer = world["course_offer"]
    today = timezone.localdate()
    data = {
        "measure_type": offer.measure_type_id,
        "title": "Neuer Alpha-Kurs Abend",
        "place": "Rheine",
        "starts_on": (today + datetime.timedelta(days=20)).isoformat(),
        "ends_on": (today + datetime.timedelta(days=10)).isoformat(),
        "days": "Mo, Mi",
        "times": "18:00–20:00",
        "hours_per_week": 4,
        "seats": 10,
        "contact": "abend@vhs.example",
    }
    response = client.post(reverse("cases:course_offer_add"), data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "Das Ende liegt vor dem Beginn." in page
    assert 'value="Neuer Alpha-Kurs Abend"' in page and "abend@vhs.example" in page

    edit = data | {"title": offer.title, "ends_on": offer.ends_on.isoformat(), "seats": 1}
    response = client.post(reverse("cases:course_offer_edit", args=[offer.pk]), edit)
    assert response.status_code == 422
    assert "Es sind schon 2 Plätze vergeben" in response.content.decode()
    offer.refresh_from_db()
    assert offer.seats == 3


def test_provider_declines_only_with_a_reason(client, world):
    client.force_login(world["vhs_staff"])
    url = reverse("cases:booking_answer", args=[world["seat_booking"].pk])
    response = client.post(url, {"action": "decline", "reason": ""})
    assert response.status_code == 422
    assert "Dieses Feld ist zwingend erforderlich." in response.content.decode()
    assert SeatBooking.objects.get(pk=world["seat_booking"].pk).status == "reserved"
    response = client.post(url, {"action": "decline", "reason": "Kurs zu fortgeschritten"})
    assert response.status_code == 302
    assert SeatBooking.objects.get(pk=world["seat_booking"].pk).status == "declined"


def test_provider_role_and_kind_exist_for_a_new_provider():
    vhs = course_world.provider("VHS2", "Volkshochschule Emsdetten")
    assert vhs.get_kind_display() == "Volkshochschule"
    assert course_world.provider_staff(vhs, "vhs2").has_role("course_provider")
