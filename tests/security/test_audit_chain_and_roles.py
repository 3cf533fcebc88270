"""The app's database role cannot rewrite the audit log; a hash chain shows any rewrite."""

import os
import subprocess
import sys
import threading
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import close_old_connections, connection, transaction
from psycopg import sql

from cases.models import AuditChainLink, AuditEntry
from rheine_integration.base import audit

ROOT = Path(__file__).resolve().parents[2]


def _verify() -> str:
    out = StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


@pytest.fixture
def bare_app_role(audit_log_truncatable):
    """A login role like the production app's, with no privileges yet (trust auth on this
    server); dropped afterwards."""
    name = f"{settings.DATABASES['default']['NAME']}_app"
    role = sql.Identifier(name)
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(sql.SQL("CREATE ROLE {} LOGIN").format(role))
    yield name
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("DROP OWNED BY {}").format(role))
        cursor.execute(sql.SQL("DROP ROLE {}").format(role))


def _connect_as(role: str) -> psycopg.Connection:
    database = settings.DATABASES["default"]
    return psycopg.connect(
        host=database["HOST"],
        port=database["PORT"] or 5432,
        dbname=database["NAME"],
        user=role,
        autocommit=True,
    )


@pytest.fixture
def app_role(bare_app_role):
    """The role with the grants the migrate command gives it."""
    call_command("grant_app_role", bare_app_role, stdout=StringIO())
    with _connect_as(bare_app_role) as app:
        yield app


def _url(user: str) -> str:
    database = settings.DATABASES["default"]
    host = str(database["HOST"])
    if host.startswith("/"):  # the embedded server's socket directory
        return f"postgres://{user}@{quote(host, safe='')}/{database['NAME']}"
    return f"postgres://{user}@{host}:{database['PORT'] or 5432}/{database['NAME']}"


def test_migrate_runs_as_the_owner_and_grants_the_app_role(bare_app_role):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", str(ROOT)),
        "DATABASE_URL": _url(bare_app_role),
        "MIGRATION_DATABASE_URL": _url(settings.DATABASES["default"]["USER"]),
        "REDIS_URL": settings.REDIS_URL,
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stderr
    with _connect_as(bare_app_role) as app, app.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM cases_auditentry")
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            cursor.execute("DELETE FROM cases_auditentry")


def test_the_app_role_appends_to_the_audit_log_but_cannot_rewrite_or_unlock_it(
    app_role, sozialamt_case_manager
):
    entry = audit.record(sozialamt_case_manager, audit.Action.VIEW, object_type="case")
    with app_role.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_auditentry (at, username, action, object_type, object_id, detail)"
            " VALUES (now(), 'app', 'view', 'case', '1', '') RETURNING id"
        )
        cursor.execute("SELECT count(*) FROM cases_auditentry")
        assert cursor.fetchone()[0] == 2
        # Normal writes elsewhere still work.
        cursor.execute("UPDATE networks_institution SET phone = phone")
    forbidden = [
        "UPDATE cases_auditentry SET detail = 'x'",
        "DELETE FROM cases_auditentry",
        "TRUNCATE cases_auditentry",
        "ALTER TABLE cases_auditentry DISABLE TRIGGER USER",
        "ALTER TABLE cases_auditentry DISABLE TRIGGER cases_auditentry_no_update_delete",
        "ALTER TABLE cases_auditentry ADD COLUMN note text",
        "DROP TABLE cases_auditentry",
        "SET session_replication_role = replica",
        "DELETE FROM cases_auditchain",
        "INSERT INTO cases_auditchain VALUES (999999, 999999, 'x')",
        "CREATE TABLE scratch (id int)",
    ]
    for statement in forbidden:
        with pytest.raises(psycopg.errors.InsufficientPrivilege), app_role.cursor() as cursor:
            cursor.execute(statement)
    assert AuditEntry.objects.get(pk=entry.pk).detail == ""
    # The owner's trigger linked the app's entry too.
    assert "Kette intakt: 2 Einträge" in _verify()


@pytest.mark.django_db
def test_an_entry_changed_by_the_owner_with_the_trigger_off_breaks_the_chain_there(
    sozialamt_case_manager,
):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # link at once, not at the commit
    entries = [
        audit.record(sozialamt_case_manager, audit.Action.VIEW, object_type="case", object_id=n)
        for n in ("1", "2", "3")
    ]
    assert "Kette intakt: 3 Einträge" in _verify()
    with connection.cursor() as cursor:
        cursor.execute(
            "ALTER TABLE cases_auditentry DISABLE TRIGGER cases_auditentry_no_update_delete"
        )
        cursor.execute(
            "UPDATE cases_auditentry SET object_id = '99' WHERE id = %s", [entries[1].pk]
        )
        cursor.execute(
            "ALTER TABLE cases_auditentry ENABLE TRIGGER cases_auditentry_no_update_delete"
        )
    with pytest.raises(CommandError, match=f"Eintrag {entries[1].pk} wurde verändert"):
        _verify()


@pytest.mark.django_db
def test_an_entry_deleted_by_the_owner_is_named_as_missing(sozialamt_case_manager):
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    entries = [
        audit.record(sozialamt_case_manager, audit.Action.VIEW, object_type="case")
        for _ in range(3)
    ]
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # as a superuser could
        cursor.execute("DELETE FROM cases_auditentry WHERE id = %s", [entries[0].pk])
        cursor.execute("SET session_replication_role = DEFAULT")
    with pytest.raises(CommandError, match=f"Eintrag {entries[0].pk} fehlt"):
        _verify()


def test_concurrent_writers_keep_one_unbroken_chain(audit_log_truncatable, sozialamt_case_manager):
    start = threading.Barrier(3)
    errors = []

    def write(count):
        try:
            start.wait()
            for _ in range(count):
                with transaction.atomic():
                    audit.record(sozialamt_case_manager, audit.Action.VIEW, object_type="case")
                    audit.record_list(sozialamt_case_manager, "case_list", [])
        except Exception as error:  # noqa: BLE001  (reported by the assertion below)
            errors.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=write, args=(15,)) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    positions = sorted(AuditChainLink.objects.values_list("position", flat=True))
    assert positions == list(range(1, 46))
    assert "Kette intakt: 45 Einträge" in _verify()
