"""Residence-status history and the eligibility decisions a new status asks for."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions, residence_services, services
from cases.forms import EligibilityDecisionForm, ResidenceRecordForm
from cases.models import EligibilityReview


def _show_errors(form, refusal: residence_services.ResidenceInputError) -> None:
    for field, message in refusal.errors.items():
        form.add_error(field if field in form.fields else None, message)


@require_http_methods(["GET", "POST"])
def residence_add(request, pk):
    case = permissions.get_case_for(request.user, pk, action="record_residence")
    form = ResidenceRecordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            residence_services.record_status(
                person=case.person, record=form.save(commit=False), by=request.user
            )
        except residence_services.ResidenceInputError as refusal:
            _show_errors(form, refusal)
        else:
            messages.success(request, _("Der Aufenthaltsstatus wurde erfasst."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Aufenthaltsstatus erfassen")},
    )


@require_http_methods(["GET", "POST"])
def eligibility_decide(request, pk, review_pk):
    case = permissions.get_case_for(request.user, pk, action="decide_eligibility")
    review = (
        EligibilityReview.objects.filter(pk=review_pk, measure__case=case, decision="")
        .select_related("measure__measure_type")
        .first()
    )
    if review is None:
        raise Http404
    form = EligibilityDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            residence_services.decide_review(
                review,
                decision=form.cleaned_data["decision"],
                justification=form.cleaned_data["justification"],
                replacement_type=form.cleaned_data["replacement_type"],
                by=request.user,
            )
        except residence_services.ResidenceInputError as refusal:
            _show_errors(form, refusal)
        except services.PrerequisitesNotMet as refusal:
            form.add_error(
                "replacement_type",
                " ".join([str(refusal), *(str(m) for m in refusal.missing)]),
            )
        else:
            messages.success(request, _("Die Entscheidung wurde erfasst."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Voraussetzungen entfallen: %(measure)s")
            % {"measure": review.measure.measure_type},
            "intro": "; ".join(review.missing),
        },
    )
