"""Meetings: agenda, invitation, attendance, minutes approval, PDF and iCalendar."""

import datetime
import subprocess

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import ActionItem, AgendaItem, Meeting

pytestmark = pytest.mark.django_db


def _later_meeting(meeting, days=30):
    starts = meeting.starts_at + datetime.timedelta(days=days)
    return Meeting.objects.create(
        working_group=meeting.working_group,
        title="3. Sitzung",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        place="Rathaus",
        created_by=meeting.created_by,
    )


def _pdf_text(response) -> str:
    assert response["Content-Type"] == "application/pdf"
    result = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True, check=True
    )
    return result.stdout.decode()


def test_approved_minutes_are_read_only(client, working_group_member, group_world):
    meeting, item = group_world["meeting"], group_world["agenda_item"]
    client.force_login(working_group_member)
    later = _later_meeting(meeting)
    client.post(reverse("networks:minutes_approve", args=[meeting.pk]), {"at": later.pk})
    meeting.refresh_from_db()
    assert meeting.minutes_status == Meeting.MinutesStatus.APPROVED

    edit = reverse("networks:minutes_edit", args=[meeting.pk, item.pk])
    assert client.get(edit).status_code == 403
    client.post(edit, {"discussion": "nachträglich", "decisions": "geändert"})
    assert AgendaItem.objects.get(pk=item.pk).decisions == ""
    page = client.get(reverse("networks:meeting_detail", args=[meeting.pk])).content.decode()
    assert "Protokoll zu diesem Punkt" not in page


def test_minutes_are_approved_only_at_a_later_meeting(client, working_group_member, group_world):
    meeting = group_world["meeting"]
    earlier = _later_meeting(meeting, days=-30)
    client.force_login(working_group_member)
    response = client.post(
        reverse("networks:minutes_approve", args=[meeting.pk]), {"at": earlier.pk}, follow=True
    )
    assert "Bitte die Sitzung wählen" in response.content.decode()
    assert Meeting.objects.get(pk=meeting.pk).minutes_status == Meeting.MinutesStatus.DRAFT


def test_minutes_pdf_holds_agenda_attendance_and_decisions_in_order(
    client, working_group_member, group_world
):
    meeting, item = group_world["meeting"], group_world["agenda_item"]
    second = AgendaItem.objects.create(
        meeting=meeting, position=2, title="Fallverlauf Ausbildung", decisions="Strategie entwerfen"
    )
    item.decisions = "Tagesordnung angenommen"
    item.save()
    ActionItem.objects.create(
        agenda_item=second,
        description="Entwurf schreiben",
        assignee=working_group_member,
        due_on=timezone.localdate(),
    )
    client.force_login(working_group_member)
    client.post(
        reverse("networks:meeting_attendance", args=[meeting.pk]),
        {f"status_{working_group_member.pk}": "present"},
    )
    text = _pdf_text(client.get(reverse("networks:minutes_pdf", args=[meeting.pk])))
    order = [
        "Anwesenheit",
        f"{working_group_member}: anwesend",
        "TOP 1: Begrüßung",
        "Tagesordnung angenommen",
        "TOP 2: Fallverlauf Ausbildung",
        "Strategie entwerfen",
        "Entwurf schreiben",
    ]
    positions = [text.find(part) for part in order]
    assert -1 not in positions, text
    assert positions == sorted(positions)


def test_invitation_pdf_and_calendar_entry(client, working_group_member, group_world):
    meeting = group_world["meeting"]
    client.force_login(working_group_member)
    text = _pdf_text(client.get(reverse("networks:invitation_pdf", args=[meeting.pk])))
    assert "Einladung: 2. Sitzung" in text and "Begrüßung" in text
    response = client.get(reverse("networks:invitation_ics", args=[meeting.pk]))
    event = icalendar.Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert str(event["summary"]) == "2. Sitzung"
    assert str(event["location"]) == "Rathaus, Raum 101"
    assert event.decoded("dtstart") == meeting.starts_at.replace(microsecond=0)
    assert "TOP 1: Begrüßung" in str(event["description"])


def test_an_empty_agenda_or_a_past_meeting_is_not_invited(
    client, working_group_member, group_world
):
    meeting = group_world["meeting"]
    meeting.agenda_items.all().delete()
    client.force_login(working_group_member)
    url = reverse("networks:meeting_invite", args=[meeting.pk])
    page = client.post(url, follow=True).content.decode()
    assert "mindestens einen Tagesordnungspunkt" in page
    AgendaItem.objects.create(meeting=meeting, position=1, title="Begrüßung")
    meeting.starts_at = timezone.now() - datetime.timedelta(days=1)
    meeting.ends_at = meeting.starts_at + datetime.timedelta(hours=1)
    meeting.save()
    page = client.post(url, follow=True).content.decode()
    assert "in der Vergangenheit" in page
    assert Meeting.objects.get(pk=meeting.pk).status == Meeting.Status.PLANNED


def test_a_deputy_attendance_without_deputy_keeps_the_input(
    client, working_group_member, group_world
):
    meeting = group_world["meeting"]
    client.force_login(working_group_member)
    response = client.post(
        reverse("networks:meeting_attendance", args=[meeting.pk]),
        {f"status_{working_group_member.pk}": "deputy"},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "wer vertreten hat" in page
    assert 'value="deputy" selected' in page
    assert not meeting.attendances.exists()


def test_the_invitation_pdf_draws_the_trajectory_on_the_agenda(
    client, working_group_member, group_world
):
    item = group_world["agenda_item"]
    item.trajectory_version = group_world["trajectory"].current_version()
    item.save()
    client.force_login(working_group_member)
    text = _pdf_text(client.get(reverse("networks:invitation_pdf", args=[item.meeting_id])))
    # the timeline's own labels, drawn by the SVG (not the agenda's words)
    assert "1. Kompetenzfeststellung (Fachstelle) – Bruchstelle" in text
