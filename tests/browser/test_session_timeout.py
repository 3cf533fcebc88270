"""WCAG 2.2.1: before an idle session ends, a warning offers to extend it, by keyboard."""

import time

import pytest
from playwright.sync_api import Page, expect

from tests.browser.keyboard import tab_to
from tests.factories import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.a11y, pytest.mark.django_db(transaction=True)]

AGE, WARNING = 12, 8


def test_the_warning_extends_the_session_and_says_when_it_has_ended(
    page: Page, live_server, steering_member, settings
):
    settings.SESSION_COOKIE_AGE, settings.SESSION_WARNING_SECONDS = AGE, WARNING
    settings.SESSION_REFRESH_SECONDS = 0
    page.goto(f"{live_server.url}/konto/anmelden/")
    page.get_by_label("Benutzername").fill(steering_member.username)
    page.get_by_label("Passwort").fill(PASSWORD)
    page.keyboard.press("Enter")
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()
    loaded = time.monotonic()
    reports = page.get_by_role("link", name="Berichte", exact=True)
    tab_to(page, reports)

    dialog = page.get_by_role("dialog", name="Ihre Sitzung endet bald")
    expect(dialog).to_be_visible(timeout=(AGE - WARNING + 3) * 1000)
    extend = dialog.get_by_role("button", name="Sitzung verlängern")
    expect(extend).to_be_focused()  # the modal dialog takes the focus ...
    for _ in range(3):  # ... and keeps it while open (extend, close, extend, close)
        page.keyboard.press("Tab")
        assert dialog.evaluate("el => el.contains(document.activeElement)")
    page.keyboard.press("Shift+Tab")
    expect(extend).to_be_focused()
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()
    expect(reports).to_be_focused()  # back where the user was
    expect(page.get_by_role("status").filter(has_text="verlängert")).to_have_count(1)

    # Past the end the session would have had without the extension: still logged in.
    page.wait_for_timeout(max(0, AGE + 1.5 - (time.monotonic() - loaded)) * 1000)
    page.reload()
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_be_visible()

    # Not extended this time: the warning says the session has ended, and it has.
    expect(dialog.get_by_text("Ihre Sitzung ist abgelaufen")).to_be_visible(
        timeout=(AGE + 3) * 1000
    )
    page.reload()
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
