"""Logging in through the German login form, in a real headless Chromium."""

import pytest
from playwright.sync_api import Page, expect

from tests.factories import PASSWORD
from tests.otp import confirmed_device, current_code

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page: Page, live_server, username: str, password: str = PASSWORD):
    page.goto(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort").fill(password)
    page.get_by_role("button", name="Anmelden").click()


def test_case_manager_logs_in_with_the_second_factor_and_sees_the_case_navigation(
    page: Page, live_server, sozialamt_case_manager
):
    device = confirmed_device(sozialamt_case_manager)
    log_in(page, live_server, sozialamt_case_manager.username)
    expect(page.get_by_role("heading", name="Einmalcode eingeben")).to_be_visible()
    page.get_by_label("Einmalcode aus der Authenticator-App").fill(current_code(device))
    page.get_by_role("button", name="Bestätigen").click()
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation).to_be_visible()
    for entry in ("Fälle", "Person aufnehmen", "Wiedervorlagen", "Eingang"):
        expect(navigation.get_by_role("link", name=entry, exact=True)).to_be_visible()
    expect(page.get_by_text("Sozialamt der Stadt Rheine").first).to_be_visible()
    expect(page.get_by_role("heading", name="Fallmanagement")).to_be_visible()


def test_steering_member_sees_the_steering_navigation_and_no_cases(
    page: Page, live_server, steering_member
):
    log_in(page, live_server, steering_member.username)
    navigation = page.get_by_role("navigation", name="Hauptnavigation")
    expect(navigation.get_by_role("link", name="Lenkungsgruppe", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Berichte", exact=True)).to_be_visible()
    expect(navigation.get_by_role("link", name="Fälle")).to_have_count(0)


def test_wrong_password_shows_a_german_error(page: Page, live_server, sozialamt_case_manager):
    log_in(page, live_server, sozialamt_case_manager.username, password="falsch-falsch-falsch")
    expect(page.get_by_role("alert")).to_contain_text("Bitte Benutzername und Passwort eingeben")
    expect(page.get_by_role("heading", name="Anmelden")).to_be_visible()
    expect(page.get_by_role("navigation", name="Hauptnavigation")).to_have_count(0)
