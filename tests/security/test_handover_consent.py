"""A handover lives only as long as the consent it relies on (issue 16, points 1 and 7).

§67b SGB X: the receiving institution may see the person's name and the summary, and take the
lead, only while a valid consent names it. Withdrawal or expiry ends the open handover."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases import services, tasks
from cases.models import (
    AuditEntry,
    CaseAccess,
    Consent,
    Handover,
    Notification,
    NotificationKind,
    Scope,
)

pytestmark = pytest.mark.django_db

SUMMARY = "MARKER-UEBERGABE Rückenleiden, Reha geplant"


@pytest.fixture
def consent(sozialamt_case, sozialamt_case_manager, jobcenter):
    sozialamt_case.person.given_names, sozialamt_case.person.family_name = "Tesfay", "Gebremariam"
    sozialamt_case.person.save()
    return services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate() - datetime.timedelta(days=10),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC, Scope.NOTES]},
        by=sozialamt_case_manager,
    )


@pytest.fixture
def handover(consent, sozialamt_case, sozialamt_case_manager, jobcenter):
    return services.propose_handover(
        case=sozialamt_case,
        to_institution=jobcenter,
        reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
        summary=SUMMARY,
        by=sozialamt_case_manager,
    )


def _every_step_is_refused(client, handover):
    """Inbox, start page, the handover's page and accepting it: nothing of the person shows."""
    inbox = client.get(reverse("cases:inbox")).content.decode()
    assert "Keine offenen Übergaben." in inbox and handover.case.reference not in inbox
    start = client.get(reverse("home")).content.decode()
    assert "Gebremariam" not in start and handover.case.reference not in start
    url = reverse("cases:handover_answer", args=[handover.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"decision": "accept"}).status_code == 404


def test_after_the_consent_is_withdrawn_the_receiver_can_neither_see_nor_accept_the_handover(
    client, handover, consent, sozialamt_case, sozialamt_case_manager, jobcenter_case_manager
):
    client.force_login(jobcenter_case_manager)
    assert "Gebremariam" in client.get(reverse("home")).content.decode()  # before: listed

    client.force_login(sozialamt_case_manager)
    response = client.post(
        reverse("cases:consent_withdraw", args=[sozialamt_case.pk, consent.pk]),
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    assert response.status_code == 302

    client.force_login(jobcenter_case_manager)
    _every_step_is_refused(client, handover)
    sozialamt_case.refresh_from_db()
    assert sozialamt_case.lead_institution == sozialamt_case_manager.institution
    assert not CaseAccess.objects.filter(case=sozialamt_case, institution__short_name="Jobcenter")

    # The handover has ended, says why, is audited, and its sender is told.
    handover.refresh_from_db()
    assert handover.status == Handover.Status.CONSENT_ENDED
    assert AuditEntry.objects.filter(
        object_type="handover", object_id=str(handover.pk), detail="ended: consent ended"
    ).exists()
    client.force_login(sozialamt_case_manager)
    notifications = client.get(reverse("cases:notifications")).content.decode()
    assert "Übergabe beendet: Einwilligung widerrufen oder abgelaufen" in notifications
    assert sozialamt_case.reference in notifications
    page = client.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "beendet (Einwilligung widerrufen oder abgelaufen)" in page


def test_an_expired_consent_closes_every_step_at_once_and_the_nightly_job_ends_the_handover(
    client, handover, consent, sozialamt_case, sozialamt_case_manager, jobcenter_case_manager
):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # The consent ran until yesterday; the nightly job has not run yet.
    Consent.objects.filter(pk=consent.pk).update(valid_until=yesterday)
    CaseAccess.objects.filter(case=sozialamt_case, is_lead=False).update(expires_on=yesterday)

    client.force_login(jobcenter_case_manager)
    _every_step_is_refused(client, handover)
    handover.refresh_from_db()
    assert handover.status == Handover.Status.REQUESTED  # nothing written by a read

    tasks.revoke_expired_consents(day=timezone.localdate().isoformat())

    handover.refresh_from_db()
    assert handover.status == Handover.Status.CONSENT_ENDED
    assert Notification.objects.filter(
        user=sozialamt_case_manager,
        kind=NotificationKind.HANDOVER_ENDED,
        object_type="handover",
        object_id=handover.pk,
    ).exists()
    # Safe twice: a second run ends nothing more and tells nobody again.
    tasks.revoke_expired_consents(day=timezone.localdate().isoformat())
    assert Notification.objects.filter(kind=NotificationKind.HANDOVER_ENDED).count() == 1


def test_the_accept_service_refuses_when_no_consent_covers_the_receiver_any_more(
    handover, jobcenter_case_manager
):
    CaseAccess.objects.filter(institution=handover.to_institution).delete()
    with pytest.raises(services.HandoverNotOpen, match="erfasst Ihre Institution nicht mehr"):
        services.accept_handover(handover, by=jobcenter_case_manager)
    handover.refresh_from_db()
    assert handover.status == Handover.Status.REQUESTED


def test_withdrawing_one_of_two_consents_that_name_the_receiver_ends_the_handover_only_with_both(
    handover, consent, sozialamt_case, sozialamt_case_manager, jobcenter
):
    second = services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate(),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC]},
        by=sozialamt_case_manager,
    )
    for withdrawn, still_open in ((consent, True), (second, False)):
        services.withdraw_consent(
            withdrawn,
            withdrawn_on=timezone.localdate(),
            case=sozialamt_case,
            by=sozialamt_case_manager,
        )
        handover.refresh_from_db()
        assert (handover.status == Handover.Status.REQUESTED) is still_open


# --- Point 7: the summary goes with the notes scope ------------------------------------------


def test_an_institution_with_the_basic_scope_only_does_not_read_the_summary(
    client, sozialamt_case, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate(),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC]},
        by=sozialamt_case_manager,
    )
    handover = services.propose_handover(
        case=sozialamt_case,
        to_institution=jobcenter,
        reason=Handover.Reason.REFERRAL,
        summary=SUMMARY,
        by=sozialamt_case_manager,
    )
    client.force_login(jobcenter_case_manager)
    answer = client.get(reverse("cases:handover_answer", args=[handover.pk])).content.decode()
    assert "MARKER-UEBERGABE" not in answer
    assert "nur sichtbar, wenn die Einwilligung" in answer
    detail = client.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "MARKER-UEBERGABE" not in detail

    # The sender reads it, and so does the receiver once a consent covers the notes.
    client.force_login(sozialamt_case_manager)
    detail = client.get(reverse("cases:detail", args=[sozialamt_case.pk])).content.decode()
    assert "MARKER-UEBERGABE" in detail
    services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate(),
        valid_until=None,
        grants={jobcenter.pk: [Scope.NOTES]},
        by=sozialamt_case_manager,
    )
    client.force_login(jobcenter_case_manager)
    answer = client.get(reverse("cases:handover_answer", args=[handover.pk])).content.decode()
    assert "MARKER-UEBERGABE" in answer
