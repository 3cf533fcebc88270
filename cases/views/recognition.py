"""Anerkennungsverfahren of the qualifications of a case."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions, recognition_services, services
from cases.forms import CompensationForm, RecognitionForm
from cases.residence_services import ResidenceInputError


def _procedure_of(case, pk):
    procedure = case.recognition_procedures.filter(pk=pk).first() if str(pk).isdigit() else None
    if procedure is None:
        raise Http404
    return procedure


@require_http_methods(["GET", "POST"])
def recognition_edit(request, pk, procedure_pk=None):
    case = permissions.get_case_for(request.user, pk, action="edit_recognition")
    procedure = _procedure_of(case, procedure_pk) if procedure_pk is not None else None
    form = RecognitionForm(request.POST or None, instance=procedure, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_services.save_procedure(
                case=case, procedure=form.save(commit=False), by=request.user
            )
        except ResidenceInputError as refusal:
            for field, message in refusal.errors.items():
                form.add_error(field, message)
        else:
            messages.success(request, _("Das Anerkennungsverfahren wurde gespeichert."))
            return redirect("cases:detail", case.pk)
    title = _("Anerkennungsverfahren") if procedure else _("Anerkennungsverfahren beginnen")
    return render(request, "cases/form.html", {"case": case, "form": form, "title": title})


@require_http_methods(["GET", "POST"])
def recognition_compensation(request, pk, procedure_pk):
    case = permissions.get_case_for(request.user, pk, action="edit_recognition")
    procedure = _procedure_of(case, procedure_pk)
    form = CompensationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            recognition_services.plan_compensation(
                procedure=procedure,
                measure_type=form.cleaned_data["measure_type"],
                justification=form.cleaned_data["justification"],
                by=request.user,
            )
        except services.PrerequisitesNotMet as refusal:
            form.add_error(
                "justification", " ".join([str(refusal), *(str(m) for m in refusal.missing)])
            )
        except services.CaseRuleError as refusal:
            form.add_error(None, str(refusal))
        else:
            messages.success(request, _("Die Ausgleichsmaßnahme wurde als Maßnahme geplant."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {
            "case": case,
            "form": form,
            "title": _("Ausgleichsmaßnahme planen"),
            "intro": f"{procedure} – {procedure.get_compensation_display()}: "
            f"{procedure.missing_parts}",
        },
    )
