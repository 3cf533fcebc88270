"""The observed trajectories page: the stored result, how fresh it is, and a refresh."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import observed
from networks.forms import ObservedRunForm
from networks.models import ObservedRun
from networks.permissions import can_see_working_groups, is_coordinator


def observed_trajectories(request):
    if not can_see_working_groups(request.user):
        raise PermissionDenied
    runs = ObservedRun.objects.filter(computed_at__isnull=False).order_by("-computed_at")
    latest = runs.first()
    return render(
        request,
        "networks/observed.html",
        {
            "run": latest,
            "trajectories": latest.trajectories.order_by("-case_count") if latest else [],
            "pending": ObservedRun.objects.filter(computed_at__isnull=True).exists(),
            "form": ObservedRunForm(),
            "can_refresh": is_coordinator(request.user),
        },
    )


@require_POST
def observed_refresh(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = ObservedRunForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "networks/observed.html",
            {"form": form, "can_refresh": True, "trajectories": []},
            status=400,
        )
    observed.request_run(
        field_of_action=form.cleaned_data["field_of_action"],
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        by=request.user,
    )
    messages.success(
        request, _("Die Berechnung ist beauftragt; die Seite zeigt sie, sobald sie fertig ist.")
    )
    return redirect("networks:observed")
