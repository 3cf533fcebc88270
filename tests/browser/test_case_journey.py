"""The journey of the committee paper, in a real headless Chromium.

A Sozialamt case manager registers a person, records consent for the Jobcenter, assesses (no
literacy), is stopped when planning a qualification measure, plans the literacy course instead
and hands over on recognition; the Jobcenter accepts and continues with assessment and plan; an
institution without consent finds nothing by list, search or URL.
"""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases.models import CEFR, Literacy
from tests.browser.otp import pass_second_factor
from tests.factories import PASSWORD, MeasureTypeFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, username: str):
    page.goto(f"{live_server.url}/konto/anmelden/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.get_by_role("button", name="Anmelden").click()
    pass_second_factor(page, username)
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()


def log_out(page: Page):
    page.get_by_role("button", name="Abmelden").click()


def test_case_journey_from_registration_to_warm_handover(
    page: Page, live_server, sozialamt, jobcenter, integrationsagentur
):
    make_user("fm.sozialamt", sozialamt)
    make_user("fm.jobcenter", jobcenter)
    make_user("fm.ia", integrationsagentur)
    MeasureTypeFactory(
        name="Alphabetisierungskurs",
        field_of_action="language",
        leads_to_literacy=Literacy.LATIN,
        leads_to_german_level=CEFR.A2,
    )
    MeasureTypeFactory(
        name="Qualifizierungsmaßnahme Lager",
        field_of_action="qualification",
        min_german_level=CEFR.A2,
        min_literacy=Literacy.LATIN,
    )
    today = datetime.date.today().isoformat()

    # Sozialamt: register
    log_in(page, live_server, "fm.sozialamt")
    page.get_by_role("link", name="Person aufnehmen").click()
    page.get_by_label("Vorname(n)").fill("Tesfay")
    page.get_by_label("Familienname").fill("Gebremariam")
    page.get_by_label("Geburtsjahr").fill("1996")
    page.get_by_label("Aufenthaltsstatus", exact=True).select_option("gestattung")
    page.get_by_label("Qualifikation", exact=True).check()
    page.get_by_role("button", name="Prüfen und aufnehmen").click()
    expect(page.get_by_role("heading", name="Tesfay Gebremariam")).to_be_visible()
    case_url = page.url

    # consent for the Jobcenter, all parts
    page.get_by_role("link", name="Einwilligung erfassen").click()
    page.get_by_label("unterschrieben am").fill(today)
    for box in page.locator(f'input[name="scopes_{jobcenter.pk}"]').all():
        box.check()
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Einwilligung wurde erfasst")).to_be_visible()

    # assessment: no German, not literate
    page.get_by_role("link", name="Kompetenzfeststellung").click()
    for skill in ("Hören", "Lesen", "Schreiben", "Sprechen"):
        page.get_by_label(f"Deutsch: {skill}").select_option(str(CEFR.NONE))
    page.get_by_label("Alphabetisierung").select_option(str(Literacy.NONE))
    page.get_by_label("eigene Ziele der Person").fill("in der Logistik arbeiten")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Kompetenzfeststellung Version 1 gespeichert")).to_be_visible()

    # the qualification measure is stopped, the literacy course is named
    page.get_by_role("link", name="Maßnahme planen").click()
    page.get_by_label("Maßnahmeart").select_option(label="Qualifizierungsmaßnahme Lager")
    page.get_by_role("button", name="Speichern").click()
    alert = page.locator("#prerequisites")
    expect(alert).to_contain_text("Voraussetzungen nicht erfüllt")
    expect(alert).to_contain_text("Alphabetisierungskurs")
    # ... for the script and, with what it reaches, for the German level too
    expect(alert.get_by_role("listitem").nth(1)).to_contain_text(
        "Erfüllbar durch: Alphabetisierungskurs (bis A2)."
    )

    # plan the literacy course instead
    page.get_by_label("Maßnahmeart").select_option(label="Alphabetisierungskurs")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#measure-table")).to_contain_text("Alphabetisierungskurs")

    # hand over on recognition
    page.get_by_role("link", name="Übergeben").click()
    page.get_by_label("an Institution").select_option(label=jobcenter.name)
    page.get_by_label("Anlass").select_option("legal_domain")
    page.get_by_label("Übergabezusammenfassung").fill(
        "Anerkannt am Montag; Alphabetisierungskurs ab Januar."
    )
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Übergabe wurde angefragt.")).to_be_visible()
    log_out(page)

    # Jobcenter: accept and continue with the assessment and plan
    log_in(page, live_server, "fm.jobcenter")
    page.get_by_role("link", name="Eingang").click()
    page.get_by_role("link", name="ansehen und beantworten").click()
    page.get_by_role("button", name="Übergabe annehmen").click()
    expect(page.get_by_text("Ihre Institution führt den Fall jetzt federführend")).to_be_visible()
    expect(page.get_by_role("heading", name="Tesfay Gebremariam")).to_be_visible()
    expect(page.locator("#h-assessment")).to_be_visible()
    expect(page.get_by_text("nicht alphabetisiert").first).to_be_visible()
    expect(page.locator("#measure-table")).to_contain_text("Alphabetisierungskurs")
    log_out(page)

    # Integrationsagentur: no consent, nothing to find
    log_in(page, live_server, "fm.ia")
    page.get_by_role("link", name="Fälle").click()
    expect(page.get_by_text("Keine Fälle gefunden.")).to_be_visible()
    page.get_by_label("Name oder Schreibweise").fill("Gebremariam")
    page.get_by_role("button", name="Filtern").click()
    expect(page.get_by_text("Keine Fälle gefunden.")).to_be_visible()
    response = page.goto(case_url)
    assert response.status == 404
    expect(page.get_by_text("Gebremariam")).to_have_count(0)
