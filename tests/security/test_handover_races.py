"""Handover decisions at the same moment, as real concurrent requests (issue 16, points 1, 3).

Each request runs in a thread of its own with its own database connection (committed data:
transactional_db). A third connection holds the case row locked until both requests wait on
the database, so they really overlap; then it lets go and both run to the end."""

import datetime
import threading
import time
from contextlib import contextmanager

import psycopg
import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import AuditEntry, CaseAccess, Handover, Scope

pytestmark = pytest.mark.django_db(transaction=True)


def _connect(*, autocommit: bool) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        autocommit=autocommit,
        dbname=db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


class Request(threading.Thread):
    """One POST of a logged-in client in a thread (its own connection); keeps the response
    (redirects followed) or the exception a 500 would raise."""

    def __init__(self, client: Client, url: str, data: dict):
        super().__init__(daemon=True)
        self.client, self.url, self.data = client, url, data
        self.response = self.error = None

    def run(self):
        try:
            self.response = self.client.post(self.url, self.data, follow=True)
        except Exception as error:  # noqa: BLE001 - the test reports it
            self.error = error
        finally:
            connection.close()

    @property
    def page(self) -> str:
        assert self.error is None, f"{self.url}: {self.error!r}"
        assert self.response.status_code == 200, self.response.status_code
        return self.response.content.decode()


def _waiting_on_locks(observer) -> int:
    return observer.execute(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ).fetchone()[0]


@contextmanager
def case_row_held(case):
    """Hold the case row locked; ``admit(request)`` starts a request and returns once it (and
    every earlier one) waits on a lock or has finished. Leaving the block lets them all run."""
    with _connect(autocommit=False) as blocker, _connect(autocommit=True) as observer:
        blocker.execute("SELECT id FROM cases_case WHERE id = %s FOR UPDATE", [case.pk])
        started = []

        def admit(request: Request) -> None:
            started.append(request)
            request.start()
            deadline = time.monotonic() + 30
            while time.monotonic() < deadline:
                running = [r for r in started if r.is_alive()]
                if _waiting_on_locks(observer) >= len(running):
                    return
                time.sleep(0.05)
            raise AssertionError("the request never reached the database lock")

        yield admit
        blocker.rollback()
    for request in started:
        request.join(60)


@pytest.fixture
def logged_in(audit_log_truncatable):
    def client_for(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return client_for


@pytest.fixture
def open_handover(sozialamt_case, sozialamt_case_manager, jobcenter):
    consent = services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate() - datetime.timedelta(days=5),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC, Scope.NOTES]},
        by=sozialamt_case_manager,
    )
    handover = services.propose_handover(
        case=sozialamt_case,
        to_institution=jobcenter,
        reason=Handover.Reason.REFERRAL,
        summary="Bitte übernehmen",
        by=sozialamt_case_manager,
    )
    return handover, consent


def _decisions(handover) -> list[str]:
    return sorted(
        AuditEntry.objects.filter(
            object_type="handover", object_id=str(handover.pk), action=AuditEntry.Action.CHANGE
        ).values_list("detail", flat=True)
    )


# --- Point 3: accept and decline at the same moment ------------------------------------------


@pytest.mark.parametrize("first", ["accept", "decline"])
def test_accept_and_decline_at_the_same_moment_one_decision_wins_the_other_is_told(
    logged_in, open_handover, sozialamt_case, jobcenter_case_manager, jobcenter, first
):
    handover, _consent = open_handover
    url = reverse("cases:handover_answer", args=[handover.pk])
    posts = {
        "accept": {"decision": "accept"},
        "decline": {"decision": "decline", "decline_reason": "nicht zuständig"},
    }
    second = "decline" if first == "accept" else "accept"
    requests = {
        name: Request(logged_in(jobcenter_case_manager), url, posts[name])
        for name in (first, second)
    }
    with case_row_held(sozialamt_case) as admit:
        admit(requests[first])
        admit(requests[second])

    handover.refresh_from_db()
    sozialamt_case.refresh_from_db()
    winner = "accept" if handover.status == Handover.Status.ACCEPTED else "decline"
    loser = "decline" if winner == "accept" else "accept"
    assert winner == first  # the database served them in the order they came
    if winner == "accept":
        assert sozialamt_case.lead_institution == jobcenter
        assert _decisions(handover) == ["accepted"]
    else:
        assert handover.status == Handover.Status.DECLINED
        assert sozialamt_case.lead_institution.short_name == "Sozialamt"
        assert _decisions(handover) == ["declined"]
    welcome = {"accept": "Übergabe angenommen", "decline": "Die Übergabe wurde abgelehnt"}
    assert welcome[winner] in requests[winner].page
    told = "angenommen" if winner == "accept" else "abgelehnt"
    assert (
        f"Diese Übergabe ist nicht mehr offen: Sie wurde inzwischen {told}." in requests[loser].page
    )


def test_two_proposals_at_the_same_moment_give_one_handover_and_a_message_not_a_500(
    logged_in, sozialamt_case, sozialamt_case_manager, sozialamt_colleague, jobcenter
):
    services.record_consent(
        case=sozialamt_case,
        signed_on=timezone.localdate(),
        valid_until=None,
        grants={jobcenter.pk: [Scope.BASIC]},
        by=sozialamt_case_manager,
    )
    url = reverse("cases:handover_propose", args=[sozialamt_case.pk])
    form = {"to_institution": jobcenter.pk, "reason": Handover.Reason.REFERRAL}
    first = Request(logged_in(sozialamt_case_manager), url, form | {"summary": "Erste Fassung"})
    second = Request(logged_in(sozialamt_colleague), url, form | {"summary": "Zweite Fassung"})
    with case_row_held(sozialamt_case) as admit:
        admit(first)
        admit(second)

    assert Handover.objects.get().summary == "Erste Fassung"
    assert "Die Übergabe wurde angefragt" in first.page
    assert "Für diesen Fall ist bereits eine Übergabe offen" in second.page
    assert "Zweite Fassung" in second.page  # the input stays in the form


# --- Point 1: consent withdrawal and acceptance at the same moment ---------------------------


def test_a_withdrawal_under_way_when_the_receiver_accepts_leaves_the_receiver_without_access(
    logged_in, open_handover, sozialamt_case, sozialamt_case_manager, jobcenter_case_manager
):
    handover, consent = open_handover
    withdrawal = Request(
        logged_in(sozialamt_case_manager),
        reverse("cases:consent_withdraw", args=[sozialamt_case.pk, consent.pk]),
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    acceptance = Request(
        logged_in(jobcenter_case_manager),
        reverse("cases:handover_answer", args=[handover.pk]),
        {"decision": "accept"},
    )
    with case_row_held(sozialamt_case) as admit:
        admit(withdrawal)
        admit(acceptance)

    assert "Der Widerruf wurde erfasst" in withdrawal.page
    assert "Sie wurde inzwischen beendet (Einwilligung widerrufen oder abgelaufen)" in (
        acceptance.page
    )
    handover.refresh_from_db()
    sozialamt_case.refresh_from_db()
    assert handover.status == Handover.Status.CONSENT_ENDED
    assert sozialamt_case.lead_institution.short_name == "Sozialamt"
    assert not CaseAccess.objects.filter(case=sozialamt_case, institution=handover.to_institution)
    assert _decisions(handover) == ["ended: consent ended"]
    page = logged_in(jobcenter_case_manager).get(reverse("cases:detail", args=[sozialamt_case.pk]))
    assert page.status_code == 404


def test_an_acceptance_under_way_when_the_consent_is_withdrawn_ends_as_if_one_came_after_the_other(
    logged_in, open_handover, sozialamt_case, sozialamt_case_manager, jobcenter_case_manager
):
    handover, consent = open_handover
    acceptance = Request(
        logged_in(jobcenter_case_manager),
        reverse("cases:handover_answer", args=[handover.pk]),
        {"decision": "accept"},
    )
    withdrawal = Request(
        logged_in(sozialamt_case_manager),
        reverse("cases:consent_withdraw", args=[sozialamt_case.pk, consent.pk]),
        {"withdrawn_on": timezone.localdate().isoformat()},
    )
    with case_row_held(sozialamt_case) as admit:
        admit(acceptance)
        admit(withdrawal)

    # The acceptance came first and was covered then; the withdrawal that follows finds the
    # Jobcenter leading (its own task, no consent needed) and the Sozialamt without a consent.
    assert "Übergabe angenommen" in acceptance.page
    assert withdrawal.error is None
    assert withdrawal.response.redirect_chain[0][1] == 302  # recorded (the case is not theirs now)
    handover.refresh_from_db()
    sozialamt_case.refresh_from_db()
    assert handover.status == Handover.Status.ACCEPTED
    assert sozialamt_case.lead_institution == handover.to_institution
    accesses = list(
        CaseAccess.objects.filter(case=sozialamt_case).values_list("institution", "is_lead")
    )
    assert accesses == [(handover.to_institution_id, True)]
