import pytest
from django.urls import reverse

from cases.duplicates import find_likely_duplicates
from cases.models import CaseInquiry
from tests.factories import CaseFactory, PersonFactory


@pytest.fixture
def mohammed_at_the_jobcenter(jobcenter):
    person = PersonFactory(
        given_names="Mohammed",
        family_name="Al-Hassan",
        birth_year=1991,
        registered_by=jobcenter,
        phone="0170 1234567",
    )
    return CaseFactory(person=person, lead_institution=jobcenter)


@pytest.mark.parametrize("spelling", ["Mohammed", "Muhammad", "Mohamad", "Mohamed"])
def test_transliterations_with_the_same_birth_year_are_likely_duplicates(
    mohammed_at_the_jobcenter, spelling
):
    hits = find_likely_duplicates(given_names=spelling, family_name="Al Hasan", birth_year=1991)
    assert [hit.institution for hit in hits] == [mohammed_at_the_jobcenter.lead_institution]


def test_a_different_birth_year_is_no_duplicate(mohammed_at_the_jobcenter):
    assert (
        find_likely_duplicates(given_names="Muhammad", family_name="Al-Hassan", birth_year=1975)
        == []
    )


def test_a_different_name_is_no_duplicate(mohammed_at_the_jobcenter):
    assert (
        find_likely_duplicates(given_names="Tesfay", family_name="Gebremedhin", birth_year=1991)
        == []
    )


def _registration(**overrides):
    data = {
        "given_names": "Muhammad",
        "family_name": "Al Hasan",
        "birth_year": "1991",
        "gender": "m",
        "residence_status": "gestattung",
        "legal_domain": "asylblg",
        "fields_of_action": ["language"],
        "city": "Rheine",
    }
    return data | overrides


def test_registration_shows_the_institution_to_contact_and_nothing_of_the_other_person(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), _registration())
    page = response.content.decode()
    assert response.status_code == 200
    assert "möglicherweise schon bekannt" in page
    assert mohammed_at_the_jobcenter.lead_institution.name in page
    # The other institution's record stays hidden: its spelling, phone and case number.
    assert "Al-Hassan" not in page and "0170 1234567" not in page
    assert mohammed_at_the_jobcenter.reference not in page
    # The user's own input is kept in the form.
    assert 'value="Al Hasan"' in page


def test_user_can_ask_the_other_institution_instead_of_registering(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), _registration())
    hit, _form = response.context["duplicates"][0]
    response = client.post(
        reverse("cases:duplicate_inquiry"),
        {
            "token": hit.token,
            "kind": "consent",
            "typed_name": "Muhammad Al Hasan",
            "typed_birth_year": "1991",
            "message": "Bitte um Kontakt",
        },
    )
    assert response.status_code == 302
    inquiry = CaseInquiry.objects.get()
    assert inquiry.case == mohammed_at_the_jobcenter
    assert inquiry.from_institution == sozialamt_case_manager.institution


def test_a_forged_inquiry_token_is_refused(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:duplicate_inquiry"),
        {"token": str(mohammed_at_the_jobcenter.pk), "kind": "consent", "typed_name": "x"},
        follow=True,
    )
    assert "konnte nicht gesendet werden" in response.content.decode()
    assert not CaseInquiry.objects.exists()


def test_registering_anyway_creates_the_person_and_the_case(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), _registration(confirm_new_person="1"))
    assert response.status_code == 302
    assert sozialamt_case_manager.institution.led_cases.count() == 1
