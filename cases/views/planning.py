from django.contrib import messages
from django.forms.models import model_to_dict
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions, services, versioning
from cases.forms import (
    AssessmentForm,
    MeasureForm,
    MeasureUpdateForm,
    QualificationFormSet,
    SubGoalFormSet,
    VersionedAssessmentForm,
    VersionedPlanForm,
)
from rheine_integration.base import audit

QUALIFICATION_FIELDS = ["kind", "title", "country", "year", "recognition"]
SUB_GOAL_FIELDS = ["description", "target_date", "achieved_on"]


def _kept_rows(formset) -> list[dict]:
    return [
        {k: v for k, v in form.cleaned_data.items() if k != "DELETE"}
        for form in formset.forms
        if form.has_changed() and form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]


@require_http_methods(["GET", "POST"])
def assessment_add(request, pk):
    """A new version of the assessment, prefilled from the latest one."""
    case = permissions.get_case_for(request.user, pk, action="edit")
    latest = case.assessments.prefetch_related("qualifications").first()
    initial = model_to_dict(latest, fields=AssessmentForm.Meta.fields) if latest else {}
    initial["assessed_on"] = timezone.localdate()
    form = VersionedAssessmentForm(
        request.POST or None, initial=initial, base_version=latest.version if latest else 0
    )
    qualifications = QualificationFormSet(
        request.POST or None,
        prefix="qualifications",
        initial=[model_to_dict(q, fields=QUALIFICATION_FIELDS) for q in latest.qualifications.all()]
        if latest
        else None,
    )
    conflict = None
    if request.method == "POST" and form.is_valid() and qualifications.is_valid():
        try:
            assessment = services.add_assessment(
                case=case,
                assessment=form.save(commit=False),
                qualifications=_kept_rows(qualifications),
                by=request.user,
                base_version=form.cleaned_data["base_version"],
            )
        except services.NewerVersionExists as stale:
            conflict = _conflict(form, stale)
            latest = stale.current
        else:
            messages.success(
                request,
                _("Kompetenzfeststellung Version %(v)s gespeichert.") % {"v": assessment.version},
            )
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/assessment_form.html",
        {
            "case": case,
            "form": form,
            "formset": qualifications,
            "latest": latest,
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )


def _conflict(form, stale) -> dict:
    """The user's entries beside the version saved meanwhile; the next save builds on it."""
    versioning.rebase(form, "base_version", stale.current.version)
    return {
        "message": str(stale)
        + " "
        + _("Gespeichert ist jetzt Version %(v)s.") % {"v": stale.current.version},
        "rows": versioning.differences(form, stale.current),
    }


def assessment_detail(request, pk, version):
    case = permissions.get_case_for(request.user, pk, action="view_assessment")
    assessment = case.assessments.filter(version=version).prefetch_related("qualifications").first()
    if assessment is None:
        raise Http404
    audit.record(request.user, audit.Action.VIEW, assessment, case=case)
    return render(
        request,
        "cases/assessment_detail.html",
        {
            "case": case,
            "assessment": assessment,
            "can": case.granted,
        },
    )


@require_http_methods(["GET", "POST"])
def plan_add(request, pk):
    case = permissions.get_case_for(request.user, pk, action="edit")
    latest = case.plans.prefetch_related("sub_goals").first()
    initial = model_to_dict(latest, fields=["goal"]) if latest else {}
    form = VersionedPlanForm(
        request.POST or None,
        initial=initial | {"agreed_on": timezone.localdate()},
        base_version=latest.version if latest else 0,
    )
    sub_goals = SubGoalFormSet(
        request.POST or None,
        prefix="sub_goals",
        initial=[model_to_dict(g, fields=SUB_GOAL_FIELDS) for g in latest.sub_goals.all()]
        if latest
        else None,
    )
    conflict = None
    if request.method == "POST" and form.is_valid() and sub_goals.is_valid():
        try:
            plan = services.add_plan(
                case=case,
                plan=form.save(commit=False),
                sub_goals=_kept_rows(sub_goals),
                by=request.user,
                base_version=form.cleaned_data["base_version"],
            )
        except services.NewerVersionExists as stale:
            conflict = _conflict(form, stale)
            latest = stale.current
        else:
            messages.success(
                request, _("Integrationsplan Version %(v)s gespeichert.") % {"v": plan.version}
            )
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/plan_form.html",
        {"case": case, "form": form, "formset": sub_goals, "latest": latest, "conflict": conflict},
        status=409 if conflict else 200,
    )


def plan_detail(request, pk, version):
    case = permissions.get_case_for(request.user, pk, action="view_plan")
    plan = case.plans.filter(version=version).prefetch_related("sub_goals").first()
    if plan is None:
        raise Http404
    audit.record(request.user, audit.Action.VIEW, plan, case=case)
    return render(request, "cases/plan_detail.html", {"case": case, "plan": plan})


@require_http_methods(["GET", "POST"])
def measure_add(request, pk):
    """Plan a measure; unmet prerequisites stop it with what is missing and what would fulfil it."""
    case = permissions.get_case_for(request.user, pk, action="edit")
    form = MeasureForm(
        request.POST or None, initial={"responsible_institution": case.lead_institution_id}
    )
    missing = []
    if request.method == "POST" and form.is_valid():
        try:
            services.plan_measure(
                case=case,
                measure=form.save(commit=False),
                justification=form.cleaned_data["justification"],
                by=request.user,
            )
        except services.PrerequisitesNotMet as refusal:
            missing = refusal.missing
            form.add_error("measure_type", str(refusal))
        else:
            messages.success(request, _("Die Maßnahme wurde geplant."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/measure_form.html",
        {"case": case, "form": form, "missing": missing},
        status=422 if missing else 200,
    )


@require_http_methods(["GET", "POST"])
def measure_edit(request, pk, measure_pk):
    case = permissions.get_case_for(request.user, pk, action="edit")
    measure = case.measures.filter(pk=measure_pk).select_related("measure_type").first()
    if measure is None:
        raise Http404
    form = MeasureUpdateForm(request.POST or None, instance=measure)
    conflict = None
    if request.method == "POST" and form.is_valid():
        try:
            services.update_measure(
                form.save(commit=False),
                expected_version=form.cleaned_data["version"],
                changed=form.changed_data,
                by=request.user,
            )
        except services.StaleEdit as stale:
            conflict = {
                "message": str(stale),
                "rows": versioning.differences(form, stale.current),
            }
            versioning.rebase(form, "version", stale.current.version)
        else:
            messages.success(request, _("Die Maßnahme wurde gespeichert."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Maßnahme: %(name)s") % {"name": measure.measure_type},
            "conflict": conflict,
        },
        status=409 if conflict else 200,
    )
