"""Access to the steering app."""

from networks.models import Role


def can_see_steering(user) -> bool:
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR})


def can_see_reports(user) -> bool:
    return bool(user.roles & {Role.STEERING_MEMBER, Role.COORDINATOR, Role.COMMITTEE_READER})
