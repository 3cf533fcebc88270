"""The data generator writes the same access rows a re-sync would, and is reproducible."""

import pytest
from django.db import transaction

from cases import permissions
from cases.benchmarking.generator import Generator
from cases.models import AuditEntry, Case, CaseAccess, CaseGroupObjectPermission, Person

pytestmark = pytest.mark.django_db(transaction=False)


def _access_rows():
    rows = CaseAccess.objects.values_list(
        "case_id", "institution_id", "is_lead", "scopes", "expires_on", "case_updated_at"
    )
    return {
        (case, inst, lead, tuple(scopes), exp, at) for case, inst, lead, scopes, exp, at in rows
    }


def _guardian_rows():
    return set(
        CaseGroupObjectPermission.objects.values_list(
            "content_object_id", "group_id", "permission__codename"
        )
    )


def test_generated_grants_are_exactly_what_sync_case_access_writes():
    Generator(cases=400, institutions=6, seed=7).run()
    generated_access, generated_grants = _access_rows(), _guardian_rows()
    assert CaseAccess.objects.filter(is_lead=False).exists(), "some cases are shared by consent"
    assert Person.objects.filter(
        consents__valid_until__lt=permissions.timezone.localdate()
    ).exists()

    for case in Case.objects.all():
        permissions.sync_case_access(case)

    assert _access_rows() == generated_access
    assert _guardian_rows() == generated_grants
    assert not AuditEntry.objects.filter(action__in=["grant", "revoke"]).exists()


def test_the_same_seed_generates_the_same_persons_and_cases():
    def fingerprint():
        with transaction.atomic():
            Generator(cases=150, institutions=5, seed=3).run()
            result = (
                list(Person.objects.order_by("pk").values_list("family_name", "birth_year")),
                list(
                    Case.objects.order_by("pk").values_list("lead_institution__short_name", "phase")
                ),
            )
            transaction.set_rollback(True)
        return result

    first = fingerprint()
    assert len(first[1]) >= 150
    assert fingerprint() == first


def test_generated_name_keys_are_what_saving_the_person_stores():
    """The duplicate check and the search read these keys: the generator writes them as
    Person.save() does, particles and all (Al-Hassan, Abd al-Rahman)."""
    Generator(cases=150, institutions=5, seed=5).run()
    persons = list(Person.objects.order_by("pk"))
    assert any("-" in p.family_name or " " in p.family_name for p in persons)
    generated = [p.search_text for p in persons]
    for person in persons:
        person.save(update_fields=["updated_at"])
    assert [p.search_text for p in Person.objects.order_by("pk")] == generated
