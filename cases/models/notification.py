"""In-app notifications from the daily reminder jobs and the daily e-mail digest.

Exactly once comes from the database, not from the broker: a notification is unique per
(user, kind, object, day) and a digest per (user, day). ``day`` is the date the reminder is
about (due date, end, expiry, deadline), so a job that runs twice, or catches up after a missed
day, meets the existing row instead of writing a second one.
"""

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rheine_integration.base.labels import label


class NotificationKind(models.TextChoices):
    FOLLOW_UP_DUE = "follow_up_due", _("Wiedervorlage fällig")
    MEASURE_ENDING = "measure_ending", _("Maßnahme endet ohne Anschlussmaßnahme")
    CONSENT_EXPIRING = "consent_expiring", _("Einwilligung läuft ab")
    CONSENT_EXPIRED = "consent_expired", _("Einwilligung abgelaufen, Zugriff entzogen")
    RESIDENCE_EXPIRING = "residence_expiring", _("Aufenthaltstitel läuft ab")
    HANDOVER_UNANSWERED = "handover_unanswered", _("Übergabe unbeantwortet")
    # To the sending institution's case manager, who may have lost access to the case with it.
    HANDOVER_ACCEPTED = "handover_accepted", _("Übergabe angenommen")
    HANDOVER_DECLINED = "handover_declined", _("Übergabe abgelehnt")
    HANDOVER_ENDED = (
        "handover_ended",
        _("Übergabe beendet: Einwilligung widerrufen oder abgelaufen"),
    )
    NO_CONTACT = "no_contact", _("Kein Kontakt seit langer Zeit")
    RETENTION_ENDED = "retention_ended", _("Aufbewahrungsfrist abgelaufen")
    ACCOUNT_CHANGED = "account_changed", _("Kontoänderung durch die Administration")
    ELIGIBILITY_CHANGED = "eligibility_changed", _("Aufenthaltsstatus geändert: Maßnahmen prüfen")
    RECOGNITION_WAITING = "recognition_waiting", _("Anerkennungsverfahren ohne Entscheidung")
    # Course seats (cases.courses): to the case manager of the person concerned.
    SEAT_OFFER_OPEN = "seat_offer_open", _("Kursplatz angeboten: bis zur Frist annehmen")
    COURSE_STARTING = "course_starting", _("Bestätigter Kurs beginnt nächste Woche")
    FREE_SEATS_ELSEWHERE = "free_seats_elsewhere", _("Freie Plätze in einem anderen Kurs")

    @classmethod
    def legal_deadlines(cls) -> frozenset[str]:
        """Deadlines set by law (§67b SGB X consent, AufenthG residence title): in-app and
        e-mail reminders for them cannot be switched off."""
        return frozenset({cls.CONSENT_EXPIRING, cls.CONSENT_EXPIRED, cls.RESIDENCE_EXPIRING})


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    Kind = NotificationKind

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("Art"), max_length=30, choices=NotificationKind.choices)
    # None for notifications about an account (an AccountChange), not a case.
    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    # The row the reminder is about (follow-up, measure, consent, person, handover, case).
    object_type = models.CharField(max_length=30)
    object_id = models.PositiveBigIntegerField()
    # The date the reminder is about: due date, end, expiry or deadline. Part of the unique key.
    day = models.DateField(_("Stichtag"))
    # The working day a job found it; the digest of that day (or a later one) carries it.
    found_on = models.DateField(_("gefunden am"))
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(_("gelesen am"), null=True, blank=True)
    # Set when a digest took the notification (whether or not its kind is wanted by e-mail).
    digest = models.ForeignKey(
        "cases.DigestDelivery",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="notifications",
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-found_on", "day", "pk"]
        verbose_name = _("Benachrichtigung")
        verbose_name_plural = _("Benachrichtigungen")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "kind", "object_type", "object_id", "day"],
                name="one_notification_per_finding",
            )
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=models.Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(fields=["user", "-found_on"], name="notification_user_recent"),
            models.Index(
                fields=["user", "found_on"],
                condition=models.Q(digest__isnull=True),
                name="notification_undigested",
            ),
        ]

    def __str__(self):
        return f"{label(self, 'kind')} {self.case_id}"

    @property
    def is_legal_deadline(self) -> bool:
        return self.kind in NotificationKind.legal_deadlines()

    @property
    def path(self) -> str:
        """Where the notification leads: an answered handover to the sender's record of it
        (after acceptance the case is no longer theirs to open), an account change to the
        coordinators' list of them, everything else to the case."""
        if self.kind in (NotificationKind.HANDOVER_ACCEPTED, NotificationKind.HANDOVER_DECLINED):
            return reverse("cases:sent_handovers")
        if self.case_id is None:
            return reverse("cases:account_changes")
        return reverse("cases:detail", args=[self.case_id])


class DigestDelivery(models.Model):
    """The outbox row of one user's e-mail digest of one working day."""

    class Status(models.TextChoices):
        PENDING = "pending", _("wartet auf Versand")
        SENT = "sent", _("versendet")
        EMPTY = "empty", _("nichts zu versenden")
        MERGED = "merged", _("in späteren Tagesbericht übernommen")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digests"
    )
    day = models.DateField()
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-day", "user"]
        verbose_name = _("Tagesbericht")
        verbose_name_plural = _("Tagesberichte")
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="one_digest_per_user_and_day")
        ]
        indexes = [
            models.Index(
                fields=["day"], condition=models.Q(status="pending"), name="digest_pending"
            )
        ]

    def __str__(self):
        return f"{self.user_id} {self.day:%Y-%m-%d}"

    @property
    def message_id(self) -> str:
        """Stable Message-ID: a resent digest carries the same one, so receiving mail servers
        with duplicate suppression (and people) recognise it as the same message."""
        return f"<digest-{self.user_id}-{self.day:%Y%m%d}@rheine-integration>"


class NotificationSettings(models.Model):
    """Which reminder kinds a user does NOT want by e-mail (in-app they always appear)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_settings"
    )
    email_muted_kinds = ArrayField(
        models.CharField(max_length=30, choices=NotificationKind.choices),
        default=list,
        blank=True,
    )

    class Meta:
        verbose_name = _("Benachrichtigungseinstellung")
        verbose_name_plural = _("Benachrichtigungseinstellungen")

    def __str__(self):
        return str(self.user)

    def wants_email(self, kind: str) -> bool:
        return kind in NotificationKind.legal_deadlines() or kind not in self.email_muted_kinds
