"""The expiry job ends the access of an expired consent, audited (§67b SGB X)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import permissions, tasks
from cases.models import AuditEntry, CaseAccess, Notification, NotificationKind, Scope
from tests.factories import give_consent
from tests.reminders.conftest import days

pytestmark = pytest.mark.django_db


def test_after_the_expiry_job_the_formerly_consented_institution_gets_404(
    client, sozialamt_case, jobcenter, jobcenter_case_manager
):
    today = timezone.localdate()
    consent = give_consent(sozialamt_case, jobcenter, [Scope.BASIC, Scope.PLAN])
    # The consent ended yesterday; the access was granted while it was valid.
    type(consent).objects.filter(pk=consent.pk).update(
        signed_on=today - days(30), valid_until=today - days(1)
    )
    permissions.sync_person_access(sozialamt_case.person, today=today - days(2))
    assert permissions.case_permissions(jobcenter_case_manager, sozialamt_case)

    tasks.revoke_expired_consents(day=today.isoformat())

    assert not CaseAccess.objects.filter(case=sozialamt_case, institution=jobcenter).exists()
    assert permissions.case_permissions(jobcenter_case_manager, sozialamt_case) == frozenset()
    assert sozialamt_case not in permissions.visible_cases(jobcenter_case_manager)
    assert AuditEntry.objects.filter(
        action=AuditEntry.Action.REVOKE,
        case_id=sozialamt_case.pk,
        detail=f"institution={jobcenter.pk}",
    ).exists()
    client.force_login(jobcenter_case_manager)
    assert client.get(reverse("cases:detail", args=[sozialamt_case.pk])).status_code == 404


def test_the_reminder_job_revokes_an_expired_consent_and_tells_the_case_manager(
    sozialamt_case, jobcenter, jobcenter_case_manager
):
    wednesday = "2026-06-03"
    consent = give_consent(sozialamt_case, jobcenter, [Scope.BASIC])
    type(consent).objects.filter(pk=consent.pk).update(
        signed_on="2026-05-01", valid_until="2026-06-02"
    )
    permissions.sync_person_access(sozialamt_case.person, today=consent.signed_on)
    CaseAccess.objects.filter(institution=jobcenter).update(expires_on="2026-06-02")

    tasks.find_reminders(day=wednesday)

    assert not CaseAccess.objects.filter(institution=jobcenter).exists()
    assert Notification.objects.filter(
        user=sozialamt_case.case_manager, kind=NotificationKind.CONSENT_EXPIRED, case=sozialamt_case
    ).exists()
