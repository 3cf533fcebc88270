from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import permissions, services
from cases.forms import HandoverAnswerForm, HandoverForm
from cases.models import CaseInquiry
from rheine_integration.base import audit


@require_http_methods(["GET", "POST"])
def handover_propose(request, pk):
    case = permissions.get_case_for(request.user, pk, action="propose_handover")
    form = HandoverForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_handover(
                case=case,
                to_institution=form.cleaned_data["to_institution"],
                reason=form.cleaned_data["reason"],
                summary=form.cleaned_data["summary"],
                by=request.user,
            )
        except services.CaseRuleError as refusal:
            form.add_error("to_institution", str(refusal))
        else:
            messages.success(request, _("Die Übergabe wurde angefragt."))
            return redirect("cases:detail", case.pk)
    return render(
        request, "cases/form.html", {"case": case, "form": form, "title": _("Fall übergeben")}
    )


def _inquiries_for(user):
    institution = permissions.acting_institution(user)
    return CaseInquiry.objects.filter(case__lead_institution=institution, answered_at__isnull=True)


def inbox(request):
    """Incoming handovers and inquiries for the user's institution."""
    if permissions.acting_institution(request.user) is None:
        raise Http404
    handovers = permissions.incoming_handovers(request.user).select_related(
        "case", "from_institution", "requested_by"
    )
    inquiries = _inquiries_for(request.user).select_related(
        "case", "from_institution", "requested_by"
    )
    return render(request, "cases/inbox.html", {"handovers": handovers, "inquiries": inquiries})


SENT_LIMIT = 200


def sent_handovers(request):
    """The sender's record of its handovers: case number, dates, receiver, status, who answered.
    No person and no case content; the case links only while the user may still open it."""
    if permissions.acting_institution(request.user) is None:
        raise Http404
    handovers = list(
        permissions.sent_handovers(request.user)
        .select_related("case", "to_institution", "requested_by", "answered_by")
        .order_by("-requested_at", "-pk")[:SENT_LIMIT]
    )
    still_visible = set(
        permissions.visible_cases(request.user)
        .filter(pk__in=[h.case_id for h in handovers])
        .values_list("pk", flat=True)
    )
    for handover in handovers:
        handover.case_still_visible = handover.case_id in still_visible
    audit.record_list(request.user, "sent_handovers", [h.case for h in handovers])
    return render(request, "cases/sent_handovers.html", {"handovers": handovers})


@require_http_methods(["GET", "POST"])
def handover_answer(request, pk):
    handover = permissions.get_incoming_handover_for(request.user, pk)
    case = handover.case
    audit.record(request.user, audit.Action.VIEW, handover, case=case)
    form = HandoverAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if form.cleaned_data["decision"] == "accept":
                services.accept_handover(handover, by=request.user)
                messages.success(
                    request,
                    _("Übergabe angenommen: Ihre Institution führt den Fall jetzt federführend."),
                )
                return redirect("cases:detail", case.pk)
            services.decline_handover(
                handover, reason=form.cleaned_data["decline_reason"], by=request.user
            )
            messages.info(request, _("Die Übergabe wurde abgelehnt."))
            return redirect("cases:inbox")
        except services.HandoverNotOpen as refusal:
            # Decided or ended meanwhile: the page would show what is no longer the user's.
            messages.error(request, str(refusal))
            return redirect("cases:inbox")
        except services.CaseRuleError as refusal:
            form.add_error(None, str(refusal))
    return render(
        request,
        "cases/handover_answer.html",
        {"handover": handover, "case": case, "form": form, "can": handover.granted},
    )


@require_POST
def inquiry_done(request, pk):
    inquiry = _inquiries_for(request.user).filter(pk=pk).first()
    if inquiry is None:
        raise Http404
    services.answer_inquiry(inquiry, by=request.user)
    return redirect("cases:inbox")
