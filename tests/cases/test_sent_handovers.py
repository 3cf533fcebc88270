"""The sender of a handover keeps a record of it and hears the answer; the receiver's inbox says
who sends what and why."""

import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cases import notifications, services
from cases.models import Handover, Notification, Scope

pytestmark = pytest.mark.django_db

SUMMARY = "MARKER-UEBERGABE Anerkennung als Flüchtling, Wechsel in SGB II"


@pytest.fixture
def offered(full_case, sozialamt_case_manager, jobcenter, yesterday) -> Handover:
    """The Sozialamt offers its full case to the Jobcenter (consent covers it)."""
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC, Scope.ASSESSMENT, Scope.PLAN, Scope.NOTES]},
    )
    return services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason=Handover.Reason.LEGAL_DOMAIN_CHANGE,
        summary=SUMMARY,
        by=sozialamt_case_manager,
    )


def _answer(client, handover, user, **data):
    client.force_login(user)
    response = client.post(reverse("cases:handover_answer", args=[handover.pk]), data)
    assert response.status_code == 302
    client.logout()


def _text(page: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", page).split())


def _sent_list_from_the_inbox(client) -> str:
    """Open the sender's list the way a user does: from the link on the inbox."""
    inbox = client.get(reverse("cases:inbox")).content.decode()
    href = re.search(r'<a class="kern-link" href="([^"]+)">Gesendete Übergaben', inbox).group(1)
    response = client.get(href)
    assert response.status_code == 200
    return response.content.decode()


def _case_content(case) -> list[str]:
    person = case.person
    return [person.given_names, person.family_name, "MARKER-"]


def test_after_acceptance_the_sender_is_notified_and_keeps_a_record_without_case_content(
    client, offered, sozialamt_case_manager, jobcenter, jobcenter_case_manager
):
    case = offered.case
    _answer(client, offered, jobcenter_case_manager, decision="accept")

    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:notifications")).content.decode()
    row = _text(page[page.index('id="notification-table"') :])
    assert f"Übergabe angenommen {case.reference}" in row
    # The notification leads to the record, not to the case the Sozialamt may no longer open.
    assert f'href="{reverse("cases:sent_handovers")}">{case.reference}</a>' in page
    assert client.get(reverse("cases:detail", args=[case.pk])).status_code == 404

    page = _sent_list_from_the_inbox(client)
    row = _text(page[page.index('id="sent-handovers"') :].split("</table>")[0])
    offered.refresh_from_db()
    assert (
        f"{case.reference} {timezone.localtime(offered.requested_at):%d.%m.%Y %H:%M} "
        f"Sabine Sommer {jobcenter.name} Rechtskreiswechsel" in row
    )
    assert f"angenommen Jana Jansen {timezone.localtime(offered.answered_at):%d.%m.%Y %H:%M}" in row
    assert [secret for secret in _case_content(case) if secret in page] == []
    assert "Anerkennung als Flüchtling" not in page
    # No link into the case: it is the Jobcenter's now.
    assert reverse("cases:detail", args=[case.pk]) not in page


def test_a_refusal_notifies_the_sender_and_the_record_says_who_declined(
    client, offered, sozialamt_case_manager, jobcenter_case_manager
):
    case = offered.case
    _answer(
        client,
        offered,
        jobcenter_case_manager,
        decision="decline",
        decline_reason="nicht zuständig",
    )
    [notification] = Notification.objects.filter(user=sozialamt_case_manager)
    assert notification.kind == Notification.Kind.HANDOVER_DECLINED
    assert notification.day == timezone.localdate()

    client.force_login(sozialamt_case_manager)
    page = _sent_list_from_the_inbox(client)
    row = _text(page[page.index('id="sent-handovers"') :].split("</table>")[0])
    assert "abgelehnt Jana Jansen" in row
    # Still the Sozialamt's case: the reference leads to it.
    assert f'href="{reverse("cases:detail", args=[case.pk])}">{case.reference}</a>' in page


def test_the_case_manager_and_the_colleague_who_proposed_are_both_notified(
    full_case,
    sozialamt_case_manager,
    sozialamt_colleague,
    jobcenter,
    jobcenter_case_manager,
    yesterday,
):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    handover = services.propose_handover(
        case=full_case,
        to_institution=jobcenter,
        reason=Handover.Reason.REFERRAL,
        summary="Bitte übernehmen",
        by=sozialamt_colleague,
    )
    services.accept_handover(handover, by=jobcenter_case_manager)
    assert set(
        Notification.objects.filter(kind=Notification.Kind.HANDOVER_ACCEPTED).values_list(
            "user", flat=True
        )
    ) == {sozialamt_case_manager.pk, sozialamt_colleague.pk}


def test_the_digest_email_leads_the_sender_to_the_record(
    offered, sozialamt_case_manager, jobcenter_case_manager, settings
):
    services.accept_handover(offered, by=jobcenter_case_manager)
    delivery = notifications.prepare_digest(
        user_id=sozialamt_case_manager.pk, day=timezone.localdate()
    )
    assert notifications.deliver_digest(delivery.pk)
    [message] = mail.outbox
    assert "Übergabe angenommen" in message.body
    assert reverse("cases:sent_handovers") in message.body
    assert reverse("cases:detail", args=[offered.case_id]) not in message.body


def test_other_institutions_do_not_see_the_senders_record(
    client, offered, jobcenter_case_manager, unconsented_outsider
):
    for user in (jobcenter_case_manager, unconsented_outsider):
        client.force_login(user)
        page = client.get(reverse("cases:sent_handovers")).content.decode()
        assert offered.case.reference not in page
        assert "noch keine Übergabe angefragt" in page


def test_the_inbox_and_start_page_show_who_sends_the_handover_and_why(
    client, offered, sozialamt, jobcenter_case_manager
):
    client.force_login(jobcenter_case_manager)
    inbox = _text(client.get(reverse("cases:inbox")).content.decode())
    assert f"Fall {offered.case.reference}: Übergabe von {sozialamt.name}" in inbox
    assert f"angefragt von Sabine Sommer, {sozialamt.name}" in inbox
    assert "Anlass Rechtskreiswechsel (z. B. Anerkennung: AsylbLG → SGB II)" in inbox
    start = client.get(reverse("home")).content.decode()
    item = _text(start[start.index('id="incoming-handovers"') :].split("</ul>")[0])
    assert f"von {sozialamt.name} (Rechtskreiswechsel" in item
