import base64
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from cases import duplicates
from cases.duplicates import find_likely_duplicates
from cases.models import AuditEntry, Case, CaseInquiry
from networks.models import Institution
from tests.factories import CaseFactory, InstitutionFactory, PersonFactory, make_user


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
    mohammed_at_the_jobcenter, jobcenter_case_manager, spelling
):
    hits = find_likely_duplicates(
        given_names=spelling,
        family_name="Al Hasan",
        birth_year=1991,
        visible=Case.objects.all(),
        asked_by=jobcenter_case_manager,
    )
    assert [hit.visible_case for hit in hits] == [mohammed_at_the_jobcenter]


def test_a_different_birth_year_is_no_duplicate(mohammed_at_the_jobcenter, sozialamt_case_manager):
    assert (
        find_likely_duplicates(
            given_names="Muhammad",
            family_name="Al-Hassan",
            birth_year=1975,
            asked_by=sozialamt_case_manager,
        )
        == []
    )


def test_a_different_name_is_no_duplicate(mohammed_at_the_jobcenter, sozialamt_case_manager):
    assert (
        find_likely_duplicates(
            given_names="Tesfay",
            family_name="Gebremedhin",
            birth_year=1991,
            asked_by=sozialamt_case_manager,
        )
        == []
    )


@pytest.fixture(autouse=True)
def _fresh_check_counters(sozialamt_case_manager):
    cache.delete(duplicates._check_key(sozialamt_case_manager))


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


def test_registration_says_a_match_exists_and_nothing_of_the_other_person_or_institution(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    jobcenter = mohammed_at_the_jobcenter.lead_institution
    jobcenter.email, jobcenter.phone = "jobcenter-rheine@example.org", "05971 4444"
    jobcenter.save()
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), _registration())
    page = response.content.decode()
    assert response.status_code == 200
    answer = re.search(r'<section[^>]*id="duplicates".*?</section>', page, re.S).group(0)
    assert "möglicherweise schon bekannt" in answer
    assert "die federführende Institution meldet sich bei Ihnen" in answer
    # Which institution serves the person is itself sensitive: neither name nor contact.
    for told in (jobcenter.name, jobcenter.short_name, jobcenter.email, jobcenter.phone):
        assert told not in page.replace("im Jobcenter.", "")  # the form's help text
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
    told = [str(message) for message in client.get(response.url).context["messages"]]
    assert told == [
        "Ihre Anfrage wurde an die federführende Institution gesendet. Sie meldet sich bei Ihnen."
    ]
    # The leading institution sees who asked, to get in touch.
    client.force_login(mohammed_at_the_jobcenter.case_manager)
    inbox = client.get(reverse("cases:inbox")).content.decode()
    assert sozialamt_case_manager.institution.name in inbox


def test_the_inquiry_token_names_no_case_and_serves_only_the_user_who_checked(
    client, sozialamt_case_manager, sozialamt_colleague, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    response = client.post(reverse("cases:register"), _registration())
    token = response.context["duplicates"][0][0].token
    payload = token.split(":")[0]
    readable = base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)).decode()
    assert not re.search(rf"\b{mohammed_at_the_jobcenter.pk}\b", readable)
    # A colleague handed the page (or the token) cannot send an inquiry with it.
    client.force_login(sozialamt_colleague)
    client.post(
        reverse("cases:duplicate_inquiry"),
        {"token": token, "kind": "consent", "typed_name": "Muhammad Al Hasan"},
    )
    assert not CaseInquiry.objects.exists()


def test_the_audit_entry_keeps_what_was_searched(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter
):
    client.force_login(sozialamt_case_manager)
    client.post(reverse("cases:register"), _registration(name_variants="Mohamad Alhassan"))
    entry = AuditEntry.objects.get(object_type="duplicate_check")
    assert entry.username == sozialamt_case_manager.username
    assert "Muhammad Al Hasan" in entry.detail
    assert "Mohamad Alhassan" in entry.detail
    assert "1991" in entry.detail
    assert "hits=1" in entry.detail


@pytest.mark.parametrize(
    "kind", [Institution.Kind.EMPLOYER, Institution.Kind.VOLUNTEERS, Institution.Kind.COUNSELLING]
)
def test_an_institution_that_registers_no_persons_learns_nothing_of_other_institutions(
    client, mohammed_at_the_jobcenter, kind
):
    employer = InstitutionFactory(kind=kind)
    assert not employer.registers_persons
    user = make_user("fm.anderswo", employer)
    own = CaseFactory(
        person=PersonFactory(
            given_names="Mohamad", family_name="Alhasan", birth_year=1991, registered_by=employer
        ),
        lead_institution=employer,
        case_manager=user,
    )
    client.force_login(user)
    response = client.post(reverse("cases:register"), _registration())
    page = response.content.decode()
    # Its own case is shown; the Jobcenter's is neither shown nor offered for an inquiry.
    assert [hit.visible_case for hit, _form in response.context["duplicates"]] == [own]
    assert "möglicherweise schon bekannt" in page
    assert 'name="token"' not in page


def test_checks_per_user_are_limited_and_the_input_stays(
    client, sozialamt_case_manager, mohammed_at_the_jobcenter, monkeypatch
):
    monkeypatch.setattr(duplicates, "CHECKS_PER_HOUR", 3)
    client.force_login(sozialamt_case_manager)
    for _ in range(3):
        response = client.post(reverse("cases:register"), _registration())
        assert "möglicherweise schon bekannt" in response.content.decode()
    response = client.post(reverse("cases:register"), _registration(given_names="Mohamad"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "sehr viele Personen geprüft" in page
    assert 'value="Mohamad"' in page and 'value="Al Hasan"' in page
    assert "möglicherweise schon bekannt" not in page
    assert sozialamt_case_manager.institution.led_cases.count() == 0
    assert AuditEntry.objects.filter(object_type="duplicate_check").count() == 3


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
