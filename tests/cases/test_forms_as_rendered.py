"""The case forms submitted as the page renders them: every field keeps its default, the test
changes only what the user changes, and what the user did not touch stays as it was."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, FollowUp, Measure, Note, Scope
from tests.factories import CaseFactory, PersonFactory
from tests.forms import rendered_form

pytestmark = pytest.mark.django_db


def body(response) -> str:
    page = response.content.decode()
    return page[page.index("<tbody") : page.index("</tbody>")] if "<tbody" in page else ""


def test_the_untouched_filter_form_lists_everything_and_a_typed_name_finds_the_case(
    client, sozialamt, sozialamt_case_manager, sozialamt_colleague
):
    haddad = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_colleague,
        person=PersonFactory(given_names="Amina", family_name="Haddad", registered_by=sozialamt),
    )
    others = [
        CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            person=PersonFactory(family_name=name, registered_by=sozialamt),
        )
        for name in ("Kovalenko", "Tesfamariam")
    ]
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:list"))
    unfiltered = body(page)
    assert all(case.reference in unfiltered for case in [haddad, *others])

    untouched = rendered_form(page, having="q").submit(client)
    assert untouched.status_code == 200
    assert body(untouched) == unfiltered

    typed = rendered_form(page, having="q").set("q", "Haddad").submit(client)
    found = body(typed)
    assert haddad.reference in found
    assert not any(case.reference in found for case in others)


def test_editing_the_person_changes_only_what_was_typed(
    client, sozialamt_case, sozialamt_case_manager
):
    person = sozialamt_case.person
    person.name_variants, person.city = ["Hadad"], "Rheine"
    person.save()
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:person_edit", args=[sozialamt_case.pk]))
    response = rendered_form(page, having="phone").set("phone", "05971 12345").submit(client)
    assert response.status_code == 302
    before = {f: getattr(person, f) for f in ("given_names", "family_name", "birth_year", "city")}
    person.refresh_from_db()
    assert person.phone == "05971 12345"
    assert {f: getattr(person, f) for f in before} == before
    assert person.name_variants == ["Hadad"]


def test_editing_the_case_changes_only_the_phase(client, sozialamt_case, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:edit", args=[sozialamt_case.pk]))
    form = rendered_form(page, having="phase").set("phase", Case.Phase.PLANNING)
    assert form.submit(client).status_code == 302
    case = Case.objects.get(pk=sozialamt_case.pk)
    assert case.phase == Case.Phase.PLANNING
    assert case.fields_of_action == sozialamt_case.fields_of_action
    assert case.case_manager == sozialamt_case_manager


def test_a_note_typed_into_the_form_is_kept_with_its_defaults(
    client, sozialamt_case, sozialamt_case_manager
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:note_add", args=[sozialamt_case.pk]))
    form = rendered_form(page, having="text").set("text", "Kursanmeldung besprochen.")
    assert form.submit(client).status_code == 302
    note = Note.objects.get(case=sozialamt_case)
    assert (note.text, note.occurred_on, note.confidential) == (
        "Kursanmeldung besprochen.",
        timezone.localdate(),
        False,
    )
    detail = client.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "Kursanmeldung besprochen." in detail


def test_a_follow_up_typed_into_the_form_is_assigned_to_the_default_assignee(
    client, sozialamt_case, sozialamt_case_manager
):
    due = timezone.localdate() + datetime.timedelta(days=7)
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:follow_up_add", args=[sozialamt_case.pk]))
    form = rendered_form(page, having="description")
    form.set("description", "Kursbeginn prüfen").set("due_on", due.isoformat())
    assert form.submit(client).status_code == 302
    follow_up = FollowUp.objects.get(case=sozialamt_case)
    assert (follow_up.description, follow_up.due_on) == ("Kursbeginn prüfen", due)
    assert follow_up.assignee == sozialamt_case_manager
    assert "Kursbeginn prüfen" in client.get(reverse("cases:follow_ups")).content.decode()


def test_editing_a_measure_changes_only_its_status_and_start(
    client, full_case, sozialamt_case_manager
):
    measure = full_case.measures.get()
    measure.provider = "VHS Rheine"
    measure.save()
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:measure_edit", args=[full_case.pk, measure.pk]))
    form = rendered_form(page, having="status").set("status", Measure.Status.RUNNING)
    refused = form.submit(client)  # a running measure needs the day it began
    assert "Bitte den tatsächlichen Beginn angeben." in refused.content.decode()
    form = rendered_form(refused, having="status")
    assert form.fields["status"] == [Measure.Status.RUNNING]  # the choice survived
    started = timezone.localdate().isoformat()
    assert form.set("actual_start", started).submit(client).status_code == 302
    measure.refresh_from_db()
    assert (measure.status, measure.provider) == (Measure.Status.RUNNING, "VHS Rheine")
    assert measure.actual_start == timezone.localdate()


def test_a_consent_ticked_in_the_form_opens_the_case_to_that_institution_only(
    client,
    full_case,
    sozialamt_case_manager,
    jobcenter,
    jobcenter_case_manager,
    unconsented_outsider,
    yesterday,
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:consent_add", args=[full_case.pk]))
    form = rendered_form(page, having="signed_on")
    form.set("signed_on", yesterday.isoformat()).set(f"scopes_{jobcenter.pk}", Scope.BASIC)
    assert form.submit(client).status_code == 302

    client.force_login(jobcenter_case_manager)
    shown = client.get(reverse("cases:detail", args=[full_case.pk]))
    assert shown.status_code == 200
    assert "MARKER-VERMERK" not in shown.content.decode()  # the notes were not ticked
    client.force_login(unconsented_outsider)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 404
