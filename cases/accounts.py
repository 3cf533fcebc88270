"""Audit entries for what the admin (/verwaltung/) changes on accounts: roles that open case
content, the institution of an account holding them, and passwords set by an administrator.

networks' admin keeps accounts; this module, above it, records those changes (cases.admin
registers the account admin with these hooks) so that a role given in the admin is never silent.
"""

from cases import audit
from networks.models import Membership, Role, User

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
    audit.record(
        by,
        audit.Action.CHANGE,
        object_type="account_password",
        object_id=str(account.pk),
        detail=f"set by administrator; institution {institution}; roles {','.join(sorted(roles))}",
    )
