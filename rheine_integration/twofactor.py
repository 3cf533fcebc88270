"""Two-factor login (TOTP, django-otp) for every role with access to case content and every
staff account.

A user of a role in settings.OTP_REQUIRED_ROLES who has logged in with the password but not yet
with a one-time code sees only the setup page (no confirmed device yet), the verify page and
logout; everything else redirects there. The QR code is drawn on the server as SVG; nothing is
sent to an outside service.
"""

import base64
import time
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django import forms
from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from rheine_integration.base import audit

# Paths an unverified user may still reach (besides the setup and verify pages themselves).
ALWAYS_ALLOWED_URL_NAMES = ("otp_setup", "otp_verify", "logout", "health")


def otp_required_for(user) -> bool:
    """Whether this user must pass the second factor (by role; switchable for development).
    Every staff account needs it too: the admin (/verwaltung/) keeps the accounts and roles
    that open case content."""
    if not settings.OTP_REQUIRED or not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    return bool(set(user.roles) & set(settings.OTP_REQUIRED_ROLES))


def second_factor(request) -> dict:
    """Context processor: before the second factor every menu entry would only lead back to
    the setup or code page, so base.html then shows logout alone."""
    user = getattr(request, "user", None)
    awaiting = user is not None and otp_required_for(user) and not user.is_verified()
    return {"awaiting_second_factor": awaiting}


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


class OTPRequiredMiddleware:
    """Send users of the required roles to setup/verify until their session is verified."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if otp_required_for(user) and not user.is_verified() and not self._allowed(request):
            target = "otp_verify" if _confirmed_device(user) else "otp_setup"
            url = reverse(target)
            if request.method == "GET":
                url += "?" + urlencode({"next": request.get_full_path()})
            return redirect(url)
        return self.get_response(request)

    @staticmethod
    def _allowed(request) -> bool:
        allowed = {reverse(name) for name in ALWAYS_ALLOWED_URL_NAMES}
        return request.path in allowed or request.path.startswith(settings.STATIC_URL or "/static/")


class TokenForm(forms.Form):
    token = forms.CharField(
        label=gettext_lazy("Einmalcode aus der Authenticator-App"),
        min_length=6,
        max_length=8,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}
        ),
    )

    def clean_token(self):
        return "".join(self.cleaned_data["token"].split())


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def qr_code_data_uri(text: str) -> str:
    """A QR code as an SVG data URI (img-src 'self' data: in the CSP; no inline markup)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def _first_code_matches(device: TOTPDevice, token: str) -> bool:
    """device.verify_token would save the unsaved device even for a wrong code (its throttle
    counter); check the code without saving and note the step it used."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    if not token.isdigit() or not totp.verify(int(token), device.tolerance):
        return False
    device.last_t = totp.t()
    device.drift = totp.drift
    return True


# The secret of an enrolment in progress lives in the session only: someone who knows the
# password but is not this browser cannot read or reuse it, and no device exists before the
# first code confirms it.
SETUP_KEY_SESSION = "otp_setup_key"


@require_http_methods(["GET", "POST"])
def otp_setup(request):
    """First login of a required role: scan the QR code, confirm with a first code."""
    if _confirmed_device(request.user):
        return redirect(reverse("otp_verify") + "?" + urlencode({"next": _next_url(request)}))
    key = request.session.get(SETUP_KEY_SESSION) if request.method == "POST" else None
    if key is None:
        # Every setup page shows a new secret; a POST without one (session expired) starts over.
        key = random_hex(20)
        request.session[SETUP_KEY_SESSION] = key
    device = TOTPDevice(user=request.user, key=key, name="Authenticator-App", confirmed=True)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _first_code_matches(device, form.cleaned_data["token"]):
            # Any unconfirmed device from an earlier enrolment scheme is dropped.
            TOTPDevice.objects.filter(user=request.user, confirmed=False).delete()
            device.save()
            del request.session[SETUP_KEY_SESSION]
            otp_login(request, device)
            audit.record(
                request.user,
                audit.Action.CREATE,
                device,
                object_type="otp_device",
                detail="confirmed",
            )
            messages.success(request, _("Die Zwei-Faktor-Anmeldung ist eingerichtet."))
            return redirect(_next_url(request))
        form.add_error(
            "token", _("Der Code ist falsch oder abgelaufen. Bitte den aktuellen Code eingeben.")
        )
    secret = base64.b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "registration/otp_setup.html",
        {
            "form": form,
            "qr_code": qr_code_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "next": _next_url(request),
        },
    )


@require_http_methods(["GET", "POST"])
def otp_verify(request):
    """Each login of a required role: the current code from the authenticator app."""
    if not _confirmed_device(request.user):
        return redirect(reverse("otp_setup") + "?" + urlencode({"next": _next_url(request)}))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = match_token(request.user, form.cleaned_data["token"])
        if device is not None:
            otp_login(request, device)
            return redirect(_next_url(request))
        audit.record(
            request.user, audit.Action.DENIED, object_type="otp_device", detail="wrong code"
        )
        form.add_error(
            "token", _("Der Code ist falsch oder abgelaufen. Bitte den aktuellen Code eingeben.")
        )
    return render(
        request, "registration/otp_verify.html", {"form": form, "next": _next_url(request)}
    )
