"""What the admin (/verwaltung/) changes on accounts: roles that open case content, the
institution of an account holding them, and passwords set by an administrator.

networks' admin keeps accounts; this module, above it, records those changes (cases.admin
registers the account admin with these hooks) so that a role given in the admin is never silent:
an audit entry, an AccountChange and a notification to the coordinators of the institutions
concerned, who can undo it (undo_account_change).
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from cases.models import Notification, NotificationKind
from networks.models import AccountChange, Membership, Role, User
from rheine_integration.base import audit

# Roles that open case content or its audit log (the second factor is required for them too).
CASE_ACCESS_ROLES = frozenset({Role.CASE_MANAGER, Role.COORDINATOR})


def membership_state(user: User) -> tuple[int | None, frozenset[str]]:
    membership = Membership.objects.filter(user=user).values_list("institution", "roles").first()
    return (membership[0], frozenset(membership[1])) if membership else (None, frozenset())


def record_membership_change(
    *, account: User, by: User, before: tuple[int | None, frozenset[str]]
) -> None:
    """A GRANT entry when the account gains a case role or moves institution with one; a
    REVOKE entry when it loses one. Detail: role codes and institution ids only."""
    institution_before, roles_before = before
    institution_after, roles_after = membership_state(account)
    case_before, case_after = roles_before & CASE_ACCESS_ROLES, roles_after & CASE_ACCESS_ROLES
    moved = institution_before != institution_after
    granted = case_after if moved else case_after - case_before
    revoked = case_before if moved else case_before - case_after
    where = (
        f"institution {institution_before}->{institution_after}"
        if moved
        else (f"institution {institution_after}")
    )
    if granted or revoked:
        _tell_coordinators(
            AccountChange.objects.create(
                account=account,
                kind=AccountChange.Kind.ROLES,
                changed_by=by,
                institution_before_id=institution_before,
                institution_after_id=institution_after,
                roles_before=sorted(roles_before),
                roles_after=sorted(roles_after),
            )
        )
    if granted:
        audit.record(
            by,
            audit.Action.GRANT,
            object_type="account_role",
            object_id=str(account.pk),
            detail=f"roles +{','.join(sorted(granted))}; {where}",
        )
    if revoked:
        audit.record(
            by,
            audit.Action.REVOKE,
            object_type="account_role",
            object_id=str(account.pk),
            detail=f"roles -{','.join(sorted(revoked))}; {where}",
        )


def record_password_set(*, account: User, by: User) -> None:
    institution, roles = membership_state(account)
    # A new account has no institution yet when its first password is saved; the roles it is
    # given right after reach the coordinators as a role change.
    if institution is not None:
        _tell_coordinators(
            AccountChange.objects.create(
                account=account,
                kind=AccountChange.Kind.PASSWORD,
                changed_by=by,
                institution_before_id=institution,
                institution_after_id=institution,
                roles_before=sorted(roles),
                roles_after=sorted(roles),
            )
        )
    audit.record(
        by,
        audit.Action.CHANGE,
        object_type="account_password",
        object_id=str(account.pk),
        detail=f"set by administrator; institution {institution}; roles {','.join(sorted(roles))}",
    )


def _tell_coordinators(change: AccountChange) -> None:
    """An in-app notification to each coordinator of the institutions before and after."""
    institutions = {change.institution_before_id, change.institution_after_id} - {None}
    coordinators = User.objects.filter(
        is_active=True,
        membership__institution__in=institutions,
        membership__roles__contains=[Role.COORDINATOR],
    ).exclude(pk=change.changed_by_id)
    today = timezone.localdate()
    Notification.objects.bulk_create(
        Notification(
            user=coordinator,
            kind=NotificationKind.ACCOUNT_CHANGED,
            object_type="accountchange",
            object_id=change.pk,
            day=today,
            found_on=today,
        )
        for coordinator in coordinators
    )


@transaction.atomic
def undo_account_change(change: AccountChange, *, by: User) -> None:
    """The coordinator concerned undoes an admin change: the roles and institution before come
    back; a password set by an administrator stops working (the account holder sets a new one
    with "Passwort vergessen")."""
    change = AccountChange.objects.select_for_update().get(pk=change.pk)
    if change.undone_at is not None:
        raise PermissionDenied("already undone")
    account = change.account
    if change.kind == AccountChange.Kind.ROLES:
        membership = Membership.objects.select_for_update().filter(user=account).first()
        if change.institution_before_id is None:
            if membership is not None:
                membership.delete()
        else:
            membership = membership or Membership(user=account)
            membership.institution_id = change.institution_before_id
            membership.roles = list(change.roles_before)
            membership.save()
        action = audit.Action.REVOKE
    else:
        account.set_unusable_password()
        account.save(update_fields=["password"])
        action = audit.Action.CHANGE
    change.undone_at, change.undone_by = timezone.now(), by
    change.save(update_fields=["undone_at", "undone_by"])
    audit.record(
        by,
        action,
        object_type="account_change_undone",
        object_id=str(change.pk),
        detail=f"{change.kind}; account {account.pk}",
    )
