"""Einwilligung / Schweigepflichtentbindung (§67b SGB X): the basis of all sharing."""

import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cases.models.case import Scope


class ConsentQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        """Signed on or before ``day``, not expired, not withdrawn."""
        return self.filter(signed_on__lte=day, withdrawn_on__isnull=True).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )


class Consent(models.Model):
    person = models.ForeignKey("cases.Person", on_delete=models.CASCADE, related_name="consents")
    signed_on = models.DateField(_("unterschrieben am"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    withdrawn_on = models.DateField(_("widerrufen am"), null=True, blank=True)
    withdrawal_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by_institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    document = models.ForeignKey(
        "cases.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("unterschriebenes Formular"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ConsentQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_on", "-pk"]
        verbose_name = _("Einwilligung")
        verbose_name_plural = _("Einwilligungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("signed_on")),
                name="consent_valid_after_signed",
            ),
        ]

    def __str__(self):
        return _("Einwilligung vom %(date)s") % {"date": f"{self.signed_on:%d.%m.%Y}"}

    def is_valid_on(self, day: datetime.date | None = None) -> bool:
        day = day or timezone.localdate()
        return (
            self.signed_on <= day
            and self.withdrawn_on is None
            and (self.valid_until is None or self.valid_until >= day)
        )


class ConsentGrant(models.Model):
    """One recipient institution of a consent and the parts of the data it may receive."""

    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="grants")
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    scopes = ArrayField(models.CharField(max_length=20, choices=Scope.choices), default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["consent", "institution"], name="one_grant_per_recipient"
            )
        ]

    def __str__(self):
        return f"{self.institution}: {self.scopes_display}"

    @property
    def scopes_display(self) -> str:
        return ", ".join(str(Scope(value).label) for value in self.scopes)
