"""No lost updates: two case managers edit the same record at once; the second is told."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Assessment, IntegrationPlan, Measure
from tests.factories import MeasureFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_browsers(client, django_user_model, sozialamt_case_manager, sozialamt_colleague):
    from django.test import Client

    first, second = client, Client()
    first.force_login(sozialamt_case_manager)
    second.force_login(sozialamt_colleague)
    return first, second


def _person_form(case, **changes):
    person = case.person
    data = {
        "given_names": person.given_names,
        "family_name": person.family_name,
        "name_variants": "",
        "birth_year": person.birth_year,
        "gender": person.gender,
        "residence_status": person.residence_status,
        "legal_domain": person.legal_domain,
        "city": person.city,
        "version": person.version,
    }
    return data | changes


def test_second_person_edit_from_the_same_version_is_refused_with_both_versions(
    two_browsers, sozialamt_case
):
    first, second = two_browsers
    url = reverse("cases:person_edit", args=[sozialamt_case.pk])
    opened = _person_form(sozialamt_case)  # both opened the form on version 1

    assert first.post(url, opened | {"phone": "05971 111"}).status_code == 302
    response = second.post(url, opened | {"phone": "05971 222"})

    assert response.status_code == 409
    page = response.content.decode()
    assert "Bearbeitungskonflikt" in page
    assert "inzwischen von anderer Seite geändert" in page
    assert "05971 111" in page and "05971 222" in page  # saved version and the user's entry
    sozialamt_case.person.refresh_from_db()
    assert sozialamt_case.person.phone == "05971 111"
    assert sozialamt_case.person.version == 2

    # Saving again from the conflict page takes the user's entry, knowingly.
    again = second.post(url, opened | {"phone": "05971 222", "version": 2})
    assert again.status_code == 302
    sozialamt_case.person.refresh_from_db()
    assert sozialamt_case.person.phone == "05971 222"


def test_service_refuses_a_person_save_from_an_old_version(sozialamt_case, sozialamt_case_manager):
    person = sozialamt_case.person
    services.update_person(
        person, case=sozialamt_case, changed=[], by=sozialamt_case_manager, expected_version=1
    )
    with pytest.raises(services.StaleEdit) as refusal:
        services.update_person(
            person, case=sozialamt_case, changed=[], by=sozialamt_case_manager, expected_version=1
        )
    assert refusal.value.current.version == 2


def test_second_case_edit_from_the_same_version_is_refused(two_browsers, sozialamt_case):
    first, second = two_browsers
    url = reverse("cases:edit", args=[sozialamt_case.pk])
    form = {
        "case_manager": sozialamt_case.case_manager_id,
        "fields_of_action": ["language"],
        "phase": "planning",
        "version": sozialamt_case.version,
    }
    assert first.post(url, form).status_code == 302
    response = second.post(url, form | {"phase": "monitoring"})
    assert response.status_code == 409
    assert "Bearbeitungskonflikt" in response.content.decode()
    sozialamt_case.refresh_from_db()
    assert sozialamt_case.phase == "planning"


def test_second_measure_edit_from_the_same_version_is_refused_with_both_versions(
    two_browsers, sozialamt_case
):
    first, second = two_browsers
    measure = MeasureFactory(case=sozialamt_case, provider="VHS Rheine")
    url = reverse("cases:measure_edit", args=[sozialamt_case.pk, measure.pk])
    form = {"status": Measure.Status.PLANNED, "version": measure.version}
    assert first.post(url, form | {"provider": "Bildungsträger A"}).status_code == 302
    response = second.post(url, form | {"provider": "Bildungsträger B"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Bildungsträger A" in page and "Bildungsträger B" in page
    measure.refresh_from_db()
    assert measure.provider == "Bildungsträger A"


def _assessment_form(base_version, goals):
    return {
        "assessed_on": timezone.localdate().isoformat(),
        "german_listening": 1,
        "german_reading": 1,
        "german_writing": 1,
        "german_speaking": 1,
        "literacy": 2,
        "school_level": "unknown",
        "own_goals": goals,
        "base_version": base_version,
        "qualifications-TOTAL_FORMS": 0,
        "qualifications-INITIAL_FORMS": 0,
    }


def test_second_new_assessment_started_from_the_same_version_is_not_lost_and_the_user_is_told(
    two_browsers, sozialamt_case
):
    first, second = two_browsers
    url = reverse("cases:assessment_add", args=[sozialamt_case.pk])
    # Both open the form while there is no assessment yet (base version 0).
    assert first.post(url, _assessment_form(0, "Pflegehelferin")).status_code == 302
    response = second.post(url, _assessment_form(0, "Erzieherin"))

    assert response.status_code == 409
    page = response.content.decode()
    assert "Inzwischen wurde eine neuere Kompetenzfeststellung gespeichert" in page
    assert "Pflegehelferin" in page and "Erzieherin" in page
    assert list(Assessment.objects.values_list("own_goals", flat=True)) == ["Pflegehelferin"]

    # The conflict page carries the new base; saving again makes it version 2, nothing lost.
    assert 'name="base_version" value="1"' in page
    assert second.post(url, _assessment_form(1, "Erzieherin")).status_code == 302
    versions = dict(Assessment.objects.values_list("version", "own_goals"))
    assert versions == {1: "Pflegehelferin", 2: "Erzieherin"}


def test_second_new_plan_started_from_the_same_version_is_refused_with_both_goals(
    two_browsers, sozialamt_case
):
    first, second = two_browsers
    url = reverse("cases:plan_add", args=[sozialamt_case.pk])
    form = {
        "agreed_on": timezone.localdate().isoformat(),
        "base_version": 0,
        "sub_goals-TOTAL_FORMS": 0,
        "sub_goals-INITIAL_FORMS": 0,
    }
    assert first.post(url, form | {"goal": "Ausbildung Elektroniker"}).status_code == 302
    response = second.post(url, form | {"goal": "Ausbildung Mechatroniker"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Ausbildung Elektroniker" in page and "Ausbildung Mechatroniker" in page
    assert IntegrationPlan.objects.count() == 1
