"""Second-factor helpers for tests: a confirmed TOTP device and its current code."""

import time

from django.test import Client
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def confirmed_device(user) -> TOTPDevice:
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="Test", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The code the user's app shows now; one step later when this step's code was used
    already (django-otp refuses a code twice; its tolerance accepts the next step)."""
    device.refresh_from_db()
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if totp.t() <= device.last_t:
        totp.time += device.step * (device.last_t + 1 - totp.t())
    return f"{totp.token():0{device.digits}d}"


def force_login_without_second_factor(client: Client, user) -> None:
    """Password login only: the session is not verified by a one-time code."""
    backend = "rheine_integration.auth_backends.ModelBackend"
    user.backend = backend
    client._login(user, backend)
