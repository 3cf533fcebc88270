"""Meetings of a body: a working group (Arbeitskreis) or the steering group (Lenkungsgruppe).

One model for both bodies: the steering group's meetings are the same rows with
``body=STEERING_GROUP`` and no working group (steering adds what only it needs).
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Meeting(models.Model):
    class Body(models.TextChoices):
        WORKING_GROUP = "working_group", _("Arbeitskreis")
        STEERING_GROUP = "steering_group", _("Lenkungsgruppe")

    class Status(models.TextChoices):
        PLANNED = "planned", _("in Vorbereitung")
        INVITED = "invited", _("eingeladen")
        HELD = "held", _("stattgefunden")

    class MinutesStatus(models.TextChoices):
        NONE = "none", _("kein Protokoll")
        DRAFT = "draft", _("Entwurf")
        APPROVED = "approved", _("genehmigt")

    body = models.CharField(
        _("Gremium"), max_length=20, choices=Body.choices, default=Body.WORKING_GROUP
    )
    working_group = models.ForeignKey(
        "networks.WorkingGroup",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("Arbeitskreis"),
    )
    title = models.CharField(_("Titel"), max_length=200)
    starts_at = models.DateTimeField(_("Beginn"))
    ends_at = models.DateTimeField(_("Ende"))
    place = models.CharField(_("Ort"), max_length=200)
    status = models.CharField(
        _("Stand"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    invited_at = models.DateTimeField(_("eingeladen am"), null=True, blank=True)
    minutes_status = models.CharField(
        _("Protokoll"), max_length=20, choices=MinutesStatus.choices, default=MinutesStatus.NONE
    )
    # Minutes are approved at the next meeting; approved minutes are read-only.
    minutes_approved_at = models.DateTimeField(_("Protokoll genehmigt am"), null=True, blank=True)
    minutes_approved_in = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_minutes",
        verbose_name=_("genehmigt in der Sitzung"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("Sitzung")
        verbose_name_plural = _("Sitzungen")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(body="working_group", working_group__isnull=False)
                | models.Q(body="steering_group", working_group__isnull=True),
                name="meeting_body_matches_working_group",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="meeting_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.title} – {timezone.localtime(self.starts_at):%d.%m.%Y}"

    @property
    def minutes_read_only(self) -> bool:
        return self.minutes_status == self.MinutesStatus.APPROVED

    @property
    def is_past(self) -> bool:
        return self.starts_at < timezone.now()


class AgendaItem(models.Model):
    """Tagesordnungspunkt, with its part of the minutes (discussion and decisions)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("TOP"))
    title = models.CharField(_("Thema"), max_length=200)
    description = models.TextField(_("Erläuterung"), blank=True)
    # The version discussed, not the trajectory: later edits must not change old minutes.
    trajectory_version = models.ForeignKey(
        "networks.TrajectoryVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Fallverlauf"),
    )
    strategy = models.ForeignKey(
        "networks.Strategy",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("Lösungsstrategie"),
    )
    discussion = models.TextField(_("Beratung"), blank=True)
    decisions = models.TextField(_("Beschlüsse"), blank=True)

    class Meta:
        ordering = ["meeting", "position"]
        verbose_name = _("Tagesordnungspunkt")
        verbose_name_plural = _("Tagesordnungspunkte")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "position"], name="agenda_position_unique")
        ]

    def __str__(self):
        return f"TOP {self.position}: {self.title}"


class ActionItem(models.Model):
    agenda_item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="action_items"
    )
    description = models.CharField(_("Aufgabe"), max_length=300)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("wer"),
    )
    due_on = models.DateField(_("bis wann"))
    done = models.BooleanField(_("erledigt"), default=False)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Aufgabe")
        verbose_name_plural = _("Aufgaben")

    def __str__(self):
        return self.description


class Attendance(models.Model):
    class Status(models.TextChoices):
        PRESENT = "present", _("anwesend")
        EXCUSED = "excused", _("entschuldigt")
        DEPUTY = "deputy", _("vertreten")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendances")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("Mitglied"),
    )
    status = models.CharField(_("Teilnahme"), max_length=20, choices=Status.choices)
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("vertreten durch"),
    )

    class Meta:
        ordering = ["member__last_name", "member__first_name"]
        verbose_name = _("Teilnahme")
        verbose_name_plural = _("Teilnahmen")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "member"], name="one_attendance_per_member"),
            models.CheckConstraint(
                condition=~models.Q(status="deputy") | models.Q(deputy__isnull=False),
                name="deputy_attendance_names_deputy",
            ),
        ]

    def __str__(self):
        return f"{self.member}: {self.get_status_display()}"
