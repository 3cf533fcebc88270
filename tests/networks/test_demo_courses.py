"""The demo's course offers (issue 22): a full literacy course with a waiting list from several
institutions, the demo story's person on it, and a course next month with free seats."""

import datetime

import pytest
from django.utils import timezone

from cases import courses
from cases.models import CourseOffer
from tests.networks.test_demo_data import load_demo_data

pytestmark = pytest.mark.django_db


def test_demo_has_a_full_literacy_course_with_a_mixed_waiting_list_and_free_seats_next_month(
    settings,
):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo_data()
    full = CourseOffer.objects.get(title="Alpha-Kurs Vormittag")
    waiting = list(courses.queue(full).select_related("measure__case__person"))

    assert full.free_seats == 0 and full.provider.short_name == "VHS"
    assert len(waiting) >= 4
    assert len({b.requested_by_institution_id for b in waiting}) >= 3
    assert waiting[-1].measure.case.person.full_name == "Amina Beispiel"

    today = timezone.localdate()
    next_month = CourseOffer.objects.filter(
        starts_on__gt=today, starts_on__lte=today + datetime.timedelta(days=40)
    ).exclude(pk=full.pk)
    assert any(o.free_seats > 0 and o.provider.short_name == "Bildungswerk" for o in next_month)
    measure_types = set(CourseOffer.objects.values_list("measure_type__name", flat=True))
    assert {"Alphabetisierungskurs", "Integrationskurs", "Berufssprachkurs B2"} <= measure_types
