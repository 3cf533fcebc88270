"""The demo data loads twice without changing anything, and every demo login works."""

import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse

from networks.demo import DEMO_PASSWORD, USERS
from networks.models import Institution, Role, User
from rheine_integration.twofactor import otp_required_for


@pytest.fixture
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def load_demo_data() -> str:
    out = io.StringIO()
    call_command("load_demo_data", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def test_loading_the_demo_data_twice_changes_no_row_count(db, fast_passwords, settings):
    load_demo_data()
    first = row_counts()
    output = load_demo_data()
    assert row_counts() == first
    assert first["cases.Case"] >= 3
    assert first["networks.Institution"] >= 11
    assert settings.SITE_URL in output and DEMO_PASSWORD in output and "fm.sozialamt" in output


def test_every_demo_login_works_with_its_roles(client, db, fast_passwords):
    load_demo_data()
    for username, _first, _last, _institution, roles, _function in USERS:
        assert client.login(username=username, password=DEMO_PASSWORD), username
        user = User.objects.get(username=username)
        assert user.roles == frozenset(roles)
        response = client.get(reverse("home"))
        if otp_required_for(user):
            # Roles with case content set up the second factor before the start page.
            assert response.url.startswith(reverse("otp_setup")), username
        else:
            assert response.status_code == 200, username
        client.logout()


def test_the_demo_administrator_is_staff_but_not_superuser(db, fast_passwords):
    load_demo_data()
    admin = User.objects.get(username="admin")
    assert admin.is_staff and not admin.is_superuser
    assert admin.has_role(Role.ADMINISTRATOR)
    assert admin.has_perm("networks.change_institution")
    assert admin.has_perm("cases.change_measuretype")
    assert not admin.has_perm("cases.view_case")


def test_only_the_registering_offices_check_for_duplicates_across_institutions(db, fast_passwords):
    load_demo_data()
    registering = set(
        Institution.objects.filter(registers_persons=True).values_list("short_name", flat=True)
    )
    assert registering == {"Sozialamt", "Fachstelle", "ABH", "Jobcenter", "Agentur"}


def test_the_demo_tells_the_story_of_the_recognised_syrian_electrician(db, fast_passwords):
    from cases.models import EligibilityReview, LegalDomainChange, Person

    load_demo_data()
    person = Person.objects.get(given_names="Khaled", family_name="Beispielmann")
    assert [r.legal_basis for r in person.residence_records.all()] == ["25_2", "55_asylg"]
    assert (person.residence_status, person.legal_domain) == ("humanitarian", "sgb2")
    case = person.cases.get()
    assert LegalDomainChange.objects.filter(case=case, to_domain="sgb2").exists()
    assert case.handovers.get().to_institution.short_name == "Jobcenter"
    assert EligibilityReview.objects.filter(
        measure__case=case, measure__measure_type__name="Erstorientierungskurs", decision=""
    ).exists()
    procedure = case.recognition_procedures.get()
    assert procedure.outcome == "partial"
    assert procedure.compensation_measure.measure_type.name == "Anpassungsqualifizierung"
