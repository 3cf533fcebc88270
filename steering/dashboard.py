"""Start page content for the steering group and the committee."""

from steering.models import SteeringGroup


def steering_context(user) -> dict:
    return {"steering_groups": SteeringGroup.objects.filter(seats__member=user).distinct()}


def committee_context(user) -> dict:
    return {}
