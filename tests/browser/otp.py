"""The second factor in browser tests: type the code the user's authenticator app would show."""

import base64

from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from tests.otp import current_code

CODE_LABEL = "Einmalcode aus der Authenticator-App"


def pass_second_factor(page: Page, username: str) -> None:
    """After the password step: confirm a new device on the setup page, or enter the code on the
    verify page; does nothing when the page asks for neither (roles without the requirement)."""
    page.wait_for_load_state()
    if "/konto/zwei-faktor/" not in page.url:
        return
    setup = "/einrichten/" in page.url
    if setup:
        # As the user's app would: from the key shown on the page (no device exists yet).
        shown = page.locator(".app-otp-secret").inner_text().replace(" ", "")
        code = f"{TOTP(base64.b32decode(shown)).token():06d}"
    else:
        code = current_code(TOTPDevice.objects.filter(user__username=username).latest("pk"))
    page.get_by_label(CODE_LABEL).fill(code)
    page.get_by_role("button", name="Einrichten und anmelden" if setup else "Bestätigen").click()
    page.wait_for_load_state()
