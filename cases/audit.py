"""Writing the audit log. Entries carry ids and field names, never personal data."""

from collections.abc import Iterable

from django.db import models

from cases.models import AuditEntry

Action = AuditEntry.Action


def record(
    user,
    action: str,
    obj: models.Model | None = None,
    *,
    case=None,
    object_type: str = "",
    object_id: str = "",
    detail: str = "",
) -> AuditEntry:
    """Append one entry: who (and for which institution) did what to which object."""
    case_id = (
        case.pk
        if case is not None
        else (obj.pk if obj is not None and obj._meta.model_name == "case" else None)
    )
    return AuditEntry.objects.create(
        user=user if user is not None and user.is_authenticated else None,
        username=getattr(user, "username", "") or "",
        institution=getattr(user, "institution", None),
        action=action,
        object_type=object_type or (obj._meta.model_name if obj is not None else ""),
        object_id=object_id or (str(obj.pk) if obj is not None else ""),
        case_id=case_id,
        detail=detail[:500],
    )


def record_list(user, object_type: str, cases: Iterable, *, detail: str = "") -> None:
    """One entry per case shown in a list or search result (each row shows personal data)."""
    institution = getattr(user, "institution", None)
    AuditEntry.objects.bulk_create(
        AuditEntry(
            user=user,
            username=user.username,
            institution=institution,
            action=Action.VIEW,
            object_type=object_type,
            object_id=str(case.pk),
            case_id=case.pk,
            detail=detail[:500],
        )
        for case in cases
    )
