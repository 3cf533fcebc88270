from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import permissions, services
from cases.duplicates import (
    CheckUnavailable,
    TooManyChecks,
    case_id_from_token,
    count_check,
    find_likely_duplicates,
)
from cases.forms import InquiryForm, RegistrationForm
from cases.models import Case
from rheine_integration.base import audit


@require_http_methods(["GET", "POST"])
def register(request):
    """Register a person and open their case; likely duplicates are shown before saving."""
    institution = permissions.acting_institution(request.user)
    if institution is None:
        raise Http404
    form = RegistrationForm(request.POST or None)
    duplicates = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if request.POST.get("confirm_new_person") != "1":
            try:
                duplicates = _check_duplicates(request.user, institution, data)
            except TooManyChecks:
                form.add_error(
                    None,
                    _(
                        "Sie haben in der letzten Stunde sehr viele Personen geprüft. Bitte "
                        "versuchen Sie es später erneut; Ihre Eingaben bleiben erhalten."
                    ),
                )
            except CheckUnavailable:
                form.add_error(
                    None,
                    _(
                        "Die Prüfung auf Doppelerfassung ist gerade nicht möglich. Bitte "
                        "versuchen Sie es später erneut; Ihre Eingaben bleiben erhalten."
                    ),
                )
        if not duplicates and not form.errors:
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


def _check_duplicates(user, institution, data) -> list:
    """The check, counted against the user's limit; its audit entry keeps what was searched."""
    count_check(user)
    duplicates = find_likely_duplicates(
        given_names=data["given_names"],
        family_name=data["family_name"],
        birth_year=data["birth_year"],
        variants=data["name_variants"],
        visible=permissions.visible_cases(user),
        across_institutions=institution.registers_persons,
        asked_by=user,
    )
    searched = " | ".join([f"{data['given_names']} {data['family_name']}", *data["name_variants"]])
    audit.record(
        user,
        audit.Action.SEARCH,
        object_type="duplicate_check",
        detail=(
            f"hits={len(duplicates)} birth_year={data['birth_year'] or ''} "
            f"across={'yes' if institution.registers_persons else 'no'} name={searched}"
        ),
    )
    return duplicates


@require_POST
def inquiry(request):
    """Ask the leading institution of a likely duplicate to get in touch (for consent or a
    handover) instead of registering twice; the asker never learns which institution it is."""
    if permissions.acting_institution(request.user) is None:
        raise Http404
    form = InquiryForm(request.POST)
    case_id = case_id_from_token(request.POST.get("token", ""), request.user)
    case = Case.objects.filter(pk=case_id).first() if case_id else None
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
        _(
            "Ihre Anfrage wurde an die federführende Institution gesendet. Sie meldet sich bei "
            "Ihnen."
        ),
    )
    return redirect("cases:list")
