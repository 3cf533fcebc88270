"""Shared helpers of the course tests: a Volkshochschule with a literacy course, and planned
measures of Sozialamt cases whose persons consented to the course provider."""

import datetime

from django.utils import timezone

from cases import courses
from cases.models import CourseOffer, Literacy, Measure, Scope
from networks.models import Institution, LegalDomain, Role
from tests.factories import (
    CaseFactory,
    InstitutionFactory,
    MeasureTypeFactory,
    PersonFactory,
    give_consent,
    make_user,
)


def provider(short_name="VHS", name="Volkshochschule Rheine"):
    return InstitutionFactory(
        name=name,
        short_name=short_name,
        kind=Institution.Kind.ADULT_EDUCATION,
        legal_domain=LegalDomain.EDUCATION,
    )


def provider_staff(institution, username="vhs.kurse"):
    return make_user(
        username, institution, roles=[Role.COURSE_PROVIDER], first_name="Kurt", last_name="Kurs"
    )


def literacy_type():
    return MeasureTypeFactory(
        name="Alphabetisierungskurs", field_of_action="language", leads_to_literacy=Literacy.LATIN
    )


def offer(institution, staff, measure_type, *, seats=2, starts_in=30, **fields) -> CourseOffer:
    today = timezone.localdate()
    values = {
        "title": "Alpha-Kurs Vormittag",
        "place": "Rheine, Bahnhofstraße 14",
        "starts_on": today + datetime.timedelta(days=starts_in),
        "ends_on": today + datetime.timedelta(days=starts_in + 180),
        "days": "Mo, Di, Do",
        "times": "08:30–12:00",
        "hours_per_week": 12,
        "seats": seats,
        "contact": "kurse@vhs-rheine.example",
    } | fields
    return courses.save_offer(offer=CourseOffer(measure_type=measure_type, **values), by=staff)


def planned_measure(lead, case_manager, measure_type, *, consent_to=None, **person) -> Measure:
    person = PersonFactory(registered_by=lead, **person)
    case = CaseFactory(lead_institution=lead, case_manager=case_manager, person=person)
    if consent_to is not None:
        give_consent(case, consent_to, [Scope.COURSE])
    return Measure.objects.create(
        case=case,
        measure_type=measure_type,
        responsible_institution=lead,
        created_by=case_manager,
        institution=lead,
    )
