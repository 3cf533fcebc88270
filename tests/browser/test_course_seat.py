"""A course seat in a real headless Chromium (issue 22): a Sozialamt case manager finds a
literacy course for a planned measure and joins its waiting list; the provider frees a seat;
the case manager accepts the seat offered; the provider confirms and records the start; the
measure shows 'läuft' with the course dates."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from cases import courses
from cases.models import CourseOffer, Measure, Scope
from tests.browser.test_case_journey import log_in, log_out
from tests.cases import course_world as w
from tests.factories import CaseFactory, PersonFactory, give_consent, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _open_case(page: Page, live_server, case):
    """The case page is the start of each step, not the step under test."""
    page.goto(f"{live_server.url}{reverse('cases:detail', args=[case.pk])}")


def test_waiting_list_to_running_course(page: Page, live_server, sozialamt):
    manager = make_user("fm.sozialamt", sozialamt, first_name="Sabine", last_name="Sommer")
    vhs = w.provider()
    staff = w.provider_staff(vhs)
    alpha = w.literacy_type()
    today = timezone.localdate()
    # Running since last week and still open for entry; its one seat is taken.
    offer = courses.save_offer(
        offer=CourseOffer(
            measure_type=alpha,
            title="Alpha-Kurs Vormittag",
            place="Rheine, Bahnhofstraße 14",
            starts_on=today - datetime.timedelta(days=7),
            ends_on=today + datetime.timedelta(days=170),
            entry_until=today + datetime.timedelta(days=21),
            days="Mo, Di, Do",
            times="08:30–12:00",
            hours_per_week=12,
            seats=1,
            contact="kurse@vhs-rheine.example",
        ),
        by=staff,
    )
    holder = w.planned_measure(sozialamt, manager, alpha, consent_to=vhs, given_names="Olena")
    courses.request_seat(measure=holder, offer=offer, by=manager)
    case = CaseFactory(
        lead_institution=sozialamt,
        case_manager=manager,
        person=PersonFactory(given_names="Tesfay", family_name="Gebremariam"),
    )
    give_consent(case, sozialamt, [Scope.BASIC])  # no course consent yet
    Measure.objects.create(
        case=case,
        measure_type=alpha,
        responsible_institution=sozialamt,
        created_by=manager,
        institution=sozialamt,
    )

    # Case manager: from the planned measure to the waiting list, giving the course consent
    log_in(page, live_server, "fm.sozialamt")
    _open_case(page, live_server, case)
    page.get_by_role("link", name="Kursplatz suchen").click()
    row = page.locator("#offer-table tbody tr", has_text="Alpha-Kurs Vormittag")
    expect(row).to_contain_text("0 / 1")
    row.get_by_role("link", name="auf die Warteliste").click()
    page.get_by_label("Einwilligung für den Kursanbieter").fill(today.strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Platz anfragen").click()
    expect(page.locator("#booking-table")).to_contain_text("Platz 1 von 1 auf der Warteliste")
    log_out(page)

    # Provider: frees the seat of the other participant
    log_in(page, live_server, "vhs.kurse")
    page.get_by_role("link", name="Kursangebote").click()
    page.get_by_role("link", name="Alpha-Kurs Vormittag").click()
    page.locator("#seat-table tr", has_text="Olena").get_by_role("link", name="bearbeiten").click()
    page.get_by_role("button", name="Platz freigeben").click()
    expect(page.locator("#seat-table")).to_contain_text("Platz angeboten")
    log_out(page)

    # Case manager: accepts the seat offered
    log_in(page, live_server, "fm.sozialamt")
    _open_case(page, live_server, case)
    page.get_by_role("link", name="Kursplatz suchen").click()
    page.get_by_role("button", name="Platz annehmen").click()
    expect(page.get_by_text("Der angebotene Platz ist angenommen.")).to_be_visible()
    log_out(page)

    # Provider: confirms, then records the start
    log_in(page, live_server, "vhs.kurse")
    page.get_by_role("link", name="Kursangebote").click()
    page.get_by_role("link", name="Alpha-Kurs Vormittag").click()
    seat = page.locator("#seat-table tr", has_text="Tesfay Gebremariam")
    seat.get_by_role("link", name="bearbeiten").click()
    page.get_by_role("button", name="Platz bestätigen").click()
    page.locator("#seat-table tr", has_text="Tesfay Gebremariam").get_by_role(
        "link", name="bearbeiten"
    ).click()
    page.get_by_label("Teilnahme seit").fill(today.strftime("%Y-%m-%d"))
    page.get_by_role("button", name="Teilnahmebeginn erfassen").click()
    expect(page.locator("#seat-table")).to_contain_text("Kurs begonnen")
    log_out(page)

    # Case manager: the measure runs, with the course's dates
    log_in(page, live_server, "fm.sozialamt")
    _open_case(page, live_server, case)
    measure_row = page.locator("#measure-table tbody tr", has_text="Alphabetisierungskurs")
    expect(measure_row).to_contain_text("läuft")
    expect(measure_row).to_contain_text(f"{today:%d.%m.%Y} – {offer.ends_on:%d.%m.%Y}")
    expect(measure_row).to_contain_text("Volkshochschule Rheine")
