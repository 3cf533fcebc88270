"""CI runs the benchmark at the smallest size: it works and prints every operation's row."""

import io

import pytest
from django.core.management import CommandError, call_command

OPERATIONS = [
    "case list page 1 (large institution)",
    "case list deep page (large institution, middle)",
    "case list middle page by opening date (large institution)",
    "case list last page by opening date (large institution)",
    "case list by phase (large institution)",
    "case list filtered (large institution: phase, field)",
    "case list filtered, by name (large institution)",
    "name search 1 word (large institution)",
    "name search 2 words (large institution)",
    "case list page 1 (small institution)",
    "case list deep page (small institution, middle)",
    "case list middle page by opening date (small institution)",
    "case list last page by opening date (small institution)",
    "case list by phase (small institution)",
    "case list filtered (small institution: phase, field)",
    "case list filtered, by name (small institution)",
    "name search 1 word (small institution)",
    "name search 2 words (small institution)",
    "case page (long timeline)",
    "case history page (the whole history)",
    "duplicate check on registration",
    "reminder finders (all)",
    "course offers matching a planned measure",
    "course search page for a planned measure",
    "booking the last seats (10 case managers at once)",
    "case list page 1 (large institution), in turn with the references",
    "reference: floor view (50 rows, one indexed query)",
    "reference: case list via guardian get_objects_for_user",
    "reference: case list via UNION of led and granted cases",
    "ratio: guardian reference / our case list (median)",
    "ratio: UNION reference / our case list (median)",
    "ratio: floor / our case list (median)",
    "observed trajectories (Celery job)",
    "trajectory page (stored observed path)",
    "side by side (two stored paths)",
    "network picture page",
    "network picture JSON",
    "steering indicators nightly (compute, store, default charts)",
    "steering dashboard warm (12 months)",
    "steering dashboard warm (24 months, one field)",
    "steering dashboard warm (this year, one institution)",
    "steering dashboard warm (all choices)",
    "steering indicators per request (ORM reference)",
]


@pytest.mark.django_db
def test_benchmark_prints_a_row_for_every_operation_on_a_tiny_generated_database():
    call_command("generate_data", cases=600, institutions=6, seed=5, no_progress=True)
    out = io.StringIO()
    call_command("benchmark", runs=2, stdout=out)
    table = out.getvalue()
    lines = table.splitlines()
    header = next(line for line in lines if line.startswith("operation"))
    assert [cell.strip() for cell in header.split("|")][:6] == [
        "operation",
        "data size",
        "runs",
        "median ms",
        "p95 ms",
        "SQL/request",
    ]
    for operation in OPERATIONS:
        assert any(line.startswith(operation) for line in lines), f"{operation} missing:\n{table}"
    assert "600 cases" in table or "601 cases" in table
    assert "the ORM reference takes" in table
    dashboard = next(line for line in lines if line.startswith("steering dashboard warm (all"))
    assert "same statements in every choice" in dashboard, dashboard
    plans = [line for line in lines if line.startswith("case list page 1 (large institution) ")]
    assert "Index Scan access_institution_open" in plans[0], plans


@pytest.mark.django_db
def test_the_benchmark_fails_rather_than_time_a_list_page_that_shows_no_cases(monkeypatch):
    call_command("generate_data", cases=600, institutions=6, seed=5, no_progress=True)
    # A list that shows none of its cases: its rows would time an empty page.
    monkeypatch.setattr("cases.views.case._list_rows", lambda today: lambda pks: [])
    out = io.StringIO()
    with pytest.raises(
        CommandError, match="case list page 1 .large institution.: the page shows 0"
    ):
        call_command("benchmark", runs=1, stdout=out)
    assert "case list page 1" not in out.getvalue()


# Committed data (transactional_db): gunicorn reads it through its own connections.
@pytest.mark.parametrize("client", ["wrk", "python"])
def test_the_load_run_serves_every_mix_from_gunicorn_without_errors(
    audit_log_truncatable, monkeypatch, client
):
    """wrk is the load client (Debian package wrk, installed by .ci/run); without it a Python
    client runs and its rows say so. Every target is a share of the floor's throughput."""
    if client == "python":
        monkeypatch.setattr("cases.benchmarking.bench.shutil.which", lambda name: None)
    call_command("generate_data", cases=300, institutions=4, seed=7, no_progress=True)
    out = io.StringIO()
    call_command("benchmark", runs=1, load=True, load_seconds=1, load_clients=2, stdout=out)
    rows = {line.split("|")[0].strip(): line for line in out.getvalue().splitlines() if "|" in line}
    for mix in ["case-manager mix", "case list page 1", "search", "floor view"]:
        label = next(label for label in rows if label.startswith(f"load: {mix}"))
        row = rows[label]
        requests = int(row.split("|")[2])
        assert requests > 0 and ", 0 errors" in row, row
        assert ("fallback: Python client" in label) == (client == "python"), label
        if mix != "floor view":
            assert "of the floor's throughput (target >= " in row, row
