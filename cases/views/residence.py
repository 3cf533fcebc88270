"""Residence-status history and the eligibility decisions a new status asks for."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import handover_preparation, permissions, residence_services, services
from cases.forms import EligibilityDecisionForm, PreparedHandoverForm, ResidenceRecordForm
from cases.models import EligibilityReview, Handover


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


@require_http_methods(["GET", "POST"])
def handover_prepare(request, pk):
    """The warm handover to the institution of the person's new legal domain, prepared: it
    goes through the one handover service; without a consent the consent form comes first."""
    case = permissions.get_case_for(request.user, pk, action="propose_handover")
    candidates = list(handover_preparation.receiving_institutions(case))
    if not candidates:
        raise Http404
    covered = {
        i.pk: scopes
        for i in candidates
        if (scopes := handover_preparation.consented_scopes(case, i)) is not None
    }
    if not covered:
        messages.warning(
            request,
            _(
                "Für %(institutions)s liegt keine gültige Einwilligung der Person vor. Bitte "
                "zuerst die Einwilligung erfassen; danach kann die Übergabe vorbereitet werden."
            )
            % {"institutions": ", ".join(str(i) for i in candidates)},
        )
        return redirect("cases:consent_add", case.pk)
    targets = [i for i in candidates if i.pk in covered]
    chosen = next((i for i in targets if str(i.pk) == request.POST.get("to_institution")), None)
    target = chosen or targets[0]
    form = PreparedHandoverForm(
        request.POST or None,
        institutions=targets,
        initial={
            "to_institution": target.pk,
            "summary": handover_preparation.summary(case, covered[target.pk]),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_handover(
                case=case,
                to_institution=form.cleaned_data["to_institution"],
                reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
                summary=form.cleaned_data["summary"],
                by=request.user,
            )
        except services.CaseRuleError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Die Übergabe wurde angefragt."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Übergabe nach Rechtskreiswechsel vorbereiten"),
            "intro": _(
                "Die Zusammenfassung enthält nur, was die Einwilligung der Person für die "
                "empfangende Institution umfasst. Bitte vervollständigen."
            ),
        },
    )
