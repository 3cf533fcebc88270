from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, F, OuterRef, Subquery
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import handover_preparation, listing, permissions, services, timeline, versioning
from cases.filters import CaseFilter, rendered_fields
from cases.forms import CaseForm, CloseCaseForm, PersonEditForm, ReopenForm
from cases.models import Case, FollowUp
from networks.models import User
from rheine_integration.base import audit
from rheine_integration.base.jinja2 import render_partial

PAGE_SIZE = 25
# The case page shows the newest part of a long history; the history page shows all of it.
CASE_PAGE_NOTES = 20
CASE_PAGE_EVENTS = 50
_URL_KEY = 918273645  # stands for a case's key in a reversed URL (digits no path has otherwise)
# What a list row shows besides the case's own phase, closing day and activity: each related
# value as a column of the case row (no person, institution or account instances to build).
LIST_RELATED_COLUMNS = {
    "family_name": F("person__family_name"),
    "given_names": F("person__given_names"),
    "birth_year": F("person__birth_year"),
    "lead_institution_short_name": F("lead_institution__short_name"),
}


def case_list(request):
    if not permissions.can_list_cases(request.user):
        raise PermissionDenied
    data = request.GET.copy()
    data.setdefault("status", "open")
    case_filter = CaseFilter(
        data, queryset=permissions.visible_cases(request.user), request=request
    )
    filtered = case_filter.qs  # validates the form
    order = (getattr(case_filter.form, "cleaned_data", {}).get("order") or [None])[0]
    page = listing.page_of(
        filtered, request.GET, order=order, size=PAGE_SIZE, load=_list_rows(timezone.localdate())
    )
    audit.record_list(
        request.user,
        "case_list",
        page.object_list,
        detail="filters="
        + ",".join(sorted(k for k, v in request.GET.items() if v and k not in ("page", "nach"))),
    )
    query = request.GET.copy()
    query.pop("page", None)
    query.pop("nach", None)
    return render(
        request,
        "cases/case_list.html",
        {
            "filter_fields": rendered_fields(case_filter),
            "page": page,
            "rows": rendered_rows(request, page.object_list),
            "count_cap": listing.COUNT_CAP,
            "query": query.urlencode(),
            "next_query": _with(query, page.next_params),
            "previous_query": _with(query, page.previous_params),
        },
    )


def rendered_rows(request, cases) -> str:
    """The list's table rows, rendered by Jinja2 (rheine_integration/base/jinja2.py: why). The link
    to a case is reversed once per page and filled in per row (instead of a reverse() call per row)."""
    detail_url = reverse("cases:detail", args=[_URL_KEY]).replace(str(_URL_KEY), "{}")
    return render_partial(
        request, "cases/_case_rows.html", {"cases": cases, "detail_url": detail_url}
    )


@lru_cache(maxsize=2)
def _list_rows(today) -> listing.RowsByKey:
    """How the list loads the rows of a page (by the primary keys the access check chose).
    Built and compiled once a day per process; it holds no rows."""
    return listing.RowsByKey(with_list_columns(Case.objects.all(), today))


def with_list_columns(cases, today):
    """Only what a list row shows: no addresses, phone numbers or name variants leave the
    database for a list. Related values come as columns of the case (LIST_RELATED_COLUMNS):
    a quarter of the model instances. The overdue badge is an EXISTS
    per shown row (an index probe each)."""
    overdue = FollowUp.objects.filter(case=OuterRef("pk"), done_at__isnull=True, due_on__lt=today)
    # The case manager's name by a lookup per row: joining the accounts made PostgreSQL hash
    # every account of the installation (1 300 in the benchmark data) for 25 rows.
    case_manager = User.objects.filter(pk=OuterRef("case_manager_id"))
    return (
        cases.only("phase", "closed_on", "updated_at")
        .annotate(**LIST_RELATED_COLUMNS)
        .annotate(
            **{
                f"case_manager_{name}": Subquery(case_manager.values(name))
                for name in ("first_name", "last_name", "username")
            },
            has_overdue=Exists(overdue),
        )
    )


def _with(query, params: dict | None) -> str | None:
    if params is None:
        return None
    combined = query.copy()
    for key, value in params.items():
        combined[key] = value
    return combined.urlencode()


def case_detail(request, pk):
    case = permissions.get_case_for(request.user, pk)
    granted = case.granted
    # Each source is read once and serves both its section and the timeline. The newest
    # CASE_PAGE_EVENTS events hold at most that many notes: older notes are not read.
    sources = timeline.load_sources(request.user, case, granted, newest_notes=CASE_PAGE_EVENTS)
    events = timeline.build(request.user, case, granted, sources)
    context = {
        "case": case,
        "person": case.person,
        "can": granted,
        "timeline_html": _timeline_html(request, events[:CASE_PAGE_EVENTS]),
        "more_history": len(events) > CASE_PAGE_EVENTS,
        "events_shown": CASE_PAGE_EVENTS,
        "consents": sources["consents"],
        "handovers": sources["handovers"],
        "follow_ups": sources["follow_ups"],
        "documents": sources["documents"],
    }
    context.update(residence_context(case, granted, sources))
    if granted["view_assessment"]:
        assessments = sources["assessments"]  # newest version first
        context["assessment"] = assessments[0] if assessments else None
        context["assessment_versions"] = [(a.version, a.assessed_on) for a in assessments]
    if granted["view_plan"]:
        plans = sources["plans"]
        context["plan"] = plans[0] if plans else None
        context["plan_versions"] = [(p.version, p.agreed_on) for p in plans]
        context["measures"] = sources["measures"]
    if granted["view_notes"]:
        context["notes_html"] = _notes_html(request, sources["notes"][:CASE_PAGE_NOTES])
        context["notes_total"] = sources["notes_total"]
        context["notes_shown"] = CASE_PAGE_NOTES
        context["more_notes"] = sources["notes_total"] > CASE_PAGE_NOTES
    return render(request, "cases/case_detail.html", context)


def residence_context(case, granted, sources) -> dict:
    """The residence history and what its latest change asked for (issue 19)."""
    context = {"recognitions": sources["recognitions"]}
    if not granted["view_residence"]:
        return context
    records = sources["residence_records"]
    latest = next((r for r in records if not r.migrated), None)
    context.update(
        residence_records=records,
        latest_residence=latest,
        eligibility_reviews=[
            r
            for r in sources["eligibility_reviews"]
            if r.is_open or (latest and r.residence_record_id == latest.pk)
        ],
        handover_due=granted["propose_handover"]
        and bool(sources["domain_changes"])
        and handover_preparation.is_due(case, handovers=sources["handovers"]),
    )
    return context


def case_history(request, pk):
    """The whole history of a case: every note and every event the reader may see."""
    case = permissions.get_case_for(request.user, pk, page="history")
    granted = case.granted
    sources = timeline.load_sources(request.user, case, granted)
    context = {
        "case": case,
        "can": granted,
        "timeline_html": _timeline_html(
            request, timeline.build(request.user, case, granted, sources)
        ),
    }
    if granted["view_notes"]:
        context["notes_html"] = _notes_html(request, sources["notes"])
    return render(request, "cases/case_history.html", context)


# A long history's notes and events are rendered by Jinja2 (hundreds of rows).
def _timeline_html(request, events) -> str:
    return render_partial(request, "cases/_timeline.html", {"timeline": events})


def _notes_html(request, notes) -> str:
    return render_partial(request, "cases/_notes.html", {"notes": notes})


@require_http_methods(["GET", "POST"])
def person_edit(request, pk):
    case = permissions.get_case_for(request.user, pk, action="edit")
    form = PersonEditForm(request.POST or None, instance=case.person)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_person(
                form.save(commit=False),
                case=case,
                changed=form.changed_data,
                by=request.user,
                expected_version=form.cleaned_data["version"],
            )
        except services.StaleEdit as stale:
            conflict = {"message": str(stale), "rows": versioning.differences(form, stale.current)}
            versioning.rebase(form, "version", stale.current.version)
        else:
            messages.success(request, _("Die Angaben zur Person wurden gespeichert."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Angaben zur Person ändern"), "conflict": conflict},
        status=409 if conflict else 200,
    )


@require_http_methods(["GET", "POST"])
def case_edit(request, pk):
    case = permissions.get_case_for(request.user, pk, action="edit")
    form = CaseForm(request.POST or None, instance=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_case(
                form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                changed=form.changed_data,
                by=request.user,
            )
        except services.StaleEdit as conflict:
            form.add_error(None, str(conflict))
            return render(
                request,
                "cases/form.html",
                {
                    "case": case,
                    "form": form,
                    "title": _("Fall bearbeiten"),
                    "current": permissions.get_case_for(request.user, pk),
                },
                status=409,
            )
        messages.success(request, _("Der Fall wurde gespeichert."))
        return redirect("cases:detail", case.pk)
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Fall bearbeiten")}
    )


@require_http_methods(["GET", "POST"])
def case_close(request, pk):
    case = permissions.get_case_for(request.user, pk, action="edit")
    form = CloseCaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.close_case(
                case,
                closed_on=form.cleaned_data["closed_on"],
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,
            )
        except services.CaseRuleError as refusal:
            form.add_error("closed_on", str(refusal))
        else:
            messages.success(request, _("Der Fall wurde abgeschlossen."))
            return redirect("cases:detail", case.pk)
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Fall abschließen")}
    )


@require_http_methods(["GET", "POST"])
def case_reopen(request, pk):
    case = permissions.get_case_for(request.user, pk, action="reopen")
    form = ReopenForm(request.POST or None, initial={"fields_of_action": case.fields_of_action})
    if request.method == "POST" and form.is_valid():
        try:
            new_case = services.open_new_case(
                case.person, fields_of_action=form.cleaned_data["fields_of_action"], by=request.user
            )
        except services.CaseRuleError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Ein neuer Fall wurde eröffnet."))
            return redirect("cases:detail", new_case.pk)
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Neuen Fall eröffnen")}
    )
