"""After a handover, in a real headless Chromium: the receiver sees who sends what and why; the
sender hears of the acceptance and finds the record of it, without the case's content."""

import datetime

import pytest
from playwright.sync_api import Page, expect

from cases import services
from cases.models import Scope
from tests.browser.test_case_journey import log_in, log_out
from tests.factories import CaseFactory, PersonFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_sender_is_notified_of_the_acceptance_and_keeps_the_record(
    page: Page, live_server, sozialamt, jobcenter
):
    sender = make_user("fm.sozialamt", sozialamt, first_name="Sabine", last_name="Sommer")
    make_user("fm.jobcenter", jobcenter, first_name="Jana", last_name="Jansen")
    case = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sender,
        person=PersonFactory(given_names="Tesfay", family_name="Gebremariam"),
    )
    services.record_consent(
        case=case,
        signed_on=datetime.date.today() - datetime.timedelta(days=1),
        valid_until=None,
        by=sender,
        grants={jobcenter.pk: [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES]},
    )
    services.propose_handover(
        case=case,
        to_institution=jobcenter,
        reason="legal_domain",
        summary="Anerkannt am Montag; Alphabetisierungskurs ab Januar.",
        by=sender,
    )

    # Jobcenter: the inbox says from whom and why, then accept
    log_in(page, live_server, "fm.jobcenter")
    page.get_by_role("link", name="Eingang").click()
    card = page.locator(".kern-card", has_text=case.reference)
    expect(card).to_contain_text(f"Übergabe von {sozialamt.name}")
    expect(card).to_contain_text(f"Sabine Sommer, {sozialamt.name}")
    expect(card).to_contain_text("Rechtskreiswechsel")
    card.get_by_role("link", name="ansehen und beantworten").click()
    page.get_by_role("button", name="Übergabe annehmen").click()
    expect(page.get_by_text("Ihre Institution führt den Fall jetzt federführend")).to_be_visible()
    log_out(page)

    # Sozialamt: notified, and the notification leads to the record of the handover
    log_in(page, live_server, "fm.sozialamt")
    page.locator("#notification-bell").click()
    row = page.locator("#notification-table tr", has_text="Übergabe angenommen")
    row.get_by_role("link", name=case.reference).click()
    expect(page.get_by_role("heading", name="Gesendete Übergaben")).to_be_visible()
    record = page.locator("#sent-handovers tbody tr", has_text=case.reference)
    expect(record).to_contain_text(jobcenter.name)
    expect(record).to_contain_text("angenommen")
    expect(record).to_contain_text("Jana Jansen")
    # No case content for the former lead: no name, no summary, no way into the case.
    expect(page.get_by_text("Gebremariam")).to_have_count(0)
    expect(page.get_by_text("Alphabetisierungskurs ab Januar")).to_have_count(0)
    expect(record.get_by_role("link")).to_have_count(0)
