"""Access to the steering app: the one place its views ask. Everything not granted is denied."""

from networks.models import REPORT_ROLES, STEERING_ROLES, Role


def can_see_steering(user) -> bool:
    return bool(user.roles & STEERING_ROLES)


def can_see_reports(user) -> bool:
    return bool(user.roles & REPORT_ROLES)


def can_see_dashboard(user) -> bool:
    """Steering members and coordinators read the figures (aggregates only)."""
    return bool(user.roles & STEERING_ROLES)


def can_refresh_figures(user) -> bool:
    return Role.COORDINATOR in user.roles


def can_manage_goals(user) -> bool:
    return Role.COORDINATOR in user.roles


def can_see_budget(user) -> bool:
    """Case managers and working groups do not see the budget; committee readers neither."""
    return bool(user.roles & STEERING_ROLES)


def can_edit_budget(user) -> bool:
    return Role.COORDINATOR in user.roles
