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
    EligibilityReview,
    FollowUp,
    IntegrationPlan,
    Measure,
    Note,
    Notification,
    RecognitionProcedure,
    ResidenceRecord,
)
from networks.models import AccountChange, Role
from steering.paper_budget import create_paper_budget
from tests.factories import (
    HandoverFactory,
    MeasureTypeFactory,
    assess,
    give_consent,
    make_user,
    networks_world,
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
    "MARKER-BEHOERDE",
    "MARKER-QUALI",
]


@pytest.fixture
def world(
    sozialamt_case,
    sozialamt_case_manager,
    jobcenter,
    fachstelle,
    administrator,
    working_group_member,
):
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
    residence_record = ResidenceRecord.objects.create(
        person=person,
        status="gestattung",
        legal_basis="55_asylg",
        valid_from=timezone.localdate() - datetime.timedelta(days=100),
        authority="MARKER-BEHOERDE",
        legal_domain="asylblg",
    )
    review = EligibilityReview.objects.create(
        measure=measure, residence_record=residence_record, missing=["MARKER-BEHOERDE"]
    )
    recognition = RecognitionProcedure.objects.create(
        case=case,
        qualification_title="MARKER-QUALI Elektriker",
        reference_occupation="Elektroniker",
        competent_body="hwk",
        created_by=by,
        institution=case.lead_institution,
    )
    networks = networks_world(by=working_group_member, institution=fachstelle)
    courses_of_world = _courses(case, by, measure, measure_type)
    budget_year = create_paper_budget().years.first()
    return courses_of_world | {
        **networks,
        "account_change": account_change,
        "budget_year": budget_year,
        "case": case,
        "person": person,
        "recognition": recognition,
        "residence_record": residence_record,
        "review": review,
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


def _courses(case, by, measure, measure_type) -> dict:
    """A Volkshochschule's literacy course holding a seat for the world's measure and one for a
    second measure of the case (course consent given), and another provider's offer."""
    from cases import courses
    from cases.models import CourseOffer, Scope
    from tests.cases import course_world

    vhs = course_world.provider()
    staff = course_world.provider_staff(vhs)
    give_consent(case, vhs, [Scope.COURSE])
    offer = course_world.offer(vhs, staff, measure_type, seats=3)
    second = services.plan_measure(
        case=case,
        by=by,
        justification="",
        measure=Measure(measure_type=measure_type, responsible_institution=case.lead_institution),
    )
    booking = courses.request_seat(measure=measure, offer=offer, by=by)
    other = courses.request_seat(measure=second, offer=offer, by=by)
    other_provider = course_world.provider("BT", "Bildungsträger Emsland")
    other_offer = course_world.offer(
        other_provider, course_world.provider_staff(other_provider, "bt.kurse"), measure_type
    )
    assert isinstance(other_offer, CourseOffer)
    return {
        "course_offer": offer,
        "seat_booking": booking,
        "other_seat_booking": other,
        "other_course_offer": other_offer,
        "vhs_staff": staff,
    }
