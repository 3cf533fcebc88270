from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import audit_labels, listing, permissions
from cases.forms import AuditFilterForm, MeasureTypeForm
from cases.models import AuditEntry, MeasureType

AUDIT_PAGE_SIZE = 50


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
    entries = AuditEntry.objects.select_related("institution")
    if form.is_valid():
        if form.cleaned_data["case"]:
            entries = entries.filter(case_id=form.cleaned_data["case"])
        if form.cleaned_data["username"]:
            entries = entries.filter(username=form.cleaned_data["username"])
    # The log only grows (an entry per case shown): paged by cursor, never counted.
    shown, next_cursor = listing.newest_first(entries, request.GET, AUDIT_PAGE_SIZE, at="at")
    for entry in shown:  # the codes in German words (audit_labels)
        entry.object_label = audit_labels.object_label(entry)
        entry.detail_label = audit_labels.detail_label(entry)
    query = request.GET.copy()
    query.pop("nach", None)
    older = query.copy()
    if next_cursor:
        older["nach"] = next_cursor
    return render(
        request,
        "cases/audit_log.html",
        {
            "form": form,
            "entries": shown,
            "newest_query": query.urlencode() if "nach" in request.GET else None,
            "older_query": older.urlencode() if next_cursor else None,
        },
    )
