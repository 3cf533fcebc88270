"""The case list's filter form, used as a person does: type a name, click "Filtern"."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.test_case_journey import log_in
from tests.factories import CaseFactory, PersonFactory, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typing_a_name_and_clicking_filtern_finds_the_case(
    page: Page, live_server, sozialamt, jobcenter
):
    manager = make_user("fm.sozialamt", sozialamt)
    colleague = make_user("fm.sozialamt2", sozialamt, first_name="Karl", last_name="Kollege")
    # The colleague's case: an untouched "Fallmanager/in" must not narrow to the user's own.
    amina = CaseFactory(
        lead_institution=sozialamt,
        case_manager=colleague,
        person=PersonFactory(given_names="Amina", family_name="Haddad", registered_by=sozialamt),
    )
    other = CaseFactory(
        lead_institution=sozialamt,
        case_manager=manager,
        person=PersonFactory(given_names="Omid", family_name="Rahimi", registered_by=sozialamt),
    )

    log_in(page, live_server, "fm.sozialamt")
    page.get_by_role("navigation", name="Hauptnavigation").get_by_role("link", name="Fälle").click()
    expect(page.get_by_text("2 Fälle")).to_be_visible()
    for name in ("lead_institution", "case_manager", "overdue_follow_ups", "phase"):
        expect(page.locator(f'select[name="{name}"] option:checked')).to_have_text("– alle –")

    page.get_by_label("Name oder Schreibweise").fill("Amina")
    page.get_by_role("button", name="Filtern").click()

    expect(page.get_by_text("1 Fall", exact=True)).to_be_visible()
    table = page.locator("#case-table")
    expect(table).to_contain_text(amina.reference)
    expect(table).not_to_contain_text(other.reference)
