"""Coordinators' data-protection pages: the audit log as CSV, and the retention list."""

import csv

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import audit_labels, permissions, retention
from cases.forms import AuditFilterForm
from cases.models import AuditEntry
from rheine_integration.base import audit
from rheine_integration.base.export import csv_safe
from rheine_integration.base.labels import label


def audit_export(request):
    """The audit entries of one case or one user account as CSV; the export is audited itself."""
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    form = AuditFilterForm(request.GET)
    if not form.is_valid() or not (form.cleaned_data["case"] or form.cleaned_data["username"]):
        return HttpResponseBadRequest(_("Bitte eine Fall-Nr. oder ein Benutzerkonto angeben."))
    entries = AuditEntry.objects.select_related("institution").order_by("at", "pk")
    case_id, username = form.cleaned_data["case"], form.cleaned_data["username"]
    if case_id:
        entries = entries.filter(case_id=case_id)
    if username:
        entries = entries.filter(username=username)
    audit.record(
        request.user,
        audit.Action.EXPORT,
        object_type="audit_log",
        object_id=str(case_id or ""),
        case=None,
        detail=f"csv case={case_id or ''} username={username or ''}",
    )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"protokoll-fall-{case_id}" if case_id else "protokoll-benutzer"
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    response.write("\ufeff")  # Excel reads UTF-8 with a byte order mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow(
        [
            _("Zeitpunkt"),
            _("Benutzerkonto"),
            _("Institution"),
            _("Aktion"),
            _("Objektart"),
            _("Objekt-ID"),
            _("Fall-Nr."),
            _("Detail"),
            # The same object and detail in words; the columns before keep the codes.
            _("Objekt (Klartext)"),
            _("Detail (Klartext)"),
        ]
    )
    for entry in entries.iterator(chunk_size=2000):
        writer.writerow(
            csv_safe(value)
            for value in (
                timezone.localtime(entry.at).strftime("%d.%m.%Y %H:%M:%S"),
                entry.username,
                entry.institution.short_name if entry.institution else "",
                label(entry, "action"),
                entry.object_type,
                entry.object_id,
                entry.case_id or "",
                entry.detail,
                f"{audit_labels.object_label(entry)} {entry.object_id}".strip(),
                audit_labels.detail_label(entry),
            )
        )
    return response


@require_http_methods(["GET", "POST"])
def retention_list(request):
    """Löschfristen: persons due for anonymisation (case references only); a button runs it."""
    if not permissions.can_read_audit_log(request.user):
        raise PermissionDenied
    if request.method == "POST":
        done = retention.anonymise_expired(by=request.user)
        messages.success(
            request, _("%(count)s Person(en) wurden anonymisiert.") % {"count": len(done)}
        )
        return redirect("cases:retention")
    return render(
        request,
        "cases/retention.html",
        {
            "due": retention.due_list(),
            "cutoff": retention.cutoff(timezone.localdate()),
            "years": settings.RETENTION_YEARS_AFTER_CLOSING,
        },
    )
