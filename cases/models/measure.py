"""Maßnahmen and their catalogue, whose prerequisites stop the paper's
"qualification course before literacy course" problem."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.assessment import CEFR, Literacy
from cases.models.person import ResidenceStatus
from networks.models import FieldOfAction, LegalDomain
from rheine_integration.base.encryption import BoundedTextField


class MeasureType(models.Model):
    """A catalogue entry, kept as data and edited by coordinators."""

    name = models.CharField(_("Bezeichnung"), max_length=150, unique=True)
    description = BoundedTextField(_("Beschreibung"), max_length=5000, blank=True)
    field_of_action = models.CharField(
        _("Handlungsfeld"), max_length=20, choices=FieldOfAction.choices
    )
    min_german_level = models.PositiveSmallIntegerField(
        _("mindestens Deutschniveau"), choices=CEFR.choices, null=True, blank=True
    )
    min_literacy = models.PositiveSmallIntegerField(
        _("mindestens Alphabetisierung"), choices=Literacy.choices, null=True, blank=True
    )
    allowed_residence_statuses = ArrayField(
        models.CharField(max_length=30, choices=ResidenceStatus.choices),
        verbose_name=_("zulässige Aufenthaltsstatus (leer: alle)"),
        default=list,
        blank=True,
    )
    # What completing the measure gives: the prerequisite engine walks the catalogue from the
    # person's levels along these to show the way to a measure that is still out of reach.
    leads_to_german_level = models.PositiveSmallIntegerField(
        _("führt zu Deutschniveau"), choices=CEFR.choices, null=True, blank=True
    )
    leads_to_literacy = models.PositiveSmallIntegerField(
        _("führt zu Alphabetisierung"), choices=Literacy.choices, null=True, blank=True
    )
    # Instruments of one legal domain only, e.g. the Jobcenter's (§ 16 SGB II) under SGB II.
    allowed_legal_domains = ArrayField(
        models.CharField(max_length=20, choices=LegalDomain.choices),
        verbose_name=_("nur in den Rechtskreisen (leer: alle)"),
        default=list,
        blank=True,
    )
    required_preceding = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("setzt abgeschlossene Maßnahme voraus"),
    )
    typical_duration_weeks = models.PositiveSmallIntegerField(
        _("übliche Dauer (Wochen)"), null=True, blank=True
    )
    is_active = models.BooleanField(_("aktiv"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("Maßnahmeart")
        verbose_name_plural = _("Maßnahmearten (Katalog)")

    def __str__(self):
        return self.name


class Measure(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("geplant")
        WAITING = "waiting", _("Warteliste")
        RUNNING = "running", _("läuft")
        COMPLETED = "completed", _("abgeschlossen")
        ABORTED = "aborted", _("abgebrochen")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="measures")
    measure_type = models.ForeignKey(
        MeasureType, on_delete=models.PROTECT, verbose_name=_("Maßnahmeart")
    )
    provider = models.CharField(_("Träger / Anbieter"), max_length=200, blank=True)
    responsible_institution = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("zuständige Institution"),
    )
    planned_start = models.DateField(_("geplanter Beginn"), null=True, blank=True)
    planned_end = models.DateField(_("geplantes Ende"), null=True, blank=True)
    actual_start = models.DateField(_("tatsächlicher Beginn"), null=True, blank=True)
    actual_end = models.DateField(_("tatsächliches Ende"), null=True, blank=True)
    status = models.CharField(
        _("Status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    abort_reason = BoundedTextField(_("Abbruchgrund"), max_length=2000, blank=True)
    # Planned although prerequisites were not met: what was missing and why it was done anyway.
    unmet_prerequisites = ArrayField(
        models.CharField(max_length=300), default=list, blank=True, editable=False
    )
    justification = BoundedTextField(
        _("Begründung trotz fehlender Voraussetzungen"), max_length=2000, blank=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["planned_start", "pk"]
        verbose_name = _("Maßnahme")
        verbose_name_plural = _("Maßnahmen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="measure_planned_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(actual_end__isnull=True)
                | models.Q(actual_start__isnull=True)
                | models.Q(actual_end__gte=models.F("actual_start")),
                name="measure_actual_end_after_start",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="aborted") | ~models.Q(abort_reason=""),
                name="aborted_measure_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["status", "planned_end"], name="measure_status_end")]

    def __str__(self):
        return str(self.measure_type)

    @property
    def overrode_prerequisites(self) -> bool:
        return bool(self.unmet_prerequisites)
