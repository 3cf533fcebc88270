"""Fall: one shared case per person across institutions and legal domains."""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from networks.models import FieldOfAction
from rheine_integration.base.encryption import BoundedTextField


class Scope(models.TextChoices):
    """Parts of a case a consent can share (§67b SGB X: consent names recipient and data)."""

    BASIC = "basic", _("Stammdaten und Fallübersicht")
    ASSESSMENT = "assessment", _("Kompetenzfeststellung")
    PLAN = "plan", _("Integrationsplan und Maßnahmen")
    NOTES = "notes", _("Vermerke und Kontakte")
    RESIDENCE = "residence", _("Aufenthalt")
    # For a course provider: name, birth year, contact and German level/literacy of a
    # participant of its own courses only; it opens nothing of the case itself.
    COURSE = "course", _("Kurs")


class CaseQuerySet(models.QuerySet):
    def open(self):
        return self.filter(closed_on__isnull=True)

    def closed(self):
        return self.filter(closed_on__isnull=False)


class Case(models.Model):
    class Phase(models.TextChoices):
        """The case management cycle."""

        INTAKE = "intake", _("Aufnahme")
        ASSESSMENT = "assessment", _("Einschätzung")
        PLANNING = "planning", _("Planung")
        IMPLEMENTATION = "implementation", _("Umsetzung")
        MONITORING = "monitoring", _("Monitoring")
        CLOSED = "closed", _("Abschluss")

    class ClosingReason(models.TextChoices):
        GOAL_REACHED = "goal_reached", _("Ziel erreicht")
        MOVED_AWAY = "moved_away", _("verzogen")
        LEFT_GERMANY = "left_germany", _("ausgereist")
        NO_CONTACT = "no_contact", _("kein Kontakt mehr")
        ENDED_BY_PERSON = "ended_by_person", _("Mitwirkung von der Person beendet")
        REFERRED_OUTSIDE = "referred_outside", _("an Stelle außerhalb des Netzwerks abgegeben")
        OTHER = "other", _("anderer Grund")

    person = models.ForeignKey("cases.Person", on_delete=models.PROTECT, related_name="cases")
    lead_institution = models.ForeignKey(
        "networks.Institution",
        on_delete=models.PROTECT,
        related_name="led_cases",
        verbose_name=_("federführende Institution"),
    )
    case_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="managed_cases",
        verbose_name=_("Fallmanager/in"),
    )
    fields_of_action = ArrayField(
        models.CharField(max_length=20, choices=FieldOfAction.choices),
        verbose_name=_("Handlungsfelder"),
        default=list,
    )
    phase = models.CharField(_("Phase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE)
    opened_on = models.DateField(_("eröffnet am"), default=timezone.localdate)
    closed_on = models.DateField(_("abgeschlossen am"), null=True, blank=True)
    closing_reason = models.CharField(
        _("Abschlussgrund"), max_length=30, choices=ClosingReason.choices, blank=True
    )
    closing_note = BoundedTextField(_("Bemerkung zum Abschluss"), max_length=2000, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(default=timezone.now, db_index=True)
    # Optimistic locking: a save that started from an older version is refused (no lost updates).
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("Fall")
        verbose_name_plural = _("Fälle")
        default_permissions = ("view", "change")
        permissions = [
            ("view_case_assessment", _("Kompetenzfeststellung des Falls sehen")),
            ("view_case_plan", _("Integrationsplan und Maßnahmen des Falls sehen")),
            ("view_case_notes", _("Vermerke und Kontakte des Falls sehen und schreiben")),
            ("view_case_residence", _("Aufenthaltsstatus (Verlauf) des Falls sehen")),
            ("view_case_health", _("Gesundheitsangaben des Falls sehen (nur Federführung)")),
        ]
        constraints = [
            # One shared case management: a person has at most one open case at a time.
            models.UniqueConstraint(
                fields=["person"],
                condition=models.Q(closed_on__isnull=True),
                name="one_open_case_per_person",
            ),
            models.CheckConstraint(
                condition=models.Q(closed_on__isnull=True)
                | models.Q(closed_on__gte=models.F("opened_on")),
                name="case_closed_after_opened",
            ),
        ]
        indexes = [
            models.Index(fields=["lead_institution", "-updated_at"], name="case_lead_updated")
        ]

    def __str__(self):
        return self.reference

    @property
    def reference(self) -> str:
        return f"F-{self.pk:06d}" if self.pk else "F-neu"

    @property
    def fields_of_action_display(self) -> str:
        return ", ".join(str(FieldOfAction(value).label) for value in self.fields_of_action)

    @property
    def is_open(self) -> bool:
        return self.closed_on is None
