from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from cases import permissions, services
from cases.forms import FollowUpForm, NoteForm
from cases.models import FollowUp
from rheine_integration.base import audit


@require_http_methods(["GET", "POST"])
def note_add(request, pk):
    case = permissions.get_case_for(request.user, pk, action="add_note")
    form = NoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.add_note(case=case, note=form.save(commit=False), by=request.user)
        messages.success(request, _("Gespeichert."))
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Vermerk oder Kontakt erfassen")},
    )


@require_http_methods(["GET", "POST"])
def follow_up_add(request, pk):
    case = permissions.get_case_for(request.user, pk, action="add_follow_up")
    form = FollowUpForm(
        request.POST or None,
        institution=request.user.institution,
        initial={"assignee": request.user.pk},
    )
    if request.method == "POST" and form.is_valid():
        services.add_follow_up(case=case, follow_up=form.save(commit=False), by=request.user)
        messages.success(request, _("Die Wiedervorlage wurde angelegt."))
        return redirect("cases:detail", case.pk)
    return render(
        request,
        "cases/form.html",
        {"case": case, "form": form, "title": _("Wiedervorlage anlegen")},
    )


def _my_follow_ups(user):
    """The user's pending follow-ups on cases the user may (still) see."""
    return FollowUp.objects.pending().filter(
        assignee=user, case__in=permissions.visible_cases(user)
    )


def follow_up_list(request):
    if permissions.acting_institution(request.user) is None:
        raise Http404
    follow_ups = list(
        _my_follow_ups(request.user).select_related("case__person").order_by("due_on", "pk")
    )
    audit.record_list(request.user, "follow_up_list", {f.case for f in follow_ups})
    return render(
        request,
        "cases/follow_up_list.html",
        {"follow_ups": follow_ups, "today": timezone.localdate()},
    )


@require_POST
def follow_up_done(request, pk):
    follow_up = _my_follow_ups(request.user).filter(pk=pk).select_related("case").first()
    if follow_up is None:
        raise Http404
    services.complete_follow_up(follow_up, by=request.user)
    messages.success(request, _("Die Wiedervorlage ist erledigt."))
    return redirect("cases:follow_ups")
