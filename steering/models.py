"""Steering group (Lenkungsgruppe, Anlage 3 of Vorlage 199/17)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class SteeringGroup(models.Model):
    name = models.CharField(_("Name"), max_length=200, unique=True)
    constituted_on = models.DateField(_("konstituiert am"), null=True, blank=True)

    class Meta:
        verbose_name = _("Lenkungsgruppe")
        verbose_name_plural = _("Lenkungsgruppen")

    def __str__(self):
        return self.name


class SteeringGroupMember(models.Model):
    """A seat in the steering group: who, for which institution, in which function, with deputy."""

    steering_group = models.ForeignKey(
        SteeringGroup, on_delete=models.CASCADE, related_name="seats"
    )
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="steering_seats",
        verbose_name=_("Mitglied"),
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, verbose_name=_("Institution")
    )
    function = models.CharField(_("Funktion"), max_length=120)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="steering_deputy_seats",
        verbose_name=_("Vertretung"),
    )

    class Meta:
        ordering = ["institution__name"]
        constraints = [
            models.UniqueConstraint(fields=["steering_group", "member"], name="one_seat_per_member")
        ]
        verbose_name = _("Sitz in der Lenkungsgruppe")
        verbose_name_plural = _("Sitze in der Lenkungsgruppe")

    def __str__(self):
        return f"{self.member} ({self.function})"
