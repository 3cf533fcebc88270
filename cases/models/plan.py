"""Integrationsplan (Zielperspektive): a goal agreed with the person, versioned."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class IntegrationPlan(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="plans")
    version = models.PositiveIntegerField(_("Version"), editable=False)
    goal = models.CharField(_("Ziel"), max_length=300)
    agreed_on = models.DateField(_("mit der Person vereinbart am"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        verbose_name = _("Integrationsplan")
        verbose_name_plural = _("Integrationspläne")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_plan_per_version")
        ]

    def __str__(self):
        return self.goal


class SubGoal(models.Model):
    plan = models.ForeignKey(IntegrationPlan, on_delete=models.CASCADE, related_name="sub_goals")
    description = models.CharField(_("Teilziel"), max_length=300)
    target_date = models.DateField(_("bis"), null=True, blank=True)
    achieved_on = models.DateField(_("erreicht am"), null=True, blank=True)

    class Meta:
        ordering = ["target_date", "pk"]
        verbose_name = _("Teilziel")
        verbose_name_plural = _("Teilziele")

    def __str__(self):
        return self.description
