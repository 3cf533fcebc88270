from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions
from cases.forms import AuditFilterForm, MeasureTypeForm
from cases.models import AuditEntry, MeasureType


def measure_type_list(request):
    if not permissions.can_manage_catalogue(request.user):
        raise PermissionDenied
    types = MeasureType.objects.select_related("required_preceding")
    return render(request, "cases/measure_type_list.html", {"measure_types": types})


@require_http_methods(["GET", "POST"])
def measure_type_edit(request, pk=None):
    if not permissions.can_manage_catalogue(request.user):
        raise PermissionDenied
    instance = get_object_or_404(MeasureType, pk=pk) if pk else None
    form = MeasureTypeForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("Der Katalogeintrag wurde gespeichert."))
        return redirect("cases:measure_types")
    title = _("Maßnahmeart bearbeiten") if instance else _("Neue Maßnahmeart")
    return render(request, "cases/form.html", {"form": form, "title": title})


def audit_log(request):
    """Coordinators read who accessed which case; entries hold ids, never personal data."""
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET or None)
    entries = AuditEntry.objects.select_related("institution").order_by("-at", "-pk")
    if form.is_valid():
        if form.cleaned_data["case"]:
            entries = entries.filter(case_id=form.cleaned_data["case"])
        if form.cleaned_data["username"]:
            entries = entries.filter(username=form.cleaned_data["username"])
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "cases/audit_log.html", {"form": form, "page": page})
