"""The second factor in browser tests: type the code the user's authenticator app would show."""

from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import Page

from networks.models import User
from tests.otp import current_code

CODE_LABEL = "Einmalcode aus der Authenticator-App"


def pass_second_factor(page: Page, username: str) -> None:
    """After the password step: confirm a new device on the setup page, or enter the code on the
    verify page; does nothing when the page asks for neither (roles without the requirement)."""
    page.wait_for_load_state()
    if "/konto/zwei-faktor/" not in page.url:
        return
    user = User.objects.get(username=username)
    setup = "/einrichten/" in page.url
    device = TOTPDevice.objects.filter(user=user, confirmed=not setup).latest("pk")
    page.get_by_label(CODE_LABEL).fill(current_code(device))
    page.get_by_role("button", name="Einrichten und anmelden" if setup else "Bestätigen").click()
    page.wait_for_load_state()
