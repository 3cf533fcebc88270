"""Warme Übergabe between institutions, and inquiries after a likely duplicate."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rheine_integration.base.encryption import BoundedTextField
from rheine_integration.base.labels import label


class Handover(models.Model):
    class Reason(models.TextChoices):
        LEGAL_DOMAIN_CHANGE = (
            "legal_domain",
            _("Rechtskreiswechsel (z. B. Anerkennung: AsylbLG → SGB II)"),
        )
        MOVE = "move", _("Umzug / Zuständigkeitswechsel")
        REFERRAL = "referral", _("Überweisung")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("angefragt")
        ACCEPTED = "accepted", _("angenommen")
        DECLINED = "declined", _("abgelehnt")
        WITHDRAWN = "withdrawn", _("zurückgezogen")
        # §67b SGB X: the receiver may see the case only while a consent names it; when that
        # consent is withdrawn or expires, the open handover ends with it.
        CONSENT_ENDED = "consent_ended", _("beendet (Einwilligung widerrufen oder abgelaufen)")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="handovers")
    from_institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    to_institution = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="incoming_handovers",
        verbose_name=_("an Institution"),
    )
    reason = models.CharField(_("Anlass"), max_length=20, choices=Reason.choices)
    summary = BoundedTextField(_("Übergabezusammenfassung"), max_length=10000)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.REQUESTED)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    decline_reason = BoundedTextField(_("Ablehnungsgrund"), max_length=2000, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Übergabe")
        verbose_name_plural = _("Übergaben")
        constraints = [
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="requested"),
                name="one_open_handover_per_case",
            )
        ]
        indexes = [models.Index(fields=["to_institution", "status"], name="handover_inbox")]

    def __str__(self):
        return f"{self.from_institution.short_name} → {self.to_institution.short_name}"


class CaseInquiry(models.Model):
    """Another institution met the same person and asks the lead for consent or a handover,
    instead of registering the person twice. The asker learns nothing but that the lead exists."""

    class Kind(models.TextChoices):
        CONSENT = "consent", _("Bitte um Einwilligung zur Zusammenarbeit")
        HANDOVER = "handover", _("Bitte um Übergabe")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="inquiries")
    from_institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("Anliegen"), max_length=20, choices=Kind.choices)
    # What the asking user typed (name, birth year): already known to them, nothing more is added.
    typed_name = models.CharField(max_length=300)
    typed_birth_year = models.PositiveSmallIntegerField(null=True, blank=True)
    message = BoundedTextField(_("Nachricht"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Anfrage zu einem Fall")
        verbose_name_plural = _("Anfragen zu Fällen")

    def __str__(self):
        return f"{label(self, 'kind')} ({self.from_institution.short_name})"
