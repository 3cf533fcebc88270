"""Hardened login: lockout per username and address, two-factor login for case content."""

import base64
import datetime
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from rheine_integration.base.sessions import REFRESHED_AT
from tests.factories import PASSWORD
from tests.otp import confirmed_device, current_code, force_login_without_second_factor

pytestmark = pytest.mark.django_db

LOGIN = "/konto/anmelden/"


def _attempt(client, username, password, address="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=address)


def test_six_wrong_passwords_lock_the_username_from_that_address_for_thirty_minutes(
    client, sozialamt_case_manager
):
    for _ in range(5):
        response = _attempt(client, "sozialamt.fm", "falsch-falsch-falsch")
        assert response.status_code == 200  # the form again, with the German error
    locked = _attempt(client, "sozialamt.fm", "falsch-falsch-falsch")
    assert locked.status_code == 429
    page = locked.content.decode()
    assert "Anmeldung vorübergehend gesperrt" in page
    assert "30 Minuten" in page
    # Even the right password is refused now, from this address.
    assert _attempt(client, "sozialamt.fm", PASSWORD).status_code == 429
    assert "_auth_user_id" not in client.session


def test_lockout_does_not_lock_the_same_username_from_another_address_or_a_colleague(
    client, sozialamt_case_manager, sozialamt_colleague
):
    for _ in range(6):
        _attempt(client, "sozialamt.fm", "falsch-falsch-falsch")
    # A colleague in the same office (same address) still logs in.
    assert _attempt(client, "sozialamt.fm2", PASSWORD).status_code == 302
    client.logout()
    # The same account from another address is not locked (lock key is username AND address).
    assert _attempt(client, "sozialamt.fm", PASSWORD, address="10.0.0.2").status_code == 302


def test_one_wrong_password_for_each_of_many_user_names_locks_that_address(
    client, sozialamt_case_manager
):
    # Password spraying: never six failures for one name, thirty across names from one address.
    for number in range(29):
        assert _attempt(client, f"konto{number}", "Sommer2026!Sommer").status_code == 200
    assert _attempt(client, "sozialamt.fm", PASSWORD).status_code == 302
    client.logout()
    assert _attempt(client, "konto29", "Sommer2026!Sommer").status_code == 429
    locked = _attempt(client, "sozialamt.fm", PASSWORD)
    assert locked.status_code == 429
    assert "Anmeldung vorübergehend gesperrt" in locked.content.decode()
    assert "_auth_user_id" not in client.session
    # Other addresses are not affected.
    assert _attempt(client, "sozialamt.fm", PASSWORD, address="10.0.0.2").status_code == 302


def test_case_manager_without_second_factor_is_sent_to_setup_and_cannot_open_the_cases(
    client, sozialamt_case_manager, sozialamt_case
):
    force_login_without_second_factor(client, sozialamt_case_manager)
    for url in ("/faelle/", f"/faelle/{sozialamt_case.pk}/", "/"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("otp_setup"))
    assert client.post(reverse("cases:register"), {}).status_code == 302


def test_password_login_of_a_case_manager_leads_to_the_code_page_before_any_case(
    client, sozialamt_case_manager, sozialamt_case
):
    device = confirmed_device(sozialamt_case_manager)
    response = client.post(
        LOGIN + "?next=/faelle/",
        {"username": "sozialamt.fm", "password": PASSWORD, "next": "/faelle/"},
    )
    assert response["Location"] == "/faelle/"
    response = client.get("/faelle/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))

    wrong = client.post(reverse("otp_verify"), {"token": "000000", "next": "/faelle/"})
    assert "Der Code ist falsch oder abgelaufen" in wrong.content.decode()
    assert client.get("/faelle/").status_code == 302

    time.sleep(1.1)  # django-otp throttles after a wrong code (1 s, doubling each time)
    right = client.post(reverse("otp_verify"), {"token": current_code(device), "next": "/faelle/"})
    assert right["Location"] == "/faelle/"
    assert client.get("/faelle/").status_code == 200


def _secret_shown(page) -> bytes:
    """The key the setup page shows for typing into the app (what a user can copy)."""
    html = page.content.decode()
    shown = html.split('<code class="app-otp-secret">')[1].split("</code>")[0]
    return base64.b32decode(shown.replace(" ", ""))


def _code_for(key: bytes) -> str:
    return f"{TOTP(key).token():06d}"


def test_setup_page_shows_a_server_drawn_qr_code_and_confirms_the_device_with_a_first_code(
    client, coordinator
):
    force_login_without_second_factor(client, coordinator)
    page = client.get(reverse("otp_setup"))
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    assert "http" not in html.split('src="data:image/svg+xml;base64,')[1].split('"')[0]
    key = _secret_shown(page)

    response = client.post(reverse("otp_setup"), {"token": _code_for(key), "next": "/"})
    assert response.status_code == 302
    device = TOTPDevice.objects.get(user=coordinator)
    assert device.confirmed and device.bin_key == key
    assert client.get(reverse("cases:audit")).status_code == 200


def test_each_setup_page_shows_a_new_secret_and_no_device_exists_before_the_first_code(
    client, coordinator
):
    force_login_without_second_factor(client, coordinator)
    first = _secret_shown(client.get(reverse("otp_setup")))
    second = _secret_shown(client.get(reverse("otp_setup")))
    assert first != second
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    # A wrong code creates nothing either; the secret of the page just shown stays valid.
    wrong = client.post(
        reverse("otp_setup"), {"token": "000000" if _code_for(second) != "000000" else "111111"}
    )
    assert wrong.status_code == 200
    assert not TOTPDevice.objects.filter(user=coordinator).exists()
    # The first page's secret is no longer valid: someone who copied it cannot use it.
    assert client.post(reverse("otp_setup"), {"token": _code_for(first)}).status_code == 200
    assert client.post(reverse("otp_setup"), {"token": _code_for(second)}).status_code == 302
    assert TOTPDevice.objects.get(user=coordinator, confirmed=True).bin_key == second


def test_a_secret_shown_in_one_session_does_not_enrol_another(client, coordinator):
    force_login_without_second_factor(client, coordinator)
    copied = _secret_shown(client.get(reverse("otp_setup")))
    other = Client()
    force_login_without_second_factor(other, coordinator)
    assert other.post(reverse("otp_setup"), {"token": _code_for(copied)}).status_code == 200
    assert not TOTPDevice.objects.filter(user=coordinator).exists()


def test_a_code_is_accepted_only_once(client, sozialamt_case_manager):
    device = confirmed_device(sozialamt_case_manager)
    code = current_code(device)
    force_login_without_second_factor(client, sozialamt_case_manager)
    assert client.post(reverse("otp_verify"), {"token": code})["Location"] == "/"
    client.logout()
    force_login_without_second_factor(client, sozialamt_case_manager)
    replay = client.post(reverse("otp_verify"), {"token": code})
    assert replay.status_code == 200
    assert client.get("/faelle/").status_code == 302


def test_roles_without_case_content_need_no_second_factor(client, steering_member):
    force_login_without_second_factor(client, steering_member)
    assert client.get("/").status_code == 200


def test_required_roles_come_from_the_settings(client, settings, sozialamt_case_manager):
    settings.OTP_REQUIRED_ROLES = ["coordinator"]
    force_login_without_second_factor(client, sozialamt_case_manager)
    assert client.get("/faelle/").status_code == 200


def test_cookies_are_protected_and_the_second_factor_is_enforced_in_tests(settings):
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert settings.OTP_REQUIRED, "tests must run with the second factor enforced"


def _session_row(client):
    return Session.objects.get(session_key=client.session.session_key)


def test_activity_extends_the_session_at_most_every_refresh_interval(
    client, sozialamt_case_manager
):
    client.force_login(sozialamt_case_manager)
    client.get("/")
    first_expiry = _session_row(client).expire_date
    assert first_expiry > timezone.now() + datetime.timedelta(minutes=55)

    with CaptureQueriesContext(connection) as queries:
        assert client.get("/faelle/").status_code == 200
    assert not [q for q in queries if q["sql"].startswith('UPDATE "django_session"')]
    assert _session_row(client).expire_date == first_expiry

    session = client.session
    session[REFRESHED_AT] -= 6 * 60  # the last refresh was six minutes ago
    session.save()
    saved_expiry = _session_row(client).expire_date
    time.sleep(0.01)
    client.get("/faelle/")
    assert _session_row(client).expire_date > saved_expiry


def test_a_session_idle_for_an_hour_is_over(client, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    assert client.get("/faelle/").status_code == 200
    Session.objects.filter(session_key=client.session.session_key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )
    response = client.get("/faelle/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_a_stale_cookie_of_a_visitor_creates_no_session(client):
    client.cookies["sessionid"] = "no-such-session-0123456789abcdef"
    client.get(reverse("login"))
    assert not Session.objects.exists()


def test_next_parameter_cannot_send_the_user_to_another_site(client, sozialamt_case_manager):
    device = confirmed_device(sozialamt_case_manager)
    force_login_without_second_factor(client, sozialamt_case_manager)
    response = client.post(
        reverse("otp_verify"), {"token": current_code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_a_browser_asking_for_english_gets_the_german_interface(client):
    """The interface is German; Django's own texts (labels, validation messages) too, whatever
    language the browser asks for, as long as no other catalogue exists."""
    english = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    page = client.get(LOGIN, **english).content.decode()
    assert "Benutzername" in page and "Username" not in page
    refused = client.post(LOGIN, {"username": "", "password": ""}, **english).content.decode()
    assert "Dieses Feld ist zwingend erforderlich." in refused
    assert "This field is required." not in refused


def test_before_the_second_factor_the_page_offers_logout_only(client, sozialamt_case_manager):
    """Every menu entry would only lead back to the setup page."""
    force_login_without_second_factor(client, sozialamt_case_manager)
    for url in (reverse("otp_setup"), reverse("otp_verify")):
        if url == reverse("otp_verify"):
            confirmed_device(sozialamt_case_manager)  # the code page comes after the setup
        page = client.get(url).content.decode()
        assert 'action="/konto/abmelden/"' in page
        for target in ("/faelle/", "/faelle/aufnehmen/", "/konto/passwort/", "Benachrichtigungen"):
            assert target not in page, (url, target)
    client.force_login(sozialamt_case_manager)  # verified (tests' force_login passes the code)
    page = client.get(reverse("home")).content.decode()
    assert 'href="/faelle/"' in page and "Benachrichtigungen" in page
