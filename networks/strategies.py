"""Solution strategies (Lösungsstrategien): proposed by a working group, reviewed by the
steering group. Every change is kept by django-simple-history (who, when, what)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Strategy(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("Entwurf")
        SUBMITTED = "submitted", _("an die Lenkungsgruppe übergeben")
        # The states after submission are the steering group's (issue 21).
        IN_REVIEW = "in_review", _("in Prüfung")
        APPROVED_FOR_PILOT = "approved_for_pilot", _("für einen Pilot freigegeben")
        RETURNED = "returned", _("mit Begründung zurückgegeben")
        REJECTED = "rejected", _("abgelehnt")

    # Every allowed change of state, in one table: (from, to) -> who may make it. The steering
    # group's review adds its rows here.
    TRANSITIONS = {
        (State.DRAFT, State.SUBMITTED): "chair",
        (State.RETURNED, State.SUBMITTED): "chair",
    }

    title = models.CharField(_("Titel"), max_length=200)
    working_group = models.ForeignKey(
        "networks.WorkingGroup",
        on_delete=models.PROTECT,
        related_name="strategies",
        verbose_name=_("vorschlagender Arbeitskreis"),
    )
    trajectory = models.ForeignKey(
        "networks.Trajectory",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="strategies",
        verbose_name=_("Fallverlauf"),
    )
    break_points = models.ManyToManyField(
        "networks.Station", blank=True, related_name="strategies", verbose_name=_("Bruchstellen")
    )
    problem = models.TextField(_("Problem"))
    proposal = models.TextField(_("Vorschlag"))
    # The steering group's indicators (issue 21) are named here until they can be linked.
    expected_effect = models.TextField(_("erwartete Wirkung (auf welchen Indikator)"), blank=True)
    state = models.CharField(_("Stand"), max_length=30, choices=State.choices, default=State.DRAFT)
    submitted_at = models.DateTimeField(_("übergeben am"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("übergeben von"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[break_points])

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("Lösungsstrategie")
        verbose_name_plural = _("Lösungsstrategien")

    def __str__(self):
        return self.title

    def can_move_to(self, state: str) -> bool:
        return (self.state, state) in self.TRANSITIONS

    @property
    def is_draft(self) -> bool:
        return self.state == self.State.DRAFT


class AffectedInstitution(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="affected")
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    change = models.TextField(_("was sich dort ändern würde"))
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["strategy", "institution"], name="affected_institution_once"
            )
        ]

    def __str__(self):
        return str(self.institution)


class StrategyComment(models.Model):
    strategy = models.ForeignKey(Strategy, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(_("Kommentar"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]

    def __str__(self):
        return self.text[:40]
