"""Retention: persons whose cases are closed longer than the retention period are anonymised."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cases import retention
from cases.models import (
    Assessment,
    AuditEntry,
    Case,
    CaseInquiry,
    Document,
    Handover,
    IntegrationPlan,
    Measure,
    Note,
    Person,
)
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


def _close(case, years_ago: float):
    closed = timezone.localdate() - datetime.timedelta(days=int(365.25 * years_ago))
    Case.objects.filter(pk=case.pk).update(
        opened_on=closed - datetime.timedelta(days=400),
        closed_on=closed,
        phase=Case.Phase.CLOSED,
        closing_reason="goal_reached",
        closing_note="MARKER-ABSCHLUSS zog zu Verwandten nach Köln",
    )


@pytest.fixture
def expired_case(full_case, jobcenter):
    person = full_case.person
    Person.objects.filter(pk=person.pk).update(
        birth_year=1990,
        birth_month=5,
        birth_day=17,
        phone="05971 123",
        email="a@b.example",
        street="Emsstraße 1",
        postal_code="48431",
        nationality="SY",
        name_variants=["Amena"],
    )
    Handover.objects.create(
        case=full_case,
        from_institution=full_case.lead_institution,
        to_institution=jobcenter,
        reason="referral",
        summary="MARKER-UEBERGABE",
        requested_by=full_case.case_manager,
        status="declined",
    )
    CaseInquiry.objects.create(
        case=full_case,
        kind="consent",
        typed_name="Amina Haddad",
        typed_birth_year=1990,
        from_institution=jobcenter,
        requested_by=full_case.case_manager,
    )
    _close(full_case, 3.1)
    return full_case


def test_dry_run_lists_the_due_case_by_reference_and_changes_nothing(expired_case, capsys):
    call_command("anonymise_expired", "--dry-run")
    output = capsys.readouterr().out
    assert expired_case.reference in output
    assert "Probelauf" in output
    assert expired_case.person.given_names not in output
    expired_case.person.refresh_from_db()
    assert expired_case.person.anonymised_at is None


def test_anonymisation_removes_what_identifies_the_person_and_keeps_the_statistics(
    expired_case, django_capture_on_commit_callbacks
):
    document = Document.objects.get(case=expired_case)
    storage = document.file.storage
    assert storage.exists(document.file.name)
    statuses_before = list(
        Measure.objects.filter(case=expired_case).values_list("measure_type", "status")
    )

    with django_capture_on_commit_callbacks(execute=True):  # files go after the commit
        call_command("anonymise_expired")

    person = Person.objects.get(pk=expired_case.person_id)
    assert person.anonymised_at is not None
    assert (person.given_names, person.family_name) == ("anonymisiert", "anonymisiert")
    assert person.name_variants == []
    assert (person.birth_year, person.birth_month, person.birth_day) == (1990, None, None)
    assert person.phone == person.email == person.street == person.postal_code == person.city == ""
    assert "amina" not in person.search_text.lower()
    assert str(person.nationality) == "SY" and person.residence_status == "gestattung"

    assert set(Note.objects.filter(case=expired_case).values_list("text", flat=True)) == {""}
    assessment = Assessment.objects.get(case=expired_case)
    assert assessment.own_goals == assessment.health_constraints == ""
    assert assessment.literacy == 0 and assessment.german_listening == 1  # statistics stay
    assert IntegrationPlan.objects.get(case=expired_case).goal == ""
    assert Handover.objects.get(case=expired_case).summary == ""
    assert CaseInquiry.objects.get(case=expired_case).typed_name == ""
    case = Case.objects.get(pk=expired_case.pk)
    assert case.closing_note == "" and case.phase == "closed" and case.closed_on is not None
    assert (
        list(Measure.objects.filter(case=expired_case).values_list("measure_type", "status"))
        == statuses_before
    )
    assert not Document.objects.filter(case=expired_case).exists()
    assert not storage.exists(document.file.name)
    assert AuditEntry.objects.filter(
        case_id=expired_case.pk, action="delete", detail="anonymised (retention)"
    ).exists()


def test_case_closed_within_the_retention_period_or_with_an_open_case_is_not_touched(
    sozialamt_case, sozialamt, sozialamt_case_manager
):
    recent = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    _close(recent, 2.5)
    returned = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    _close(returned, 5)
    CaseFactory(
        person=returned.person, lead_institution=sozialamt, case_manager=sozialamt_case_manager
    )

    assert retention.anonymise_expired() == []
    assert Person.objects.filter(anonymised_at__isnull=False).count() == 0


def test_running_twice_anonymises_once(expired_case):
    assert len(retention.anonymise_expired()) == 1
    assert retention.anonymise_expired() == []


def test_the_celery_task_calls_the_same_service(expired_case):
    from cases.tasks import anonymise_expired

    assert anonymise_expired() == 1  # called in-process: the task body is the service call
    assert anonymise_expired() == 0


def test_coordinator_sees_the_due_references_and_runs_the_anonymisation(
    client, coordinator, expired_case
):
    client.force_login(coordinator)
    page = client.get(reverse("cases:retention")).content.decode()
    assert expired_case.reference in page
    assert expired_case.person.family_name not in page
    response = client.post(reverse("cases:retention"), follow=True)
    assert "1 Person(en) wurden anonymisiert" in response.content.decode()
    assert Person.objects.get(pk=expired_case.person_id).anonymised_at is not None


def test_case_managers_cannot_open_the_retention_page(client, sozialamt_case_manager):
    client.force_login(sozialamt_case_manager)
    assert client.get(reverse("cases:retention")).status_code == 403
    assert client.post(reverse("cases:retention")).status_code == 403
