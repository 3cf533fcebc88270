"""Writing the audit log. Entries carry ids and field names, never personal data."""

from collections.abc import Iterable

from django.apps import apps
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Action(models.TextChoices):
    VIEW = "view", _("gelesen")
    CREATE = "create", _("angelegt")
    CHANGE = "change", _("geändert")
    DELETE = "delete", _("gelöscht")
    DOWNLOAD = "download", _("heruntergeladen")
    EXPORT = "export", _("exportiert")
    SEARCH = "search", _("gesucht")
    GRANT = "grant", _("Zugriff erteilt")
    REVOKE = "revoke", _("Zugriff entzogen")
    DENIED = "denied", _("Zugriff verweigert")


# The model (cases_auditentry with its hash-chain and append-only triggers) still lives in
# cases/models/audit.py; the writer looks it up by name so this layer imports no app.
def _entry_model():
    return apps.get_model("cases", "AuditEntry")


def record(
    user,
    action: str,
    obj: models.Model | None = None,
    *,
    case=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
) -> models.Model:
    """Append one entry: who (and for which institution) did what to which object."""
    case_id = (
        case.pk
        if case is not None
        else (obj.pk if obj is not None and obj._meta.model_name == "case" else None)
    )
    return _entry_model().objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        institution=getattr(user, "institution", None),
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        case_id=case_id,
        detail=detail[:500],
    )


# One statement for a whole list instead of a model instance per row (README, benchmark
# records); the ids travel as one array parameter.
_INSERT_LIST = (
    "INSERT INTO cases_auditentry"
    " (at, user_id, username, institution_id, action, object_type, object_id, case_id, detail)"
    " SELECT %s, %s, %s, %s, %s, %s, shown.id::text, shown.id, %s"
    " FROM unnest(%s::bigint[]) WITH ORDINALITY AS shown (id, position) ORDER BY position"
)


def record_list(user, object_type: str, cases: Iterable, *, detail: str = "") -> None:
    """One entry per case shown in a list or search result (each row shows personal data)."""
    case_ids = [case.pk for case in cases]
    if not case_ids:
        return
    institution = getattr(user, "institution", None)
    with connection.cursor() as cursor:
        cursor.execute(
            _INSERT_LIST,
            [
                timezone.now(),
                user.pk,
                user.username,
                getattr(institution, "pk", None),
                Action.VIEW,
                object_type,
                detail[:500],
                case_ids,
            ],
        )
