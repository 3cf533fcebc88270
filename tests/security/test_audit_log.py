"""The audit log: append-only in the database, exported as CSV per case and per user."""

import csv
import io

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.models import AuditEntry
from rheine_integration.base import audit

pytestmark = pytest.mark.django_db


def test_update_and_delete_of_audit_entries_are_refused_by_the_database(sozialamt_case_manager):
    entry = audit.record(
        sozialamt_case_manager, audit.Action.VIEW, object_type="case", object_id="1"
    )
    statements = [
        ("UPDATE cases_auditentry SET detail = 'verändert' WHERE id = %s", [entry.pk]),
        ("DELETE FROM cases_auditentry WHERE id = %s", [entry.pk]),
        ("TRUNCATE cases_auditentry", []),
    ]
    for sql, params in statements:
        with pytest.raises(DatabaseError, match="append-only"):
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks
                cursor.execute(sql, params)
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(detail="verändert")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    entry.refresh_from_db()
    assert entry.detail == ""


def _rows(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text), delimiter=";"))


def test_coordinator_exports_the_entries_of_one_case_as_csv_and_the_export_is_audited(
    client, coordinator, sozialamt_case, sozialamt_case_manager, jobcenter_case_manager
):
    audit.record(sozialamt_case_manager, audit.Action.VIEW, sozialamt_case, detail="view")
    audit.record(jobcenter_case_manager, audit.Action.DENIED, object_type="case", object_id="9")
    client.force_login(coordinator)
    response = client.get(reverse("cases:audit_export"), {"case": sozialamt_case.pk})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _rows(response)
    assert rows[0][:4] == ["Zeitpunkt", "Benutzerkonto", "Institution", "Aktion"]
    assert {row[6] for row in rows[1:]} == {str(sozialamt_case.pk)}
    assert "sozialamt.fm" in {row[1] for row in rows[1:]}
    assert "jobcenter.fm" not in {row[1] for row in rows[1:]}
    assert AuditEntry.objects.filter(
        username="koordination", action=AuditEntry.Action.EXPORT, object_type="audit_log"
    ).exists()


def test_export_per_user_lists_only_that_users_entries(
    client, coordinator, sozialamt_case_manager, jobcenter_case_manager
):
    audit.record(sozialamt_case_manager, audit.Action.VIEW, object_type="case", object_id="1")
    audit.record(jobcenter_case_manager, audit.Action.VIEW, object_type="case", object_id="2")
    client.force_login(coordinator)
    rows = _rows(client.get(reverse("cases:audit_export"), {"username": "jobcenter.fm"}))
    assert len(rows) == 2 and rows[1][1] == "jobcenter.fm"


def test_csv_cells_that_a_spreadsheet_would_run_as_formula_are_quoted(client, coordinator):
    for evil in ('=HYPERLINK("http://x")', "+1", "-1+2", "@SUM(A1)"):
        audit.record(None, audit.Action.VIEW, object_type="case", object_id="1", detail=evil)
    client.force_login(coordinator)
    response = client.get(reverse("cases:audit_export"), {"username": ""} | {"case": ""})
    assert response.status_code == 400  # one of case or username is required
    rows = _rows(client.get(reverse("cases:audit_export"), {"username": ""} | {"case": "1"}))
    assert rows == [rows[0]]  # case 1 has no entries: the records above have no case
    from rheine_integration.base.export import csv_safe

    assert [csv_safe(v) for v in ("=1", "+1", "-1", "@x", "\t=1", "normal")] == [
        "'=1",
        "'+1",
        "'-1",
        "'@x",
        "'\t=1",
        "normal",
    ]


def test_formula_in_a_username_is_neutralised_in_the_export(client, coordinator, sozialamt_case):
    from tests.factories import make_user

    evil = make_user("=cmd|calc", sozialamt_case.lead_institution)
    audit.record(evil, audit.Action.VIEW, sozialamt_case)
    client.force_login(coordinator)
    rows = _rows(client.get(reverse("cases:audit_export"), {"case": sozialamt_case.pk}))
    assert "'=cmd|calc" in {row[1] for row in rows[1:]}
    assert "=cmd|calc" not in {row[1] for row in rows[1:]}


@pytest.mark.parametrize("role", ["sozialamt_case_manager", "steering_member", "administrator"])
def test_only_coordinators_export_the_audit_log(client, request, role, sozialamt_case):
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("cases:audit_export"), {"case": sozialamt_case.pk}).status_code == 403


@pytest.mark.parametrize(
    "url_name, filters",
    [
        ("cases:audit", {"username": "jobcenter.fm"}),
        ("cases:audit", {"case": "1"}),
        ("cases:audit_export", {"username": "jobcenter.fm"}),
        ("cases:audit_export", {"case": "1"}),
    ],
)
def test_the_log_filtered_by_username_or_case_is_read_through_an_index(
    client, coordinator, url_name, filters
):
    """The log grows by one entry per case shown; a coordinator's filter must not read all of
    it: every read of the log looks up the filtered column in an index. 20 000 entries of 200
    accounts and 5 000 cases, analysed, so the planner weighs the indexes as on a real log."""
    column = next(iter(filters)).replace("case", "case_id")
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO cases_auditentry (at, username, action, object_type, object_id, case_id,"
            " detail) SELECT now() - n * interval '1 second', 'konto' || n % 200, 'view', 'case',"
            " (n % 5000)::text, n % 5000 + 2, '' FROM generate_series(1, 20000) n"
        )
        cursor.execute("ANALYZE cases_auditentry")
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(url_name), filters).status_code == 200
    # The export reads through a server-side cursor (DECLARE … FOR SELECT …).
    reads = [
        "SELECT" + q["sql"].split(" FOR SELECT", 1)[-1]
        if q["sql"].startswith("DECLARE")
        else q["sql"]
        for q in captured
        if "cases_auditentry" in q["sql"] and not q["sql"].startswith("INSERT")
    ]
    assert reads
    with connection.cursor() as cursor:
        for sql in reads:
            cursor.execute("EXPLAIN " + sql)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            conditions = [line for line in plan.splitlines() if "Index Cond" in line]
            assert any(column in line for line in conditions), plan
