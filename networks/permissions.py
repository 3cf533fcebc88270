"""Access to the networks app: who may see working groups and master data."""

from networks.models import Role


def can_see_working_groups(user) -> bool:
    """Working-group members and coordinators see the groups, their members and meetings."""
    return bool(user.roles & {Role.WORKING_GROUP_MEMBER, Role.COORDINATOR})
