from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from cases import permissions, services
from cases.forms import ConsentForm, WithdrawConsentForm


@require_http_methods(["GET", "POST"])
def consent_add(request, pk):
    case = permissions.get_case_for(request.user, pk, action="manage_consent")
    form = ConsentForm(request.POST or None, request.FILES or None, case=case)
    if request.method == "POST" and form.is_valid():
        services.record_consent(
            case=case,
            signed_on=form.cleaned_data["signed_on"],
            valid_until=form.cleaned_data["valid_until"],
            grants=form.grants,
            form_file=form.cleaned_data["form_file"],
            by=request.user,
        )
        messages.success(
            request,
            _(
                "Die Einwilligung wurde erfasst; die genannten Institutionen sehen den Fall jetzt im erlaubten Umfang."
            ),
        )
        return redirect("cases:detail", case.pk)
    return render(request, "cases/consent_form.html", {"case": case, "form": form})


@require_http_methods(["GET", "POST"])
def consent_withdraw(request, pk, consent_pk):
    case = permissions.get_case_for(request.user, pk, action="manage_consent")
    consent = case.person.consents.filter(pk=consent_pk, withdrawn_on__isnull=True).first()
    if consent is None:
        raise Http404
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.withdraw_consent(
                consent, withdrawn_on=form.cleaned_data["withdrawn_on"], case=case, by=request.user
            )
        except services.CaseRuleError as refusal:
            form.add_error("withdrawn_on", str(refusal))
        else:
            messages.success(request, _("Der Widerruf wurde erfasst; die Freigaben sind beendet."))
            return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Einwilligung widerrufen")},
    )
