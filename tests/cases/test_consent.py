import datetime

from django.urls import reverse

from cases import permissions, services
from cases.models import AuditEntry, CaseAccess, Scope


def test_consent_opens_the_case_to_the_named_institution_at_once(
    client, full_case, sozialamt_case_manager, jobcenter_case_manager, jobcenter, yesterday
):
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 404

    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.ASSESSMENT]},
    )

    page = client.get(reverse("cases:detail", args=[full_case.pk]))
    assert page.status_code == 200
    assert "MARKER-ZIEL" in page.content.decode()


def test_withdrawal_ends_access_immediately(
    client, full_case, sozialamt_case_manager, jobcenter_case_manager, jobcenter, yesterday
):
    consent = services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC, Scope.NOTES]},
    )
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 200

    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:consent_withdraw", args=[full_case.pk, consent.pk]),
        {"withdrawn_on": datetime.date.today().isoformat()},
    )
    assert response.status_code == 302

    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 404
    assert full_case.reference not in client.get(reverse("cases:list")).content.decode()
    assert AuditEntry.objects.filter(case_id=full_case.pk, action="revoke").exists()


def test_expired_consent_gives_no_access_even_before_the_nightly_resync(
    client, full_case, sozialamt_case_manager, jobcenter_case_manager, jobcenter
):
    today = datetime.date.today()
    services.record_consent(
        case=full_case,
        signed_on=today - datetime.timedelta(days=30),
        valid_until=today,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 200

    # The day after "valid until": the access row is still there, but refused (fail closed).
    row = CaseAccess.objects.get(case=full_case, institution=jobcenter)
    CaseAccess.objects.filter(pk=row.pk).update(expires_on=today - datetime.timedelta(days=1))
    assert not permissions.visible_cases(jobcenter_case_manager).filter(pk=full_case.pk).exists()
    assert client.get(reverse("cases:detail", args=[full_case.pk])).status_code == 404


def test_expire_consents_revokes_guardian_grants_and_access_rows(
    full_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    today = datetime.date.today()
    services.record_consent(
        case=full_case,
        signed_on=today - datetime.timedelta(days=30),
        valid_until=today,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    assert "view_case" in permissions.case_permissions(jobcenter_case_manager, full_case)

    services.expire_consents(today=today + datetime.timedelta(days=1))

    assert permissions.case_permissions(jobcenter_case_manager, full_case) == frozenset()
    assert not CaseAccess.objects.filter(case=full_case, institution=jobcenter).exists()


def test_guardian_grants_and_the_access_table_never_disagree(
    full_case, sozialamt_case_manager, jobcenter, integrationsagentur, yesterday
):
    """The list path (CaseAccess) and the object path (guardian) must give the same set."""
    from guardian.shortcuts import get_objects_for_group

    from cases.models import Case

    consent = services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.PLAN], integrationsagentur.pk: [Scope.NOTES]},
    )
    services.withdraw_consent(
        consent, withdrawn_on=yesterday, case=full_case, by=sozialamt_case_manager
    )
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.ASSESSMENT]},
    )
    for institution in (full_case.lead_institution, jobcenter, integrationsagentur):
        by_guardian = set(
            get_objects_for_group(institution.group, "cases.view_case", Case).values_list(
                "pk", flat=True
            )
        )
        by_table = set(
            CaseAccess.objects.filter(institution=institution).values_list("case_id", flat=True)
        )
        assert by_guardian == by_table
    assert set(CaseAccess.objects.get(case=full_case, institution=jobcenter).scopes) == {
        "basic",
        "assessment",
    }
