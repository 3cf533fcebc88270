"""Access to the steering app."""

from networks.models import REPORT_ROLES, STEERING_ROLES


def can_see_steering(user) -> bool:
    return bool(user.roles & STEERING_ROLES)


def can_see_reports(user) -> bool:
    return bool(user.roles & REPORT_ROLES)
