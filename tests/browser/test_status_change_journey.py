"""Issue 19 in a real headless Chromium: the Ausländerbehörde records the recognition, the
Sozialamt sees what it changed for the measures, decides and sends the prepared handover, and
the Jobcenter accepts and plans the first measure that became possible."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases import residence_services
from cases.models import Measure, ResidenceRecord
from networks.models import Institution, LegalDomain
from tests.browser.test_case_journey import log_in, log_out
from tests.factories import (
    CaseFactory,
    InstitutionFactory,
    MeasureFactory,
    MeasureTypeFactory,
    give_consent,
    make_user,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_recognition_to_eligibility_decision_to_prepared_handover_to_first_jobcenter_measure(
    page: Page, live_server, sozialamt, jobcenter
):
    abh = InstitutionFactory(
        name="Ausländerbehörde Kreis Steinfurt",
        short_name="ABH",
        kind=Institution.Kind.IMMIGRATION_OFFICE,
        legal_domain=LegalDomain.RESIDENCE_LAW,
    )
    sozialamt_fm = make_user("fm.sozialamt", sozialamt)
    make_user("fm.jobcenter", jobcenter)
    make_user("fm.abh", abh)
    today = datetime.date.today()
    case = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_fm,
        person__given_names="Khaled",
        person__family_name="Haddad",
    )
    residence_services.record_status(
        person=case.person,
        record=ResidenceRecord(
            status="gestattung",
            legal_basis="55_asylg",
            valid_from=today - datetime.timedelta(days=200),
            decided_on=today - datetime.timedelta(days=200),
            authority="BAMF",
        ),
        by=sozialamt_fm,
    )
    orientation = MeasureTypeFactory(
        name="Erstorientierungskurs",
        field_of_action="language",
        allowed_residence_statuses=["gestattung", "duldung"],
    )
    MeasureFactory(case=case, measure_type=orientation, status=Measure.Status.PLANNED)
    MeasureTypeFactory(
        name="Aktivierungsmaßnahme Jobcenter",
        field_of_action="work",
        allowed_legal_domains=[LegalDomain.SGB_II],
    )
    # Notes too: the handover summary is free text, shown to the receiver only with them.
    give_consent(case, jobcenter, ["basic", "plan", "notes"])
    give_consent(case, abh, ["basic", "residence"])

    # Ausländerbehörde: records the recognition
    log_in(page, live_server, "fm.abh")
    page.get_by_role("link", name="Fälle").click()
    page.get_by_role("link", name=case.reference).click()
    expect(page.locator("#residence-table")).to_contain_text("Aufenthaltsgestattung")
    page.get_by_role("link", name="neuen Status erfassen").click()
    page.get_by_label("Aufenthaltsstatus").select_option("humanitarian")
    page.get_by_label("Rechtsgrundlage").select_option("25_2")
    page.get_by_label("gültig ab").fill(today.isoformat())
    page.get_by_label("gültig bis").fill((today + datetime.timedelta(days=1095)).isoformat())
    page.get_by_label("Entscheidung vom").fill(today.isoformat())
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Der Aufenthaltsstatus wurde erfasst.")).to_be_visible()
    expect(page.locator("#residence-table")).to_contain_text("§ 25 Abs. 2 AufenthG")
    log_out(page)

    # Sozialamt: sees the changes, decides, sends the prepared handover
    log_in(page, live_server, "fm.sozialamt")
    page.get_by_role("link", name="Fälle").click()
    page.get_by_role("link", name=case.reference).click()
    changes = page.locator("#eligibility-changes")
    expect(changes).to_contain_text("Jetzt möglich: Aktivierungsmaßnahme Jobcenter")
    expect(changes).to_contain_text("Erstorientierungskurs")
    changes.get_by_role("link", name="entscheiden").click()
    page.get_by_label("Entscheidung").select_option("end")
    page.get_by_label("Begründung").fill(
        "Nach der Anerkennung Integrationskurs statt Erstorientierung."
    )
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Entscheidung wurde erfasst.")).to_be_visible()
    expect(page.locator("#measure-table")).to_contain_text("abgebrochen")
    page.get_by_role("link", name="Übergabe vorbereiten").click()
    summary = page.get_by_label("Übergabezusammenfassung")
    draft = summary.input_value()
    assert (
        f"Rechtskreiswechsel am {today:%d.%m.%Y}: AsylbLG (Asylbewerberleistungen) → SGB II"
        in draft
    )
    assert "Aufenthalt:" not in draft  # the Jobcenter's consent does not name the residence part
    summary.press("End")
    summary.type("Erstgespräch im Jobcenter vereinbaren.")
    page.get_by_role("button", name="Speichern").click()
    expect(page.get_by_text("Die Übergabe wurde angefragt.")).to_be_visible()
    log_out(page)

    # Jobcenter: accepts and plans the first measure
    log_in(page, live_server, "fm.jobcenter")
    page.get_by_role("link", name="Eingang").click()
    page.get_by_role("link", name="ansehen und beantworten").click()
    expect(page.get_by_text("Erstgespräch im Jobcenter vereinbaren.")).to_be_visible()
    page.get_by_role("button", name="Übergabe annehmen").click()
    expect(page.get_by_text("Ihre Institution führt den Fall jetzt federführend")).to_be_visible()
    page.get_by_role("link", name="Maßnahme planen").click()
    page.get_by_label("Maßnahmeart").select_option(label="Aktivierungsmaßnahme Jobcenter")
    page.get_by_role("button", name="Speichern").click()
    expect(page.locator("#measure-table")).to_contain_text("Aktivierungsmaßnahme Jobcenter")
