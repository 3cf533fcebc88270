from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from steering.models import SteeringGroup
from steering.permissions import can_see_reports, can_see_steering


def index(request):
    if not can_see_steering(request.user):
        raise PermissionDenied
    groups = SteeringGroup.objects.prefetch_related(
        "seats__member", "seats__deputy", "seats__institution"
    )
    return render(request, "steering/index.html", {"steering_groups": groups})


def reports(request):
    if not can_see_reports(request.user):
        raise PermissionDenied
    return render(request, "steering/reports.html", {})
