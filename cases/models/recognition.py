"""Anerkennungsverfahren: the recognition of a foreign qualification (BQFG, Landesrecht), one
procedure per qualification of the assessment, from counselling to decision and, when the
equivalence is partial, the compensation measure."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class RecognitionProcedure(models.Model):
    class Body(models.TextChoices):
        IHK_FOSA = "ihk_fosa", _("IHK FOSA (Foreign Skills Approval)")
        HWK = "hwk", _("Handwerkskammer")
        BEZIRKSREGIERUNG = "bezreg", _("Bezirksregierung")
        ZAB = "zab", _("Zentralstelle für ausländisches Bildungswesen (ZAB)")
        OTHER = "other", _("andere zuständige Stelle")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("noch nicht entschieden")
        FULL = "full", _("volle Gleichwertigkeit")
        PARTIAL = "partial", _("teilweise Gleichwertigkeit")
        NONE = "none", _("keine Gleichwertigkeit")
        NOT_REGULATED = "not_regulated", _("nicht reglementiert (keine Anerkennung nötig)")

    class Payer(models.TextChoices):
        PERSON = "person", _("die Person selbst")
        JOBCENTER = "jobcenter", _("Jobcenter")
        AGENCY = "agency", _("Agentur für Arbeit")
        GRANT = "grant", _("Anerkennungszuschuss des Bundes")
        OTHER = "other", _("andere Stelle")

    class Compensation(models.TextChoices):
        NONE = "", _("keine")
        ADAPTATION = "adaptation", _("Anpassungsqualifizierung")
        KNOWLEDGE_TEST = "knowledge_test", _("Kenntnisprüfung")
        APTITUDE_TEST = "aptitude_test", _("Eignungsprüfung")

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="recognition_procedures"
    )
    # The qualification of the assessment version it was started from; the title is kept too,
    # because later assessment versions have qualification rows of their own.
    qualification = models.ForeignKey(
        "cases.Qualification", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    qualification_title = models.CharField(_("Qualifikation"), max_length=200)
    reference_occupation = models.CharField(_("deutscher Referenzberuf"), max_length=200)
    competent_body = models.CharField(_("zuständige Stelle"), max_length=20, choices=Body.choices)
    counselling_on = models.DateField(_("Anerkennungsberatung am"), null=True, blank=True)
    counselling_by = models.CharField(_("Anerkennungsberatung durch"), max_length=200, blank=True)
    applied_on = models.DateField(_("Antrag gestellt am"), null=True, blank=True)
    documents_submitted = models.TextField(_("eingereichte Unterlagen"), blank=True)
    documents_missing = models.TextField(_("fehlende Unterlagen"), blank=True)
    fees = models.DecimalField(
        _("Gebühren (EUR)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    fees_paid_by = models.CharField(
        _("Gebühren trägt"), max_length=20, choices=Payer.choices, blank=True
    )
    decided_on = models.DateField(_("Bescheid vom"), null=True, blank=True)
    outcome = models.CharField(
        _("Ergebnis"), max_length=20, choices=Outcome.choices, default=Outcome.PENDING
    )
    missing_parts = models.TextField(
        _("fehlende Teile (bei teilweiser Gleichwertigkeit)"), blank=True
    )
    compensation = models.CharField(
        _("Ausgleichsmaßnahme"), max_length=20, choices=Compensation.choices, blank=True
    )
    compensation_measure = models.ForeignKey(
        "cases.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Anerkennungsverfahren")
        verbose_name_plural = _("Anerkennungsverfahren")
        indexes = [
            models.Index(
                fields=["applied_on"],
                condition=models.Q(outcome="pending"),
                name="recognition_waiting",
            )
        ]

    def __str__(self):
        return f"{self.qualification_title} → {self.reference_occupation}"
