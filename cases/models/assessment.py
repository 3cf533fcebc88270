"""Kompetenzfeststellung: made once, versioned, reused by everyone with access."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from rheine_integration.base.encryption import BoundedTextField, EncryptedTextField


class CEFR(models.IntegerChoices):
    """German level (Common European Framework); the integer order is the level order."""

    NONE = 0, _("keine Kenntnisse")
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, "C2"


class Literacy(models.IntegerChoices):
    """Ordered: a course that needs Latin script is not met by literacy in another script."""

    NONE = 0, _("nicht alphabetisiert")
    OTHER_SCRIPT = 1, _("in anderer Schrift alphabetisiert (Zweitschriftlernende)")
    LATIN = 2, _("in lateinischer Schrift alphabetisiert")


class SchoolLevel(models.TextChoices):
    NONE = "none", _("kein Schulbesuch")
    PRIMARY = "primary", _("Grundschule / Primarstufe")
    LOWER_SECONDARY = "lower_secondary", _("Sekundarstufe I")
    UPPER_SECONDARY = "upper_secondary", _("Sekundarstufe II / Hochschulreife")
    UNKNOWN = "unknown", _("unbekannt")


class Assessment(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="assessments")
    version = models.PositiveIntegerField(_("Version"), editable=False)
    assessed_on = models.DateField(_("festgestellt am"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    german_listening = models.PositiveSmallIntegerField(_("Deutsch: Hören"), choices=CEFR.choices)
    german_reading = models.PositiveSmallIntegerField(_("Deutsch: Lesen"), choices=CEFR.choices)
    german_writing = models.PositiveSmallIntegerField(_("Deutsch: Schreiben"), choices=CEFR.choices)
    german_speaking = models.PositiveSmallIntegerField(_("Deutsch: Sprechen"), choices=CEFR.choices)
    literacy = models.PositiveSmallIntegerField(_("Alphabetisierung"), choices=Literacy.choices)
    school_level = models.CharField(
        _("höchster Schulbesuch"),
        max_length=20,
        choices=SchoolLevel.choices,
        default=SchoolLevel.UNKNOWN,
    )
    school_years = models.PositiveSmallIntegerField(_("Schuljahre"), null=True, blank=True)
    school_country = CountryField(_("Land des Schulbesuchs"), blank=True)
    work_experience = BoundedTextField(_("Berufserfahrung"), max_length=5000, blank=True)
    own_goals = BoundedTextField(_("eigene Ziele der Person"), max_length=5000, blank=True)
    childcare_needed = models.BooleanField(_("Kinderbetreuung erforderlich"), default=False)
    other_constraints = BoundedTextField(_("sonstige Einschränkungen"), max_length=5000, blank=True)
    # Art. 9 GDPR special category: visible to the lead institution only (view_case_health);
    # encrypted at rest (rheine_integration.base.encryption), so never searched or filtered.
    health_constraints = EncryptedTextField(
        _("gesundheitliche Einschränkungen"), max_length=5000, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-version"]
        get_latest_by = "version"
        verbose_name = _("Kompetenzfeststellung")
        verbose_name_plural = _("Kompetenzfeststellungen")
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_assessment_per_version")
        ]

    def __str__(self):
        return _("Kompetenzfeststellung, Version %(version)s") % {"version": self.version}

    @property
    def german_level(self) -> int:
        """Overall German level: the weakest skill, because a course needs all four."""
        return min(
            self.german_listening, self.german_reading, self.german_writing, self.german_speaking
        )

    @property
    def german_level_label(self) -> str:
        return CEFR(self.german_level).label


class Qualification(models.Model):
    class Kind(models.TextChoices):
        SCHOOL = "school", _("Schulabschluss")
        VOCATIONAL = "vocational", _("Berufsabschluss")
        ACADEMIC = "academic", _("Hochschulabschluss")

    class Recognition(models.TextChoices):
        """Anerkennung nach BQFG / Landesrecht."""

        NOT_APPLIED = "not_applied", _("nicht beantragt")
        IN_PROGRESS = "in_progress", _("Verfahren läuft")
        FULL = "full", _("voll anerkannt")
        PARTIAL = "partial", _("teilweise anerkannt (Ausgleichsmaßnahme)")
        REJECTED = "rejected", _("nicht anerkannt")
        NOT_REQUIRED = "not_required", _("nicht erforderlich (nicht reglementiert)")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="qualifications"
    )
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Bezeichnung"), max_length=200)
    country = CountryField(_("Land"), blank=True)
    year = models.PositiveSmallIntegerField(_("Jahr"), null=True, blank=True)
    recognition = models.CharField(
        _("Anerkennung"),
        max_length=20,
        choices=Recognition.choices,
        default=Recognition.NOT_APPLIED,
    )

    class Meta:
        verbose_name = _("Qualifikation")
        verbose_name_plural = _("Qualifikationen")

    def __str__(self):
        return self.title
