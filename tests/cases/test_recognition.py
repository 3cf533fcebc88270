"""Anerkennungsverfahren: life cycle, partial decision to compensation measure, waiting reminder."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import notifications, reminders
from cases.models import (
    AuditEntry,
    Notification,
    NotificationKind,
    Qualification,
    RecognitionProcedure,
)
from tests.factories import MeasureTypeFactory, assess

TODAY = timezone.localdate()


@pytest.fixture
def electrician(sozialamt_case, sozialamt_case_manager):
    assessment = assess(sozialamt_case, sozialamt_case_manager)
    return Qualification.objects.create(
        assessment=assessment, kind="vocational", title="Elektriker (Syrien)", country="SY"
    )


def start(client, case, qualification, **fields):
    data = {
        "qualification": qualification.pk,
        "reference_occupation": "Elektroniker/in für Energie- und Gebäudetechnik",
        "competent_body": "hwk",
        "counselling_on": (TODAY - datetime.timedelta(days=120)).isoformat(),
        "counselling_by": "IQ Netzwerk NRW",
        "applied_on": (TODAY - datetime.timedelta(days=100)).isoformat(),
        "documents_submitted": "Zeugnis, Übersetzung",
        "documents_missing": "Nachweis Berufserfahrung",
        "fees": "400.00",
        "fees_paid_by": "jobcenter",
        "outcome": "pending",
        **fields,
    }
    return client.post(reverse("cases:recognition_add", args=[case.pk]), data)


def test_a_procedure_goes_from_application_to_partial_decision_to_a_planned_compensation_measure(
    sozialamt_case, sozialamt_case_manager, electrician, client
):
    case = sozialamt_case
    client.force_login(sozialamt_case_manager)
    assert start(client, case, electrician).status_code == 302
    procedure = RecognitionProcedure.objects.get()
    assert procedure.qualification_title == "Elektriker (Syrien)"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    assert (
        "Elektroniker/in für Energie- und Gebäudetechnik" in page
        and "noch nicht entschieden" in page
    )

    edit = reverse("cases:recognition_edit", args=[case.pk, procedure.pk])
    data = client.get(edit).context["form"].initial
    data = {
        k: (v.isoformat() if isinstance(v, datetime.date) else ("" if v is None else v))
        for k, v in data.items()
    }
    data.update(
        outcome="partial", decided_on=TODAY.isoformat(), missing_parts="", compensation="adaptation"
    )
    answer = client.post(edit, data)
    assert "Bitte angeben, welche Teile fehlen." in answer.content.decode()
    assert 'value="Elektroniker/in für Energie- und Gebäudetechnik"' in answer.content.decode()
    data["missing_parts"] = "VDE-Vorschriften, Gebäudesystemtechnik"
    assert client.post(edit, data).status_code == 302
    procedure.refresh_from_db()
    assert procedure.outcome == "partial"

    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    compensation_url = reverse("cases:recognition_compensation", args=[case.pk, procedure.pk])
    assert compensation_url in page
    adaptation = MeasureTypeFactory(
        name="Anpassungsqualifizierung Elektrotechnik", field_of_action="qualification"
    )
    assert client.post(compensation_url, {"measure_type": adaptation.pk}).status_code == 302
    procedure.refresh_from_db()
    assert procedure.compensation_measure.measure_type == adaptation
    assert case.measures.filter(measure_type=adaptation, status="planned").exists()
    assert AuditEntry.objects.filter(
        object_type="recognitionprocedure", detail="compensation planned"
    ).exists()


def test_a_compensation_measure_needs_a_partial_decision(
    sozialamt_case, sozialamt_case_manager, electrician, client
):
    client.force_login(sozialamt_case_manager)
    answer = start(client, sozialamt_case, electrician, compensation="knowledge_test")
    assert "nur bei teilweiser Gleichwertigkeit" in answer.content.decode()
    assert not RecognitionProcedure.objects.exists()


def test_a_decision_needs_its_date_and_cannot_precede_the_application(
    sozialamt_case, sozialamt_case_manager, electrician, client
):
    client.force_login(sozialamt_case_manager)
    answer = start(client, sozialamt_case, electrician, outcome="full")
    assert "Bitte das Datum des Bescheids angeben." in answer.content.decode()
    answer = start(
        client,
        sozialamt_case,
        electrician,
        outcome="full",
        decided_on=(TODAY - datetime.timedelta(days=200)).isoformat(),
    )
    assert "nicht vor dem Antrag" in answer.content.decode()
    assert not RecognitionProcedure.objects.exists()


def test_a_procedure_waiting_longer_than_the_period_reminds_the_case_manager(
    sozialamt_case, sozialamt_case_manager, electrician, client, settings
):
    settings.REMINDER_RECOGNITION_WAITING_DAYS = 90
    client.force_login(sozialamt_case_manager)
    start(client, sozialamt_case, electrician)  # applied 100 days ago
    procedure = RecognitionProcedure.objects.get()
    findings = reminders.recognitions_waiting(TODAY)
    assert [(f.user_id, f.object_id) for f in findings] == [
        (sozialamt_case_manager.pk, procedure.pk)
    ]
    notifications.record_findings(findings, found_on=TODAY)
    assert Notification.objects.filter(kind=NotificationKind.RECOGNITION_WAITING).count() == 1
    settings.REMINDER_RECOGNITION_WAITING_DAYS = 120
    assert reminders.recognitions_waiting(TODAY) == []
    settings.REMINDER_RECOGNITION_WAITING_DAYS = 90
    procedure.outcome, procedure.decided_on = "full", TODAY
    procedure.save()
    assert reminders.recognitions_waiting(TODAY) == []


def test_an_institution_with_the_basics_only_sees_no_procedure(
    sozialamt_case, sozialamt_case_manager, electrician, jobcenter, jobcenter_case_manager, client
):
    from tests.factories import give_consent

    client.force_login(sozialamt_case_manager)
    start(client, sozialamt_case, electrician)
    give_consent(sozialamt_case, jobcenter, ["basic"])
    client.force_login(jobcenter_case_manager)
    page = client.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "Elektroniker/in für Energie" not in page
    procedure = RecognitionProcedure.objects.get()
    assert (
        client.get(
            reverse("cases:recognition_edit", args=[sozialamt_case.pk, procedure.pk])
        ).status_code
        == 404
    )
