"""Institution directory, working groups and their meetings (invitation, attendance, minutes)."""

import icalendar
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from networks import services
from networks.forms import (
    ActionItemForm,
    AgendaItemForm,
    ApproveMinutesForm,
    AttendanceForm,
    MeetingForm,
    MembersForm,
    MinutesForm,
    WorkingGroupForm,
)
from networks.models import AgendaItem, Institution, Meeting, Membership, WorkingGroup
from networks.permissions import (
    can_see_directory,
    can_see_working_groups,
    get_group_for,
    get_meeting_for,
    group_abilities,
    is_coordinator,
    meeting_abilities,
    visible_groups,
    visible_strategies,
    visible_trajectories,
)
from networks.timeline import timeline
from rheine_integration.pdf import render_pdf


def _form_page(request, form, title, *, back, label=None):
    return render(
        request, "networks/form.html", {"form": form, "title": title, "back": back, "label": label}
    )


def _refuse(form, error: ValidationError):
    for message in error.messages:
        form.add_error(None, message)


def institutions(request):
    if not can_see_directory(request.user):
        raise PermissionDenied
    rows = Institution.objects.filter(is_active=True)
    return render(request, "networks/institutions.html", {"institutions": rows})


def institution_detail(request, pk: int):
    if not can_see_directory(request.user):
        raise PermissionDenied
    institution = get_object_or_404(Institution, pk=pk, is_active=True)
    staff = Membership.objects.filter(institution=institution, user__is_active=True).select_related(
        "user"
    )
    groups = WorkingGroup.objects.filter(members__membership__institution=institution).distinct()
    return render(
        request,
        "networks/institution_detail.html",
        {"institution": institution, "staff": staff, "groups": groups},
    )


def working_groups(request):
    if not can_see_working_groups(request.user):
        raise PermissionDenied
    groups = WorkingGroup.objects.prefetch_related("members__membership__institution")
    mine = set(visible_groups(request.user).values_list("pk", flat=True))
    return render(
        request,
        "networks/working_groups.html",
        {"working_groups": groups, "mine": mine, "can_create": is_coordinator(request.user)},
    )


def group_create(request):
    if not is_coordinator(request.user):
        raise PermissionDenied
    form = WorkingGroupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        group = form.save()
        messages.success(request, _("Der Arbeitskreis ist angelegt."))
        return redirect("networks:group_members", group.pk)
    return _form_page(request, form, _("Arbeitskreis anlegen"), back="networks:working_groups")


def group_detail(request, pk: int):
    group = get_group_for(request.user, pk)
    meetings = group.meetings.all()
    return render(
        request,
        "networks/group_detail.html",
        {
            "group": group,
            "abilities": group_abilities(request.user, group),
            "meetings": meetings,
            "members": group.members.select_related("membership__institution"),
            "trajectories": group.trajectories.all(),
            "strategies": visible_strategies(request.user).filter(working_group=group),
        },
    )


def group_members(request, pk: int):
    group = get_group_for(request.user, pk, action="manage_members")
    initial = {"members": group.members.all(), "chair": group.chair, "deputy": group.deputy}
    form = MembersForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_members(group=group, **form.cleaned_data)
        except ValidationError as error:
            _refuse(form, error)
        else:
            messages.success(request, _("Die Mitglieder sind gespeichert."))
            return redirect("networks:group_detail", group.pk)
    return _form_page(request, form, _("Mitglieder: %(g)s") % {"g": group}, back=None)


def meeting_create(request, pk: int):
    group = get_group_for(request.user, pk, action="manage_meetings")
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = form.save(commit=False)
        meeting.working_group, meeting.created_by = group, request.user
        meeting.body = Meeting.Body.WORKING_GROUP
        meeting.save()
        messages.success(request, _("Die Sitzung ist angelegt. Jetzt die Tagesordnung."))
        return redirect("networks:meeting_detail", meeting.pk)
    return _form_page(request, form, _("Sitzung planen: %(g)s") % {"g": group}, back=None)


def meeting_detail(request, pk: int):
    meeting = get_meeting_for(request.user, pk)
    items = meeting.agenda_items.select_related(
        "trajectory_version__trajectory", "strategy"
    ).prefetch_related(Prefetch("action_items"))
    return render(
        request,
        "networks/meeting_detail.html",
        {
            "meeting": meeting,
            "abilities": meeting_abilities(request.user, meeting),
            "items": items,
            "attendances": meeting.attendances.select_related("member", "deputy"),
            "approve_form": ApproveMinutesForm(meeting=meeting),
        },
    )


def agenda_item_add(request, pk: int):
    meeting = get_meeting_for(request.user, pk, action="manage")
    group_trajectories = visible_trajectories(request.user)
    form = AgendaItemForm(
        request.POST or None,
        trajectories=list(group_trajectories),
        strategies=visible_strategies(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.add_agenda_item(meeting=meeting, item=form.save(commit=False))
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:meeting_detail", meeting.pk)
    return _form_page(request, form, _("Tagesordnungspunkt hinzufügen"), back=None)


@require_POST
def meeting_invite(request, pk: int):
    meeting = get_meeting_for(request.user, pk, action="manage")
    try:
        services.send_invitation(meeting=meeting, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("Die Einladung ist freigegeben."))
    return redirect("networks:meeting_detail", meeting.pk)


def meeting_attendance(request, pk: int):
    meeting = get_meeting_for(request.user, pk, action="edit_minutes")
    current = {a.member_id: a for a in meeting.attendances.all()}
    form = AttendanceForm(
        request.POST or None,
        members=meeting.working_group.members.order_by("last_name", "first_name"),
        current=current,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.record_attendance(meeting=meeting, rows=form.rows())
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:meeting_detail", meeting.pk)
    return _form_page(request, form, _("Anwesenheit"), back=None)


def _agenda_item(meeting: Meeting, item_pk: int) -> AgendaItem:
    item = meeting.agenda_items.filter(pk=item_pk).first()
    if item is None:
        raise Http404
    return item


def minutes_edit(request, pk: int, item_pk: int):
    meeting = get_meeting_for(request.user, pk, action="edit_minutes")
    item = _agenda_item(meeting, item_pk)
    form = MinutesForm(request.POST or None, instance=item)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_minutes(item=item, **form.cleaned_data)
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:meeting_detail", meeting.pk)
    return _form_page(request, form, _("Protokoll: %(i)s") % {"i": item}, back=None)


def action_item_add(request, pk: int, item_pk: int):
    meeting = get_meeting_for(request.user, pk, action="edit_minutes")
    item = _agenda_item(meeting, item_pk)
    form = ActionItemForm(request.POST or None, members=meeting.working_group.members.all())
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action_item(item=item, action=form.save(commit=False))
        except ValidationError as error:
            _refuse(form, error)
        else:
            return redirect("networks:meeting_detail", meeting.pk)
    return _form_page(request, form, _("Aufgabe: %(i)s") % {"i": item}, back=None)


@require_POST
def minutes_approve(request, pk: int):
    meeting = get_meeting_for(request.user, pk, action="manage")
    form = ApproveMinutesForm(request.POST, meeting=meeting)
    if not form.is_valid():
        messages.error(request, _("Bitte die Sitzung wählen, in der genehmigt wurde."))
    else:
        try:
            services.approve_minutes(meeting=meeting, at=form.cleaned_data["at"], by=request.user)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("Das Protokoll ist genehmigt."))
    return redirect("networks:meeting_detail", meeting.pk)


def _pdf_context(meeting: Meeting) -> dict:
    items = list(meeting.agenda_items.select_related("trajectory_version__trajectory", "strategy"))
    for item in items:  # the version discussed, drawn as on the page
        item.picture = timeline(item.trajectory_version) if item.trajectory_version else None
    return {
        "meeting": meeting,
        "items": items,
        "attendances": meeting.attendances.select_related("member", "deputy"),
    }


def _pdf(meeting: Meeting, template: str, filename: str) -> HttpResponse:
    pdf = render_pdf(template, _pdf_context(meeting))
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}-{meeting.pk}.pdf"'
    return response


def invitation_pdf(request, pk: int):
    meeting = get_meeting_for(request.user, pk)
    return _pdf(meeting, "networks/pdf/invitation.html", "einladung")


def minutes_pdf(request, pk: int):
    meeting = get_meeting_for(request.user, pk)
    if meeting.minutes_status == Meeting.MinutesStatus.NONE:
        raise Http404
    return _pdf(meeting, "networks/pdf/minutes.html", "protokoll")


def invitation_ics(request, pk: int):
    meeting = get_meeting_for(request.user, pk)
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Stadt Rheine//Rheine Integration//DE")
    calendar.add("version", "2.0")
    event = icalendar.Event()
    event.add("uid", f"meeting-{meeting.pk}@rheine-integration")
    event.add("summary", meeting.title)
    event.add("dtstart", meeting.starts_at)
    event.add("dtend", meeting.ends_at)
    event.add("dtstamp", meeting.invited_at or meeting.created_at)
    event.add("location", meeting.place)
    agenda = "\n".join(f"TOP {i.position}: {i.title}" for i in meeting.agenda_items.all())
    event.add("description", agenda)
    calendar.add_component(event)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sitzung-{meeting.pk}.ics"'
    return response
