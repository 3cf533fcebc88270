"""Case trajectories (Fallverläufe): possible (Anlage 1), ideal (Anlage 2) and observed.

Stations belong to a version. A version that a meeting's agenda points to is frozen: the next
edit copies it into a new version, so the minutes keep showing what was discussed.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from networks.models import FieldOfAction, Institution


class Trajectory(models.Model):
    class Kind(models.TextChoices):
        POSSIBLE = "possible", _("möglicher Verlauf (heute)")
        IDEAL = "ideal", _("idealer Verlauf")
        OBSERVED = "observed", _("beobachteter Verlauf (aus den Fällen)")

    title = models.CharField(_("Titel"), max_length=200)
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    # Observed trajectories belong to no group; every member reads them.
    working_group = models.ForeignKey(
        "networks.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trajectories",
        verbose_name=_("Arbeitskreis"),
    )
    field_of_action = models.CharField(
        _("Handlungsfeld"), max_length=20, choices=FieldOfAction.choices, blank=True
    )
    description = models.TextField(_("Beschreibung"), blank=True)
    observed_run = models.ForeignKey(
        "networks.ObservedRun",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="trajectories",
    )
    case_count = models.PositiveIntegerField(_("Fälle auf diesem Weg"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "title"]
        verbose_name = _("Fallverlauf")
        verbose_name_plural = _("Fallverläufe")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="observed") | models.Q(working_group__isnull=False),
                name="drawn_trajectory_has_group",
            )
        ]

    def __str__(self):
        return self.title

    def current_version(self) -> "TrajectoryVersion":
        return self.versions.order_by("-number").first()


class TrajectoryVersion(models.Model):
    trajectory = models.ForeignKey(Trajectory, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("Version"))
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        ordering = ["trajectory", "number"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "number"], name="version_number_unique")
        ]

    def __str__(self):
        return f"{self.trajectory} (Version {self.number})"

    @property
    def frozen(self) -> bool:
        """Discussed in a meeting: edits go into a new version."""
        return self.agenda_items.exists()

    def total_weeks(self) -> float:
        return sum(s.wait_weeks + s.duration_weeks for s in self.stations.all())


class Station(models.Model):
    version = models.ForeignKey(
        TrajectoryVersion, on_delete=models.CASCADE, related_name="stations"
    )
    position = models.PositiveSmallIntegerField(_("Position"))
    institution = models.ForeignKey(
        Institution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("Institution"),
    )
    # Observed paths know only the kind of institution, never a single office's case.
    institution_kind = models.CharField(
        _("Art der Institution"), max_length=30, choices=Institution.Kind.choices, blank=True
    )
    step = models.CharField(_("Was geschieht"), max_length=200)
    duration_weeks = models.DecimalField(
        _("übliche Dauer (Wochen)"), max_digits=6, decimal_places=1, default=0
    )
    wait_weeks = models.DecimalField(
        _("Wartezeit davor (Wochen)"), max_digits=6, decimal_places=1, default=0
    )
    is_break_point = models.BooleanField(_("Bruchstelle"), default=False)
    break_point_note = models.CharField(_("Bruchstelle: was geschieht"), max_length=300, blank=True)
    # Observed stations: quartiles of duration and wait, and how many left the path here.
    figures = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("Station")
        verbose_name_plural = _("Stationen")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "position"],
                name="station_position_unique",
                deferrable=models.Deferrable.DEFERRED,
            ),
            models.CheckConstraint(
                condition=models.Q(duration_weeks__gte=0) & models.Q(wait_weeks__gte=0),
                name="station_weeks_not_negative",
            ),
        ]

    def __str__(self):
        return self.step

    @property
    def where(self) -> str:
        if self.institution_id:
            return self.institution.short_name
        return self.get_institution_kind_display() if self.institution_kind else ""

    @property
    def key(self) -> tuple[str, str]:
        """What makes two stations of different trajectories 'the same' in a comparison."""
        return (self.step.strip().casefold(), self.where.casefold())


class ObservedRun(models.Model):
    """One computation of observed trajectories from the cases, kept with its date."""

    field_of_action = models.CharField(
        _("Handlungsfeld"), max_length=20, choices=FieldOfAction.choices, blank=True
    )
    period_start = models.DateField(_("Zeitraum von"))
    period_end = models.DateField(_("Zeitraum bis"))
    computed_at = models.DateTimeField(_("berechnet am"), null=True, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    requested_at = models.DateTimeField(auto_now_add=True)
    # Aggregates only, already suppressed by cases.statistics.
    result = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("Berechnung beobachteter Verläufe")
        verbose_name_plural = _("Berechnungen beobachteter Verläufe")

    def __str__(self):
        return f"{self.period_start} – {self.period_end}"
