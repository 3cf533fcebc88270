"""A small world for the security sweeps: one Sozialamt case with every kind of content, each
text carrying a marker that must never reach a user without access."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from cases import services
from cases.models import (
    CaseInquiry,
    Document,
    FollowUp,
    IntegrationPlan,
    Measure,
    Note,
    Notification,
)
from networks.models import AccountChange, Role
from steering.paper_budget import create_paper_budget
from tests.factories import (
    HandoverFactory,
    MeasureTypeFactory,
    assess,
    give_consent,
    make_user,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

# Personal data of the world's case: none of it may appear in a response to an outsider.
SECRETS = [
    "Gebremariam",
    "Tesfay",
    "0151 2345678",
    "MARKER-ZIEL",
    "MARKER-GESUNDHEIT",
    "MARKER-PLAN",
    "MARKER-VERMERK",
    "MARKER-ZEUGNIS",
    "MARKER-WV",
    "MARKER-UEBERGABE",
]


@pytest.fixture
def world(sozialamt_case, sozialamt_case_manager, jobcenter, fachstelle, administrator):
    case, by = sozialamt_case, sozialamt_case_manager
    person = case.person
    person.given_names, person.family_name, person.phone = "Tesfay", "Gebremariam", "0151 2345678"
    person.save()
    measure_type = MeasureTypeFactory(name="Alphabetisierungskurs", field_of_action="language")
    assessment = assess(
        case, by, own_goals="MARKER-ZIEL Elektriker", health_constraints="MARKER-GESUNDHEIT"
    )
    plan = services.add_plan(
        case=case,
        by=by,
        sub_goals=[],
        plan=IntegrationPlan(goal="MARKER-PLAN Elektroniker", agreed_on=timezone.localdate()),
    )
    measure = services.plan_measure(
        case=case,
        by=by,
        justification="",
        measure=Measure(measure_type=measure_type, responsible_institution=case.lead_institution),
    )
    note = services.add_note(
        case=case, by=by, note=Note(occurred_on=timezone.localdate(), text="MARKER-VERMERK")
    )
    follow_up = services.add_follow_up(
        case=case,
        by=by,
        follow_up=FollowUp(
            due_on=timezone.localdate(), assignee=by, description="MARKER-WV Kurs prüfen"
        ),
    )
    upload = SimpleUploadedFile("z.pdf", PDF_BYTES, content_type="application/pdf")
    upload.detected_content_type = "application/pdf"
    document = services.upload_document(
        case=case, kind=Document.Kind.CERTIFICATE, title="MARKER-ZEUGNIS", file=upload, by=by
    )
    consent = give_consent(
        case, jobcenter, ["basic"], signed_on=timezone.localdate() - datetime.timedelta(days=3)
    )
    handover = HandoverFactory(case=case, to_institution=jobcenter, summary="MARKER-UEBERGABE")
    inquiry = CaseInquiry.objects.create(
        case=case,
        kind="consent",
        typed_name="Tesfay Gebremariam",
        from_institution=jobcenter,
        requested_by=case.case_manager,
    )
    notification = Notification.objects.create(
        user=by,
        kind="follow_up_due",
        case=case,
        object_type="followup",
        object_id=follow_up.pk,
        day=timezone.localdate(),
        found_on=timezone.localdate(),
    )
    # A case role the admin gave an account of the Sozialamt (its coordinators alone may undo).
    account_change = AccountChange.objects.create(
        account=make_user("sozialamt.neu", case.lead_institution, roles=[Role.CASE_MANAGER]),
        kind=AccountChange.Kind.ROLES,
        changed_by=administrator,
        institution_before=case.lead_institution,
        institution_after=case.lead_institution,
        roles_before=[],
        roles_after=[Role.CASE_MANAGER],
    )
    budget_year = create_paper_budget().years.first()
    return {
        "account_change": account_change,
        "budget_year": budget_year,
        "case": case,
        "person": person,
        "assessment": assessment,
        "plan": plan,
        "measure": measure,
        "measure_type": measure_type,
        "note": note,
        "follow_up": follow_up,
        "document": document,
        "consent": consent,
        "handover": handover,
        "inquiry": inquiry,
        "notification": notification,
    }
