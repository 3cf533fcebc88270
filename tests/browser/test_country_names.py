"""The nationality select and the case page use iso-codes' German names, in Chromium."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_journey import log_in
from tests.factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_nationality_chosen_by_its_german_name_shows_on_the_case_page(
    page: Page, live_server, sozialamt
):
    make_user("fm.sozialamt", sozialamt)
    log_in(page, live_server, "fm.sozialamt")
    page.get_by_role("link", name="Person aufnehmen").click()
    nationality = page.get_by_label("Staatsangehörigkeit")
    for wrong in ("Kirivati", "Granada", "Saudi Arabien", "Papua Neu Guinea", "Mozambique"):
        expect(nationality.locator("option", has_text=wrong)).to_have_count(0)
    page.get_by_label("Vorname(n)").fill("Aisha")
    page.get_by_label("Familienname").fill("Al-Harbi")
    page.get_by_label("Geburtsjahr").fill("1990")
    nationality.select_option(label="Saudi-Arabien")
    page.get_by_label("Aufenthaltsstatus", exact=True).select_option("gestattung")
    page.get_by_label("Qualifikation", exact=True).check()
    page.get_by_role("button", name="Prüfen und aufnehmen").click()
    expect(page.get_by_role("heading", name="Aisha Al-Harbi")).to_be_visible()
    expect(page.get_by_text("Saudi-Arabien")).to_be_visible()
