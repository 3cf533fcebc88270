"""Access to the steering app: the one place its views ask. Everything not granted is denied."""

from networks.models import Role


def can_see_steering(user) -> bool:
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR})


def can_see_reports(user) -> bool:
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR, Role.COMMITTEE_READER})


def can_see_dashboard(user) -> bool:
    """Steering members and coordinators read the figures (aggregates only)."""
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR})


def can_refresh_figures(user) -> bool:
    return Role.COORDINATOR in user.roles


def can_manage_goals(user) -> bool:
    return Role.COORDINATOR in user.roles


def can_see_budget(user) -> bool:
    """Case managers and working groups do not see the budget; committee readers neither."""
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR})


def can_edit_budget(user) -> bool:
    return Role.COORDINATOR in user.roles
