"""Through a real Celery worker and the real Redis broker: once, and only once.

The worker is a subprocess on a queue of its own, connected to this test database (committed
data: transactional_db) and writing e-mails to files, so the tests count what left the system.
"""

import json
import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import notifications, permissions, tasks
from cases.models import (
    CaseAccess,
    Consent,
    DigestDelivery,
    Handover,
    Notification,
    NotificationKind,
    Scope,
)
from rheine_integration.celery import app
from tests.factories import (
    CaseFactory,
    FollowUpFactory,
    HandoverFactory,
    InstitutionFactory,
    give_consent,
)
from tests.reminders.conftest import WEDNESDAY, days

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

PROJECT = Path(__file__).resolve().parents[2]
CELERY = Path(sys.executable).parent / "celery"


def database_url() -> str:
    db = connection.settings_dict
    user = quote(db["USER"] or "postgres")
    if db.get("PASSWORD"):
        user += ":" + quote(db["PASSWORD"])
    host = db.get("HOST") or ""
    if host.startswith("/"):  # embedded PostgreSQL: a unix socket directory
        return f"postgres://{user}@/{db['NAME']}?host={quote(host)}"
    return f"postgres://{user}@{host or 'localhost'}:{db.get('PORT') or 5432}/{db['NAME']}"


def raw_connection(*, autocommit=False) -> psycopg.Connection:
    db = connection.settings_dict
    return psycopg.connect(
        autocommit=autocommit,
        dbname=db["NAME"],
        user=db["USER"],
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
    )


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class Worker:
    def __init__(self, tmp_path: Path):
        self.queue = f"reminders-test-{uuid.uuid4().hex[:10]}"
        self.mail_dir = tmp_path / "mail"
        self.mail_dir.mkdir()
        self.log = tmp_path / "worker.log"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        env = os.environ | {
            "DJANGO_SETTINGS_MODULE": "rheine_integration.settings",
            "DATABASE_URL": database_url(),
            "REDIS_URL": settings.REDIS_URL,
            "EMAIL_URL": f"filemail:///{self.mail_dir}",  # four slashes: an absolute path
            "SITE_URL": "https://integration.rheine.example",
            "CONN_MAX_AGE": "0",
        }
        env.pop("TEST_DATABASE_NAME", None)
        self.process = subprocess.Popen(
            [
                str(CELERY),
                "-A",
                "rheine_integration",
                "worker",
                "--pool=prefork",
                "--concurrency=1",
                "-Q",
                self.queue,
                "-n",
                f"{self.queue}@%h",
                "-l",
                "info",
                "--without-gossip",
                "--without-mingle",
                "--without-heartbeat",
            ],
            cwd=PROJECT,
            env=env,
            stdout=self.log.open("ab"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started = len(self.output())
        self.wait_for(lambda text: " ready." in text[started:], "worker ready")

    def output(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def wait_for(self, condition, what: str, timeout: float = 60):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition(self.output()):
                return
            if self.process is not None and self.process.poll() is not None:
                break
            time.sleep(0.1)
        raise AssertionError(f"waited in vain for {what}:\n{self.output()[-3000:]}")

    def run(self, task, **kwargs) -> str:
        """Enqueue a task on the worker's queue and wait until it succeeded."""
        task_id = task.apply_async(kwargs=kwargs, queue=self.queue).id
        self.wait_for(lambda text: f"[{task_id}] succeeded" in text, f"task {task_id}")
        return task_id

    def pool_child(self) -> int:
        self.wait_for(lambda _text: children(self.process.pid), "pool process", timeout=10)
        return children(self.process.pid)[0]

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        for pid in children(self.process.pid):
            os.kill(pid, signal.SIGKILL)
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def emails(self) -> list[str]:
        """One entry per e-mail written (the file backend separates messages by a line of -)."""
        messages = []
        for path in sorted(self.mail_dir.iterdir()):
            for chunk in path.read_text().split("-" * 79):
                if "Message-ID:" in chunk:
                    messages.append(chunk)
        return messages

    def recipients(self) -> list[str]:
        return sorted(
            line.split(":", 1)[1].strip()
            for message in self.emails()
            for line in message.splitlines()
            if line.startswith("To:")
        )


@pytest.fixture
def worker(tmp_path, audit_log_truncatable):
    worker = Worker(tmp_path)
    yield worker
    worker.stop()
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_purge(worker.queue)
        # A message of a killed worker waits in Redis' unacked set for the visibility timeout
        # (an hour); remove this queue's, so no worker restores them into a queue nobody reads.
        client = channel.client
        for tag, payload in client.hgetall(channel.unacked_key).items():
            if json.loads(payload)[2] == worker.queue:
                client.zrem(channel.unacked_index_key, tag)
                client.hdel(channel.unacked_key, tag)


def cases_with_due_follow_ups(count: int):
    cases = [
        CaseFactory(lead_institution=InstitutionFactory(short_name=f"W{n}")) for n in range(count)
    ]
    for case in cases:
        FollowUpFactory(case=case, due_on=WEDNESDAY - days(1))
    return cases


def test_a_run_notifies_and_mails_each_user_once_and_a_second_run_adds_nothing(worker):
    cases = cases_with_due_follow_ups(3)
    worker.start()

    worker.run(tasks.find_reminders, day=WEDNESDAY.isoformat())
    worker.run(tasks.send_digests, day=WEDNESDAY.isoformat())

    expected = sorted(case.case_manager.email for case in cases)
    assert Notification.objects.count() == 3
    assert worker.recipients() == expected
    assert all(f"F-{case.pk:06d}" in "".join(worker.emails()) for case in cases)
    assert all(case.person.family_name not in "".join(worker.emails()) for case in cases)

    worker.run(tasks.find_reminders, day=WEDNESDAY.isoformat())
    worker.run(tasks.send_digests, day=WEDNESDAY.isoformat())

    assert Notification.objects.count() == 3
    assert worker.recipients() == expected


@contextmanager
def digest_blocked_at_the_fourth_user(worker, cases):
    """A concurrent transaction holds the notifications of the fourth user: the digest job sends
    to the first three and then waits on that row lock, in the middle of its run. Yields the
    task id once the job waits; the lock is released when the block ends."""
    users = sorted({case.case_manager_id for case in cases})
    with raw_connection() as blocker:
        blocker.execute(
            "SELECT id FROM cases_notification WHERE user_id = %s FOR UPDATE", [users[3]]
        )
        task_id = tasks.send_digests.apply_async(
            kwargs={"day": WEDNESDAY.isoformat()}, queue=worker.queue
        ).id
        # autocommit: pg_stat_activity is a snapshot per transaction
        with raw_connection(autocommit=True) as observer:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                waiting = observer.execute(
                    "SELECT count(*) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND wait_event_type = 'Lock'"
                ).fetchone()[0]
                if waiting:
                    break
                time.sleep(0.1)
            assert waiting, worker.output()[-3000:]
        yield task_id
        blocker.rollback()


def test_a_pool_process_killed_in_the_middle_of_the_digest_ends_with_exactly_one_email_each(
    worker,
):
    cases = cases_with_due_follow_ups(6)
    notifications.run_finders(today=WEDNESDAY)
    worker.start()
    child = worker.pool_child()

    with digest_blocked_at_the_fourth_user(worker, cases) as task_id:
        assert len(worker.emails()) == 3
        os.kill(child, signal.SIGKILL)  # the process running the task dies
        worker.wait_for(lambda text: "WorkerLostError" in text, "the lost worker process")

    # acks_late + reject_on_worker_lost: the broker hands the same task to the new pool process.
    worker.wait_for(lambda text: f"[{task_id}] succeeded" in text, "retried task")
    assert worker.recipients() == sorted(case.case_manager.email for case in cases)
    assert DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count() == 6

    worker.run(tasks.send_digests, day=WEDNESDAY.isoformat())
    assert len(worker.emails()) == 6


def test_a_whole_worker_killed_mid_digest_and_restarted_ends_with_exactly_one_email_each(
    worker,
):
    cases = cases_with_due_follow_ups(6)
    notifications.run_finders(today=WEDNESDAY)
    worker.start()

    with digest_blocked_at_the_fourth_user(worker, cases):
        assert len(worker.emails()) == 3
        worker.stop()  # SIGKILL to the main process and its pool: nobody requeues the task

    # The next scheduled run (or an administrator's "run now") after the restart catches up;
    # the unacknowledged message itself would come back after the broker's visibility timeout.
    worker.start()
    worker.run(tasks.send_digests, day=WEDNESDAY.isoformat())

    assert worker.recipients() == sorted(case.case_manager.email for case in cases)
    assert DigestDelivery.objects.filter(status=DigestDelivery.Status.SENT).count() == 6


def test_while_the_worker_is_down_the_app_works_and_the_jobs_catch_up_when_it_returns(
    worker, client
):
    (case,) = cases_with_due_follow_ups(1)
    finder = tasks.find_reminders.apply_async(
        kwargs={"day": WEDNESDAY.isoformat()}, queue=worker.queue
    ).id
    digest = tasks.send_digests.apply_async(
        kwargs={"day": WEDNESDAY.isoformat()}, queue=worker.queue
    ).id

    client.force_login(case.case_manager)
    page = client.get(reverse("cases:notifications"))
    assert page.status_code == 200
    assert "Keine Benachrichtigungen" in page.content.decode()

    worker.start()
    worker.wait_for(lambda text: f"[{finder}] succeeded" in text, "finder")
    worker.wait_for(lambda text: f"[{digest}] succeeded" in text, "digest")

    assert worker.recipients() == [case.case_manager.email]
    assert f"F-{case.pk:06d}" in client.get(reverse("cases:notifications")).content.decode()


def test_the_nightly_expiry_on_the_worker_ends_an_open_handover_its_consent_no_longer_covers(
    worker,
):
    today = timezone.localdate()
    case = CaseFactory()
    receiver = InstitutionFactory(short_name="JC")
    consent = give_consent(case, receiver, [Scope.BASIC], signed_on=today - days(30))
    Consent.objects.filter(pk=consent.pk).update(valid_until=today - days(1))
    permissions.sync_person_access(case.person, today=today - days(2))  # granted while valid
    handover = HandoverFactory(case=case, to_institution=receiver)
    worker.start()

    worker.run(tasks.revoke_expired_consents, day=today.isoformat())

    handover.refresh_from_db()
    assert handover.status == Handover.Status.CONSENT_ENDED
    assert not CaseAccess.objects.filter(case=case, institution=receiver).exists()
    assert Notification.objects.filter(
        user=handover.requested_by, kind=NotificationKind.HANDOVER_ENDED, object_id=handover.pk
    ).exists()
