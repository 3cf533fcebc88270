"""The case journey with the keyboard only (WCAG 2.1.1, 2.4.1, 2.4.3, 2.4.7).

No click and no fill: Tab, Shift+Tab, Enter, Space, typing and the arrow keys in selects. Every
Tab checks that the focus is visible and moves in the order of the page (tests/browser/keyboard).
"""

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.keyboard import is_focused, press_to_navigate, tab_to
from tests.factories import PASSWORD
from tests.otp import confirmed_device, current_code
from tests.security.conftest import world  # noqa: F401  (the fixture: a case with a handover)

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]


def keyboard_log_in(page: Page, user) -> None:
    device = confirmed_device(user)
    page.goto("/konto/anmelden/")
    # The skip link is the first stop and leads to the main content.
    tab_to(page, page.get_by_role("link", name="Zum Inhalt springen"))
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    tab_to(page, page.get_by_label("Benutzername"))
    page.keyboard.type(user.username)
    tab_to(page, page.get_by_label("Passwort"))
    page.keyboard.type(PASSWORD)
    press_to_navigate(page, "Enter")
    code = page.get_by_label("Einmalcode aus der Authenticator-App")
    tab_to(page, code)
    page.keyboard.type(current_code(device))
    press_to_navigate(page, "Enter")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()


def follow(page: Page, name: str, *, exact: bool = False) -> None:
    tab_to(page, page.get_by_role("link", name=name, exact=exact).first)
    press_to_navigate(page, "Enter")


def test_case_manager_and_receiver_work_a_case_with_the_keyboard_only(
    browser,
    live_server,
    world,  # noqa: F811
    sozialamt_case_manager,
    jobcenter_case_manager,
):
    context = browser.new_context(base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(10_000)
    page = context.new_page()
    keyboard_log_in(page, sozialamt_case_manager)

    # Find the case through the filter form: a name, a status chosen with the arrow keys.
    follow(page, "Fälle", exact=True)
    tab_to(page, page.get_by_label("Name oder Schreibweise"))
    page.keyboard.type("Gebremariam")
    status = page.get_by_label(re.compile(r"^Status"))
    tab_to(page, status)
    page.keyboard.press("ArrowDown")  # "offen" -> "abgeschlossen"
    expect(status).to_have_value("closed")
    page.keyboard.press("ArrowUp")  # back to "offen"
    expect(status).to_have_value("open")
    # Shift+Tab goes back to the name field, Tab returns to the status.
    tab_to(page, page.get_by_label("Name oder Schreibweise"), backwards=True)
    tab_to(page, status)
    lead = page.get_by_label(re.compile(r"^federführend"))
    tab_to(page, lead)
    page.keyboard.type("Sozialamt")  # a select's type-ahead picks the option
    expect(lead.locator("option:checked")).to_have_text("Sozialamt der Stadt Rheine")
    tab_to(page, page.get_by_role("button", name="Filtern"))
    press_to_navigate(page, "Space")
    expect(page.get_by_role("row", name="Gebremariam, Tesfay")).to_be_visible()
    follow(page, str(world["case"]), exact=True)
    expect(page.get_by_role("heading", name="Tesfay Gebremariam")).to_be_visible()

    # Record a note: kind with the arrows, the text typed, saved with Enter on the button.
    follow(page, "Vermerk / Kontakt")
    kind = page.get_by_label("Art", exact=True)
    tab_to(page, kind)
    page.keyboard.press("ArrowDown")  # Vermerk -> Kontakt
    expect(kind).to_have_value("contact")
    tab_to(page, page.get_by_label("Text", exact=True))
    page.keyboard.type("Telefonat: Kursbeginn im Januar bestätigt.")
    tab_to(page, page.get_by_role("button", name="Speichern"))
    press_to_navigate(page, "Enter")
    expect(page.get_by_text("Telefonat: Kursbeginn im Januar bestätigt.").first).to_be_visible()

    # Plan a measure; a form sent incomplete puts the focus on its error summary first.
    follow(page, "Maßnahme planen")
    tab_to(page, page.get_by_role("button", name="Speichern"))
    press_to_navigate(page, "Enter")
    summary = page.locator("main form .kern-alert--danger")
    expect(summary).to_be_visible()
    assert is_focused(summary)
    follow(page, "Maßnahmeart")  # the summary's link leads to the field
    measure_type = page.get_by_label("Maßnahmeart")
    assert is_focused(measure_type)
    page.keyboard.press("ArrowDown")
    expect(measure_type.locator("option:checked")).to_have_text("Alphabetisierungskurs")
    tab_to(page, page.get_by_role("button", name="Speichern"))
    press_to_navigate(page, "Enter")
    expect(page.locator("#measure-table")).to_contain_text("Alphabetisierungskurs")
    tab_to(page, page.get_by_role("button", name="Abmelden"), backwards=True)
    press_to_navigate(page, "Enter")

    # The Jobcenter answers the handover waiting in its inbox.
    keyboard_log_in(page, jobcenter_case_manager)
    follow(page, "Eingang", exact=True)
    follow(page, "ansehen und beantworten")
    tab_to(page, page.get_by_role("button", name="Übergabe annehmen"))
    press_to_navigate(page, "Space")
    expect(page.get_by_text("Ihre Institution führt den Fall jetzt federführend")).to_be_visible()
    context.close()
