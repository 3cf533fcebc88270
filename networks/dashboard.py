"""Start page content for working-group members and administrators."""

from networks.models import Institution, WorkingGroup


def working_group_context(user) -> dict:
    return {"working_groups": WorkingGroup.objects.filter(members=user)}


def administrator_context(user) -> dict:
    return {"institution_count": Institution.objects.filter(is_active=True).count()}
