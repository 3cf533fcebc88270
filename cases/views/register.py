from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import audit, permissions, services
from cases.duplicates import case_id_from_token, find_likely_duplicates
from cases.forms import InquiryForm, RegistrationForm
from cases.models import Case


@require_http_methods(["GET", "POST"])
def register(request):
    """Register a person and open their case; likely duplicates are shown before saving."""
    if permissions.acting_institution(request.user) is None:
        raise Http404
    form = RegistrationForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm_new_person") != "1":
            duplicates = find_likely_duplicates(
                given_names=data["given_names"],
                family_name=data["family_name"],
                birth_year=data["birth_year"],
                variants=data["name_variants"],
                visible=permissions.visible_cases(request.user),
            )
            audit.record(
                request.user,
                audit.Action.SEARCH,
                object_type="duplicate_check",
                detail=f"hits={len(duplicates)}",
            )
        if not duplicates:
            person = form.save(commit=False)
            case = services.register_person(
                person=person, fields_of_action=data["fields_of_action"], by=request.user
            )
            messages.success(
                request,
                _("%(name)s wurde aufgenommen, Fall %(ref)s ist eröffnet.")
                % {"name": person.full_name, "ref": case.reference},
            )
            return redirect("cases:detail", case.pk)
    inquiry_forms = [
        (
            hit,
            InquiryForm(
                initial={
                    "token": hit.token,
                    "typed_name": f"{form.cleaned_data['given_names']} {form.cleaned_data['family_name']}",
                    "typed_birth_year": form.cleaned_data.get("birth_year"),
                }
            ),
        )
        for hit in duplicates
    ]
    return render(request, "cases/register.html", {"form": form, "duplicates": inquiry_forms})


@require_POST
def inquiry(request):
    """Ask the institution of a likely duplicate for consent or a handover instead of registering twice."""
    if permissions.acting_institution(request.user) is None:
        raise Http404
    form = InquiryForm(request.POST)
    case_id = case_id_from_token(request.POST.get("token", ""))
    case = (
        Case.objects.filter(pk=case_id).select_related("lead_institution").first()
        if case_id
        else None
    )
    if not form.is_valid() or case is None:
        messages.error(
            request,
            _("Die Anfrage konnte nicht gesendet werden. Bitte die Prüfung erneut starten."),
        )
        return redirect("cases:register")
    services.send_inquiry(
        case=case,
        kind=form.cleaned_data["kind"],
        typed_name=form.cleaned_data["typed_name"],
        typed_birth_year=form.cleaned_data["typed_birth_year"],
        message=form.cleaned_data["message"],
        by=request.user,
    )
    messages.success(
        request,
        _("Ihre Anfrage wurde an %(institution)s gesendet.")
        % {"institution": case.lead_institution},
    )
    return redirect("cases:list")
