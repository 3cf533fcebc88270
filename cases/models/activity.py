"""Vermerke, Kontakte and Wiedervorlagen."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rheine_integration.base.encryption import EncryptedTextField
from rheine_integration.base.labels import label


class Note(models.Model):
    class Kind(models.TextChoices):
        NOTE = "note", _("Vermerk")
        CONTACT = "contact", _("Kontakt")

    class Channel(models.TextChoices):
        IN_PERSON = "in_person", _("persönlich")
        PHONE = "phone", _("Telefon")
        VIDEO = "video", _("Video")
        EMAIL = "email", _("E-Mail")
        LETTER = "letter", _("Brief")
        CASE_CONFERENCE = "conference", _("Fallkonferenz")
        OTHER = "other", _("sonstiges")

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("Art"), max_length=10, choices=Kind.choices, default=Kind.NOTE)
    channel = models.CharField(_("Kanal"), max_length=20, choices=Channel.choices, blank=True)
    occurred_on = models.DateField(_("Datum"))
    # Free text about the person's life: encrypted at rest (rheine_integration.base.encryption); never searched.
    text = EncryptedTextField(_("Text"), max_length=20000)
    # Confidential notes stay with the author's institution, whoever else may see the case.
    confidential = models.BooleanField(_("vertraulich (nur eigene Institution)"), default=False)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-occurred_on", "-pk"]
        verbose_name = _("Vermerk / Kontakt")
        verbose_name_plural = _("Vermerke und Kontakte")
        indexes = [
            models.Index(fields=["case", "kind", "-occurred_on"], name="note_case_kind_date")
        ]

    def __str__(self):
        return f"{label(self, 'kind')} {self.occurred_on:%d.%m.%Y}"


class FollowUpQuerySet(models.QuerySet):
    def pending(self):
        return self.filter(done_at__isnull=True)

    def due_by(self, day):
        return self.pending().filter(due_on__lte=day)


class FollowUp(models.Model):
    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="follow_ups")
    due_on = models.DateField(_("fällig am"))
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="follow_ups",
        verbose_name=_("zuständig"),
    )
    description = models.CharField(_("Anlass"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(_("erledigt am"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("Wiedervorlage")
        verbose_name_plural = _("Wiedervorlagen")
        indexes = [
            models.Index(
                fields=["assignee", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="followup_open_due",
            ),
        ]

    def __str__(self):
        return self.description
