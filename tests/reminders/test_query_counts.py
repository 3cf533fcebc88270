"""Each finder makes the same number of queries for 3 cases as for 30 (no N+1)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cases import reminders
from cases.models import (
    CourseOffer,
    Handover,
    Measure,
    Note,
    RecognitionProcedure,
    Scope,
    SeatBooking,
)
from networks.models import Role
from tests.factories import (
    CaseFactory,
    FollowUpFactory,
    HandoverFactory,
    InstitutionFactory,
    MeasureFactory,
    MeasureTypeFactory,
    NoteFactory,
    give_consent,
    make_user,
)
from tests.reminders.conftest import WEDNESDAY, days

pytestmark = pytest.mark.django_db


def _course_offers(count: int):
    """A full offer, one starting in five days and one with free seats, of one measure type."""
    provider = InstitutionFactory(short_name=f"VHS{count}", kind="adult_education")
    staff = make_user(f"vhs-{count}", provider, roles=[Role.COURSE_PROVIDER])
    kind = MeasureTypeFactory(name="Alphabetisierungskurs", field_of_action="language")

    def offer(title, starts_in):
        return CourseOffer.objects.create(
            provider=provider,
            measure_type=kind,
            title=f"{title} {count}",
            place="Rheine",
            starts_on=WEDNESDAY + days(starts_in),
            ends_on=WEDNESDAY + days(starts_in + 100),
            days="Mo",
            times="9-12",
            hours_per_week=9,
            seats=200,
            contact="vhs",
            created_by=staff,
        )

    return kind, offer("voll", 30), offer("bald", 5), offer("frei", 40)


def _seat_bookings(case, offers, n: int):
    """An offered seat, a confirmed seat starting soon and a waiting-list place (a case of its
    own: its planned measures would count as the next step of the other case's measure)."""
    kind, full, soon, _free = offers
    rows = [
        (full, SeatBooking.Status.OFFERED, 2 * n + 1, WEDNESDAY + days(2)),
        (soon, SeatBooking.Status.CONFIRMED, n + 1, None),
        (full, SeatBooking.Status.WAITING, None, None),
    ]
    for offer, status, seat, deadline in rows:
        SeatBooking.objects.create(
            offer=offer,
            measure=MeasureFactory(case=case, measure_type=kind),
            status=status,
            seat_number=seat,
            offer_deadline=deadline,
            requested_at=timezone.now(),
            requested_by=case.case_manager,
            requested_by_institution=case.lead_institution,
        )


def build_cases(count: int, lead, partner):
    offers = _course_offers(count)
    for n in range(count):
        case = CaseFactory(
            lead_institution=lead,
            opened_on=WEDNESDAY - days(400),
            person__residence_expires_on=WEDNESDAY + days(10),
        )
        FollowUpFactory(case=case, due_on=WEDNESDAY)
        MeasureFactory(case=case, status=Measure.Status.RUNNING, planned_end=WEDNESDAY + days(5))
        NoteFactory(case=case, kind=Note.Kind.CONTACT, occurred_on=WEDNESDAY - days(100))
        RecognitionProcedure.objects.create(
            case=case,
            qualification_title="Elektriker",
            reference_occupation="Elektroniker/in",
            competent_body="hwk",
            applied_on=WEDNESDAY - days(200),
            created_by=case.case_manager,
            institution=lead,
        )
        give_consent(
            case,
            partner,
            [Scope.BASIC],
            signed_on=WEDNESDAY - days(300),
            valid_until=WEDNESDAY + days(n % 2 * 20 - 5),
        )
        _seat_bookings(CaseFactory(lead_institution=lead), offers, n)
        handover = HandoverFactory(case=case, to_institution=partner)
        Handover.objects.filter(pk=handover.pk).update(
            requested_at=timezone.make_aware(datetime.datetime(2026, 5, 1, 10))
        )
        closed = CaseFactory(
            lead_institution=InstitutionFactory(short_name=f"Q{count}-{n}"),
            opened_on=datetime.date(2020, 1, 1),
            closed_on=datetime.date(2022, 1, 1),
            phase="closed",
        )
        make_user(f"coord-{count}-{n}", closed.lead_institution, roles=[Role.COORDINATOR])


def measure(finder) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as queries:
        findings = finder(WEDNESDAY)
    return len(queries), len(findings)


def test_no_finder_needs_more_queries_for_30_cases_than_for_3(sozialamt, jobcenter):
    make_user("jobcenter.fm", jobcenter)
    build_cases(3, sozialamt, jobcenter)
    few = {finder.__name__: measure(finder) for finder in reminders.FINDERS}

    build_cases(27, sozialamt, jobcenter)
    many = {finder.__name__: measure(finder) for finder in reminders.FINDERS}

    for name in few:
        (few_queries, few_findings), (many_queries, many_findings) = few[name], many[name]
        assert many_findings > few_findings > 0, name
        assert many_queries == few_queries <= 2, name
