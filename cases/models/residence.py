"""Aufenthaltsstatus as a history: every status a person held, with its legal basis, validity,
decision and authority; and what followed from a change (legal domain, eligibility)."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.person import ResidenceStatus
from networks.models import LegalDomain


class ResidenceRecord(models.Model):
    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="residence_records"
    )
    status = models.CharField(
        _("Aufenthaltsstatus"), max_length=30, choices=ResidenceStatus.choices
    )
    # Choices live with the rules in cases.residence (not here: the table is the one place).
    legal_basis = models.CharField(_("Rechtsgrundlage"), max_length=30)
    valid_from = models.DateField(_("gültig ab"))
    valid_until = models.DateField(_("gültig bis"), null=True, blank=True)
    decided_on = models.DateField(_("Entscheidung vom"), null=True, blank=True)
    authority = models.CharField(_("Behörde"), max_length=200, blank=True)
    legal_domain = models.CharField(
        _("Rechtskreis"), max_length=20, choices=LegalDomain.choices, editable=False
    )
    # Measure types whose prerequisites this status newly met (shown with the re-check).
    became_possible = ArrayField(
        models.CharField(max_length=150), default=list, blank=True, editable=False
    )
    # Taken over from the single field the person had before the history existed.
    migrated = models.BooleanField(default=False, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_by_institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("Aufenthaltsstatus")
        verbose_name_plural = _("Aufenthaltsstatus (Verlauf)")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="residence_valid_until_after_from",
            )
        ]
        indexes = [models.Index(fields=["person", "valid_from"], name="residence_person_from")]

    def __str__(self):
        return f"{self.get_status_display()} ({self.valid_from:%d.%m.%Y})"

    @property
    def legal_basis_label(self) -> str:
        from cases.residence import LEGAL_BASES

        basis = LEGAL_BASES.get(self.legal_basis)
        return str(basis.label) if basis else self.legal_basis


class LegalDomainChange(models.Model):
    """'Rechtskreiswechsel': the day the steering indicator 'days from recognition to the first
    Jobcenter measure' starts from."""

    person = models.ForeignKey(
        "cases.Person", on_delete=models.CASCADE, related_name="legal_domain_changes"
    )
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, null=True, related_name="legal_domain_changes"
    )
    residence_record = models.ForeignKey(
        ResidenceRecord, on_delete=models.CASCADE, related_name="+"
    )
    from_domain = models.CharField(max_length=20, choices=LegalDomain.choices)
    to_domain = models.CharField(max_length=20, choices=LegalDomain.choices)
    changed_on = models.DateField(_("gewechselt am"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-changed_on", "-pk"]
        verbose_name = _("Rechtskreiswechsel")
        verbose_name_plural = _("Rechtskreiswechsel")
        indexes = [models.Index(fields=["to_domain", "changed_on"], name="domain_change_to_on")]

    def __str__(self):
        return f"{self.get_from_domain_display()} → {self.get_to_domain_display()}"


class EligibilityReview(models.Model):
    """A measure that lost its basis with a status change: nothing happens to it until the
    case manager decides (continue with a justification, end it, or replace it)."""

    class Decision(models.TextChoices):
        CONTINUE = "continue", _("fortsetzen (mit Begründung)")
        END = "end", _("beenden")
        REPLACE = "replace", _("durch andere Maßnahme ersetzen")

    measure = models.ForeignKey(
        "cases.Measure", on_delete=models.CASCADE, related_name="eligibility_reviews"
    )
    residence_record = models.ForeignKey(
        ResidenceRecord, on_delete=models.CASCADE, related_name="reviews"
    )
    missing = ArrayField(models.CharField(max_length=300), default=list)
    decision = models.CharField(
        _("Entscheidung"), max_length=20, choices=Decision.choices, blank=True
    )
    justification = models.TextField(_("Begründung"), blank=True)
    replacement = models.ForeignKey(
        "cases.Measure", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Prüfung der Voraussetzungen")
        verbose_name_plural = _("Prüfungen der Voraussetzungen")
        constraints = [
            models.UniqueConstraint(
                fields=["measure"],
                condition=models.Q(decision=""),
                name="one_open_review_per_measure",
            )
        ]

    def __str__(self):
        return str(self.measure)

    @property
    def is_open(self) -> bool:
        return not self.decision
