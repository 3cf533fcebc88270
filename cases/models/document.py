"""Uploaded certificates and consent forms, under the same access rules as the case."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cases.models.case import Scope


def document_path(document: "Document", filename: str) -> str:
    # The stored name never contains the user's file name (no traversal, no personal data).
    suffix = PurePath(filename).suffix.lower()[:8]
    return f"cases/{document.case_id}/{uuid.uuid4().hex}{suffix}"


class Document(models.Model):
    class Kind(models.TextChoices):
        CONSENT_FORM = "consent_form", _("Einwilligungsformular")
        CERTIFICATE = "certificate", _("Zeugnis / Nachweis")
        OTHER = "other", _("sonstiges Dokument")

    # Which consent scope a reader needs for each kind of document.
    SCOPE_FOR_KIND = {
        Kind.CONSENT_FORM: Scope.BASIC,
        Kind.CERTIFICATE: Scope.ASSESSMENT,
        Kind.OTHER: Scope.NOTES,
    }

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("Art"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("Titel"), max_length=200)
    file = models.FileField(_("Datei"), upload_to=document_path)
    content_type = models.CharField(max_length=100, editable=False)
    size = models.PositiveIntegerField(editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-uploaded_at"]
        verbose_name = _("Dokument")
        verbose_name_plural = _("Dokumente")

    def __str__(self):
        return self.title

    @property
    def scope(self) -> str:
        return self.SCOPE_FOR_KIND[self.kind]
