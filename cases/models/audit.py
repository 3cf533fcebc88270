"""Append-only record of every read and change of personal data (§67 SGB X, Art. 5(2) GDPR)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rheine_integration.base import audit


class AuditEntry(models.Model):
    Action = audit.Action

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: accounts with audit entries are deactivated, never deleted (the log is append-only).
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # Copies, so the entry stays readable when the account or institution changes.
    username = models.CharField(max_length=150, blank=True)
    institution = models.ForeignKey(
        "networks.Institution", on_delete=models.PROTECT, null=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    object_type = models.CharField(max_length=50)
    object_id = models.CharField(max_length=40, blank=True)
    # No foreign key: the entry must outlive the case (anonymisation, deletion).
    case_id = models.BigIntegerField(null=True, blank=True)
    # Never personal data here: ids, field names, counts.
    detail = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("Protokolleintrag")
        verbose_name_plural = _("Protokoll")
        indexes = [
            models.Index(fields=["case_id", "-at"], name="audit_case"),
            # The log is read by case or by username (coordinators' filter and export).
            models.Index(fields=["username", "-at"], name="audit_username"),
        ]

    def __str__(self):
        return f"{self.at:%d.%m.%Y %H:%M} {self.username} {self.action} {self.object_type} {self.object_id}"


class AuditChainLink(models.Model):
    """The hash chain over the log: one link per entry, written by a database trigger when the
    entry's transaction commits (migration 0013), never by the app.

    Each link's hash covers the entry's content, its position and the previous link's hash, so
    changing, removing or reordering an entry breaks the chain from there on, even for someone
    who can switch the append-only trigger off (``manage.py verify_audit_chain``). Positions
    follow the order of commits: entries' ids are handed out before and can commit in any order.
    """

    entry_id = models.BigIntegerField(primary_key=True)
    position = models.BigIntegerField(unique=True)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "cases_auditchain"
        default_permissions = ()

    def __str__(self):
        return f"{self.position} {self.entry_id}"
