"""The benchmark: server time and SQL queries of the case core's operations on a generated
database, references (floor view, guardian's get_objects_for_user), and a load run against
gunicorn on 127.0.0.1. Used by ``manage.py benchmark``; see README, "Benchmarks"."""

import datetime
import importlib
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Count, Q
from django.http import QueryDict
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse
from django.utils import timezone

from cases import listing, permissions, residence_services
from cases.duplicates import find_likely_duplicates
from cases.filters import CaseFilter
from cases.models import Case, CaseAccess, Note, Person, ResidenceRecord
from cases.views import case as case_views
from networks.models import Institution, Membership, Role, User
from rheine_integration.startup import freeze_startup_objects

# Targets of issue 6 (2 cores, 1 M cases, an institution that sees about 20 000).
LIST_P95_MS = 50
CASE_PAGE_P95_MS = 100
MAX_QUERIES = 10
DUPLICATE_MS = 100
FINDERS_TOTAL_S = 60
STEERING_COMPUTE_S = 60
DASHBOARD_P95_MS = 200
LOAD_P99_MS = 150
GUARDIAN_FACTOR = 25
# Load targets as shares of the floor view's throughput in the same run (issue 25: a share
# holds across machines, an absolute rate does not). Chosen below the shares measured with wrk
# at 100 000 and 1 000 000 cases: list 52-55 %, search 44-46 %, case-manager mix 36-39 %.
FLOOR_SHARES = {"list": 0.50, "search": 0.40, "mix": 0.30}
SLICE_SECONDS = 5  # load runs alternate their mixes in slices of this length


class BenchmarkError(RuntimeError):
    """The benchmark would print a row that does not measure what it says."""


@dataclass
class Row:
    operation: str
    size: str
    runs: int = 0
    median_ms: float | None = None
    p95_ms: float | None = None
    queries: int | str | None = None
    verdict: str = ""
    note: str = ""
    plan: str = ""


@dataclass
class Result:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return float("nan")
    index = min(len(ordered) - 1, max(0, round(share * (len(ordered) - 1))))
    return ordered[index]


def _verdict(ok: bool) -> str:
    return "ok" if ok else "MISSED"


# A shown row of the case list links to its case (templates/jinja2/cases/_case_rows.html).
CASE_LINK = re.compile(r'<a class="kern-link" href="/faelle/\d+/">')
# The statements that decide access (they read the access rows), not the session, account or
# audit statements every page makes, nor the shown rows' load by primary key.
ACCESS_TABLE = '"cases_caseaccess"'
SCAN = re.compile(r"((?:Bitmap )?(?:Index Only |Index |Seq |Heap )?Scan)(?: using (\w+))? on (\w+)")


def explain(sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql)
        return [line for (line,) in cursor.fetchall()]


def check_plan(row: Row, statements: list[str], index: str | None) -> None:
    """Plans the row's access statements at the size measured, notes each one's top node and
    scans, and misses the row when its note names an index that no plan uses."""
    plans = [explain(sql) for sql in statements if sql.startswith("SELECT") and ACCESS_TABLE in sql]
    summaries = []
    for plan in plans:
        top = plan[0].split("  (cost")[0].strip()
        scans = [
            f"{kind} {name or table}"
            for line in plan[1:]
            for kind, name, table in SCAN.findall(line)
            if not (name or table).endswith("_pkey")
        ]
        summaries.append(f"{top}: {', '.join(dict.fromkeys(scans))}")
    row.plan = " + ".join(summaries)  # not "|": the table separates its columns with it
    if index and not any(re.search(rf"\b{index}\b", line) for plan in plans for line in plan):
        row.verdict = "MISSED"
        row.note += f"; PLAN: {index} not used"


class Benchmark:
    def __init__(self, *, runs: int = 30, out=sys.stdout):
        self.runs = max(1, runs)
        self.out = out
        self.result = Result()
        self.total_cases = Case.objects.count()

    # --- subjects -------------------------------------------------------------------------

    def _pick_institutions(self):
        counts = list(
            CaseAccess.objects.values("institution_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .values_list("institution_id", "n")
        )
        if not counts:
            raise RuntimeError("no cases: run generate_data first")
        # Institutions with a case manager only.
        managers = {}
        for membership in Membership.objects.filter(
            roles__contains=[Role.CASE_MANAGER], user__is_active=True
        ).select_related("user", "institution"):
            managers.setdefault(membership.institution_id, membership.user)
        counts = [(i, n) for i, n in counts if i in managers]
        # "Large": generate_data's large institution (about 2 % of all cases), else the one
        # closest to 2 %.
        marked = set(
            Institution.objects.filter(name__contains="(groß)").values_list("pk", flat=True)
        )
        large = next(
            (item for item in counts if item[0] in marked),
            min(counts, key=lambda item: abs(item[1] - 0.02 * self.total_cases)),
        )
        small = counts[-1]
        return (managers[large[0]], large[1]), (managers[small[0]], small[1])

    def _client(self, user) -> Client:
        return logged_in_client(user)

    # --- measuring ------------------------------------------------------------------------

    def _time_get(self, client, url, data=None) -> tuple[list[float], int]:
        timings, queries, _statements, _response = self._timed(client, url, data)
        return timings, queries

    def _timed(self, client, url, data=None):
        """Timings and statement count of a page, its statements and its last answer."""
        # Warm-up: the session's activity refresh (three statements once in five minutes) and
        # Django's per-process caches would be counted on the first request only.
        client.get(url, data)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, data)
        if response.status_code != 200:
            raise RuntimeError(f"{url} {data} answered {response.status_code}")
        statements = [query["sql"] for query in queries.captured_queries]
        timings = []
        for _ in range(self.runs):
            started = time.perf_counter()
            response = client.get(url, data)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200
        return timings, len(statements), statements, response

    def _time_in_turn(self, client, urls: dict[str, str]):
        """Like _time_get for several pages, one page after the other per run. Each timed
        request follows two untimed ones of its own page: here a page timed right after another
        page's slow request (or any 0.3 s pause) took 1.3-1.4x as long and needed a few
        requests to get back to speed (the idle cores slow down), so the page timed after the
        slow guardian reference paid for the reference's slowness."""
        queries = {}
        for name, url in urls.items():
            client.get(url)
            with CaptureQueriesContext(connection) as captured:
                if client.get(url).status_code != 200:
                    raise RuntimeError(f"{url} did not answer 200")
            queries[name] = len(captured)
        timings = {name: [] for name in urls}
        for _ in range(self.runs):
            for name, url in urls.items():
                for _warm_up in range(2):
                    client.get(url)
                started = time.perf_counter()
                response = client.get(url)
                timings[name].append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
        return timings, queries

    def _time_call(self, function, runs=None) -> tuple[list[float], int]:
        with CaptureQueriesContext(connection) as queries:
            function()
        query_count = len(queries)
        timings = []
        for _ in range(runs or self.runs):
            started = time.perf_counter()
            function()
            timings.append((time.perf_counter() - started) * 1000)
        return timings, query_count

    def _row(self, operation, size, timings, queries, *, target_ms=None, max_queries=None, note=""):
        row = Row(
            operation,
            size,
            len(timings),
            statistics.median(timings),
            percentile(timings, 0.95),
            queries,
            note=note,
        )
        checks = []
        if target_ms is not None:
            checks.append(row.p95_ms <= target_ms)
        if max_queries is not None:
            checks.append(queries <= max_queries)
        if checks:
            row.verdict = _verdict(all(checks))
        self.result.rows.append(row)
        return row

    # --- operations -----------------------------------------------------------------------

    def _deep_cursor(self, user) -> tuple[str | None, int]:
        """The cursor of the list's middle (half of the open cases are newer) and how many
        open cases come before the page it starts."""
        rows = listing.by_activity(permissions.visible_cases(user).filter(closed_on__isnull=True))
        middle = rows.count() // 2
        keys = list(listing.sort_keys(rows, limit=None)[middle : middle + 1])
        if not keys:
            return None, 0
        return listing.encode_cursor(*keys[0]), middle + 1

    def _search_words(self, user) -> tuple[str, str]:
        """A frequent family name and a full name of a person the user can see."""
        case = permissions.visible_cases(user).select_related("person").order_by("pk").first()
        return case.person.family_name, f"{case.person.given_names} {case.person.family_name}"

    def _matches(self, user, data: dict) -> int:
        """How many cases the list with these parameters holds (open ones unless asked),
        counted apart from the page: the guarded query and the list's own filters."""
        request = RequestFactory().get(reverse("cases:list"), data)
        request.user = user
        params = QueryDict(mutable=True)
        params.update(data)
        params.setdefault("status", "open")
        return CaseFilter(
            params, queryset=permissions.visible_cases(user), request=request
        ).qs.count()

    def _list_row(self, client, user, operation, size, data, *, after=0, index=None, note=""):
        """Times a list page and refuses a row whose page is empty or shorter than asked (a
        full page, or every case after ``after`` when fewer remain). ``index``: the index the
        row's note says the page is read from; the plan at this size must use it."""
        matches = self._matches(user, data)
        expected = min(case_views.PAGE_SIZE, matches - after)
        if expected <= 0:
            raise BenchmarkError(
                f"{operation}: the page would be empty ({matches} cases match, "
                f"{after} before the page)"
            )
        timings, queries, statements, response = self._timed(client, reverse("cases:list"), data)
        shown = len(CASE_LINK.findall(response.content.decode()))
        if shown != expected:
            raise BenchmarkError(
                f"{operation}: the page shows {shown} cases, {expected} expected "
                f"({matches} match, {after} before the page)"
            )
        row = self._row(
            operation,
            size,
            timings,
            queries,
            target_ms=LIST_P95_MS,
            max_queries=MAX_QUERIES,
            note=note,
        )
        check_plan(row, statements, index)
        return row

    def list_rows(self, label, user, visible_count):
        client = self._client(user)
        size = f"{self.total_cases:,} cases, {visible_count:,} visible"

        def list_row(operation, data=None, **kwargs):
            return self._list_row(client, user, operation, size, data or {}, **kwargs)

        list_row(
            f"case list page 1 ({label})",
            index="access_institution_open",
            note="read from the open cases' activity index",
        )
        cursor, before = self._deep_cursor(user)
        if cursor:
            list_row(
                f"case list deep page ({label}, middle)",
                {"nach": cursor},
                after=before,
                index="access_institution_open",
                note="cursor paging from the open cases' activity index",
            )
        by_opening = {"order": "opened_on"}
        pages = max(1, -(-self._matches(user, by_opening) // case_views.PAGE_SIZE))
        middle = (pages + 1) // 2
        list_row(
            f"case list middle page by opening date ({label})",
            by_opening | {"page": str(middle)},
            after=(middle - 1) * case_views.PAGE_SIZE,
            index="access_institution_open_opened",
            note=f"page {middle} of {pages}, OFFSET paging from the opening-date index",
        )
        list_row(
            f"case list last page by opening date ({label})",
            by_opening | {"page": str(pages)},
            after=(pages - 1) * case_views.PAGE_SIZE,
            index="access_institution_open_opened",
            note=f"page {pages} of {pages}, OFFSET paging from the opening-date index",
        )
        list_row(
            f"case list by phase ({label})",
            {"order": "phase"},
            index="access_institution_open_phase",
            note="read from the phase index",
        )
        filters = {"phase": "implementation", "field_of_action": "work"}
        list_row(f"case list filtered ({label}: phase, field)", filters)
        list_row(
            f"case list filtered, by name ({label})",
            filters | {"order": "name"},
            index="access_institution_open_name",
            note="read from the name index",
        )
        family, full = self._search_words(user)
        list_row(
            f"name search 1 word ({label})",
            {"q": family},
            index="access_search_gin",
            note="the institution's matches from the search index",
        )
        list_row(
            f"name search 2 words ({label})",
            {"q": full},
            index="access_search_gin",
            note="the institution's matches from the search index",
        )

    def case_page_row(self, user):
        institution = permissions.acting_institution(user)
        top = (
            Note.objects.filter(case__lead_institution=institution)
            .values("case_id")
            .annotate(n=Count("id"))
            .order_by("-n")
            .first()
        )
        if top is None:  # no notes at all: the newest visible case
            case = permissions.visible_cases(user).order_by("-pk").first()
            top = {"case_id": case.pk, "n": 0}
        client = self._client(user)
        timings, queries = self._time_get(client, reverse("cases:detail", args=[top["case_id"]]))
        self._row(
            "case page (long timeline)",
            f"{top['n']} notes and full history",
            timings,
            queries,
            target_ms=CASE_PAGE_P95_MS,
            max_queries=MAX_QUERIES,
            note="shows the newest notes and events",
        )
        timings, queries = self._time_get(client, reverse("cases:history", args=[top["case_id"]]))
        self._row(
            "case history page (the whole history)",
            f"{top['n']} notes and full history",
            timings,
            queries,
            max_queries=MAX_QUERIES,
            note="every note and event, linked from the case page",
        )

    def duplicate_row(self, user):
        person = (
            permissions.visible_cases(user).select_related("person").order_by("-pk").first().person
        )
        variant = person.name_variants[0] if person.name_variants else person.family_name

        def check():
            return find_likely_duplicates(
                given_names=person.given_names,
                family_name=variant.split()[-1],
                birth_year=person.birth_year,
                variants=[],
                visible=permissions.visible_cases(user),
                asked_by=user,
            )

        hits = len(check())
        timings, queries = self._time_call(check)
        self._row(
            "duplicate check on registration",
            f"{self.total_cases:,} cases, {hits} hits",
            timings,
            queries,
            target_ms=DUPLICATE_MS,
        )

    def reminder_rows(self):
        try:
            reminders = importlib.import_module("cases.reminders")
            finders = list(reminders.FINDERS)
        except (ImportError, AttributeError):
            self.result.rows.append(
                Row(
                    "reminder finders (all)",
                    "whole data set",
                    verdict="n/a",
                    note="cases.reminders not present",
                )
            )
            self.result.notes.append(
                "Reminder finders: n/a (cases.reminders or its FINDERS not present yet)."
            )
            return
        today = timezone.localdate()
        total = 0.0
        for finder in finders:
            found = []
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                found = finder(today)
                elapsed = (time.perf_counter() - started) * 1000
            total += elapsed
            self.result.rows.append(
                Row(
                    f"reminder finder {finder.__name__}",
                    f"{len(found):,} findings",
                    1,
                    elapsed,
                    elapsed,
                    len(queries),
                )
            )
        self.result.rows.append(
            Row(
                "reminder finders (all)",
                f"{self.total_cases:,} cases",
                1,
                total,
                total,
                "",
                _verdict(total <= FINDERS_TOTAL_S * 1000),
            )
        )

    def reference_rows(self, user, visible_count):
        """The references and our list page 1, request by request in turn: a slow spell of a
        shared machine slows all of them alike, so the ratios compare like with like."""
        with override_settings(ROOT_URLCONF="rheine_integration.benchmark.urls"):
            client = self._client(user)
            urls = {
                "ours": reverse("cases:list"),
                "floor": reverse("benchmark_floor"),
                "guardian": reverse("benchmark_guardian_list"),
                "union": reverse("benchmark_union_list"),
            }
            timings, queries = self._time_in_turn(client, urls)
        size = f"{visible_count:,} visible"
        ours = self._row(
            "case list page 1 (large institution), in turn with the references",
            size,
            timings["ours"],
            queries["ours"],
        )
        floor = self._row(
            "reference: floor view (50 rows, one indexed query)",
            "50 rows",
            timings["floor"],
            queries["floor"],
        )
        guardian = self._row(
            "reference: case list via guardian get_objects_for_user",
            size,
            timings["guardian"],
            queries["guardian"],
            note="Paginator's plain COUNT, the page with select_related",
        )
        union = self._row(
            "reference: case list via UNION of led and granted cases",
            size,
            timings["union"],
            queries["union"],
            note="COUNT and page of the UNION, the page's rows by key",
        )
        factor = guardian.median_ms / ours.median_ms
        self.result.rows.append(
            Row(
                "ratio: guardian reference / our case list (median)",
                "",
                verdict=_verdict(factor >= GUARDIAN_FACTOR),
                note=f"{factor:.1f}x (target >= {GUARDIAN_FACTOR}x)",
            )
        )
        self.result.rows.append(
            Row(
                "ratio: UNION reference / our case list (median)",
                "",
                note=f"{union.median_ms / ours.median_ms:.1f}x (no target)",
            )
        )
        share = floor.median_ms / ours.median_ms
        self.result.rows.append(
            Row(
                "ratio: floor / our case list (median)",
                "",
                note=f"ours takes {ours.median_ms / floor.median_ms:.1f}x the floor's time (throughput share {share:.0%}; load run decides the target)",
            )
        )

    # --- the whole run --------------------------------------------------------------------

    def steering_rows(self, case_manager):
        """The steering indicators: the nightly computation over the whole data set, the
        dashboard warm in four filter choices (same statement count required), and the same
        indicators computed per request with the ORM as a reference."""
        figures = importlib.import_module("steering.figures")
        figure_run = importlib.import_module("steering.models").FigureRun
        today = timezone.localdate()
        started = time.perf_counter()
        with CaptureQueriesContext(connection) as queries:
            figures.refresh_figures(run=figure_run.objects.create(), today=today)
        elapsed = (time.perf_counter() - started) * 1000
        self.result.rows.append(
            Row(
                "steering indicators nightly (compute, store, default charts)",
                f"{self.total_cases:,} cases",
                1,
                elapsed,
                elapsed,
                len(queries),
                _verdict(elapsed <= STEERING_COMPUTE_S * 1000),
            )
        )
        steering, _created = type(case_manager).objects.get_or_create(username="bench.lenkung")
        Membership.objects.update_or_create(
            user=steering,
            defaults={"institution": case_manager.institution, "roles": [Role.STEERING_MEMBER]},
        )
        client = self._client(steering)
        url = reverse("steering:dashboard")
        choices = {
            "12 months": {},
            "24 months, one field": {"period": "24", "field_of_action": "language"},
            "this year, one institution": {
                "period": "year",
                "institution": str(case_manager.institution.pk),
            },
        }
        counts, all_timings = set(), []
        for label, data in choices.items():
            timings, query_count = self._time_get(client, url, data)
            counts.add(query_count)
            all_timings.extend(timings)
            self._row(
                f"steering dashboard warm ({label})",
                f"{self.total_cases:,} cases",
                timings,
                query_count,
                target_ms=DASHBOARD_P95_MS,
            )
        dashboard = self._row(
            "steering dashboard warm (all choices)",
            f"{self.total_cases:,} cases",
            all_timings,
            max(counts),
            target_ms=DASHBOARD_P95_MS,
            note="same statements in every choice"
            if len(counts) == 1
            else f"statement counts differ: {sorted(counts)}",
        )
        if len(counts) != 1:
            dashboard.verdict = _verdict(False)
        first = figures.months_back(today, figures.DEFAULT_MONTHS)
        timings, query_count = self._time_call(
            lambda: orm_indicators(first, today), runs=max(1, self.runs // 10)
        )
        reference = self._row(
            "steering indicators per request (ORM reference)",
            f"{self.total_cases:,} cases",
            timings,
            query_count,
        )
        self.result.notes.append(
            f"Steering dashboard: the ORM reference takes "
            f"{reference.median_ms / dashboard.median_ms:.1f}x the stored-figures page (median)."
        )

    def run(self) -> Result:
        (large, large_count), (small, small_count) = self._pick_institutions()
        freeze_startup_objects()  # as each gunicorn worker does (gunicorn.conf.py)
        with override_settings(DEBUG=False, ALLOWED_HOSTS=["127.0.0.1"]):
            self.list_rows("large institution", large, large_count)
            self.list_rows("small institution", small, small_count)
            self.case_page_row(large)
            self.duplicate_row(large)
            self.reminder_rows()
            course_rows(self, large)
            self.reference_rows(large, large_count)
            status_change_row(self)
            working_group_rows(self)
            self.steering_rows(large)
        self.large_user, self.small_user = large, small
        return self.result


STATUS_CHANGE_P95_MS = 100


def status_change_row(bench: Benchmark) -> None:
    """Recording a status change (issue 19) for the person with the most ongoing measures,
    the eligibility re-check included: each run in a transaction rolled back, so every run
    does the same work (new record, derived status, re-check, notification, audit)."""
    ongoing = Q(measures__status__in=["planned", "waiting", "running"])
    top = (
        Case.objects.open()
        .annotate(n=Count("measures", filter=ongoing))
        .order_by("-n")
        .values("person_id", "case_manager_id", "n")
        .first()
    )
    if top is None:
        return
    person = Person.objects.get(pk=top["person_id"])
    by = User.objects.get(pk=top["case_manager_id"])
    today = timezone.localdate()
    last = person.residence_records.order_by("-valid_from").first()
    start = today
    if last is not None and last.valid_until is not None and last.valid_until >= start:
        start = last.valid_until + datetime.timedelta(days=1)
    if last is not None and last.valid_until is None and last.valid_from >= start:
        start = last.valid_from + datetime.timedelta(days=1)
    recognised = person.legal_domain != "sgb2"
    values = {
        "status": "humanitarian" if recognised else "duldung",
        "legal_basis": "25_2" if recognised else "60a_aufenthg",
        "valid_from": start,
        "decided_on": today,
        "authority": "Ausländerbehörde (Benchmark)",
    }

    def record():
        with transaction.atomic():
            residence_services.record_status(person=person, record=ResidenceRecord(**values), by=by)
            transaction.set_rollback(True)

    timings, queries = bench._time_call(record)
    bench._row(
        "record a status change (eligibility re-check)",
        f"{top['n']} ongoing measures",
        timings,
        queries,
        target_ms=STATUS_CHANGE_P95_MS,
        note="issue 19; rolled back after each run",
    )


OBSERVED_RUN_S = 60
TRAJECTORY_PAGE_P95_MS = 100
NETWORK_PAGE_P95_MS = 200


def working_group_rows(benchmark: Benchmark) -> None:
    """Issue 20: observed trajectories over every case, the pages that show the stored result,
    and the network picture. Imported here: the benchmark spans apps, cases does not."""
    from networks import observed
    from networks.models import ObservedRun

    first = Case.objects.order_by("opened_on").values_list("opened_on", flat=True).first()
    run = ObservedRun.objects.create(
        period_start=first or timezone.localdate(), period_end=timezone.localdate()
    )
    timings, queries = benchmark._time_call(lambda: observed.compute_run(run=run), runs=1)
    run.refresh_from_db()
    benchmark._row(
        "observed trajectories (Celery job)",
        f"{benchmark.total_cases:,} cases, {len(run.result['paths'])} paths shown",
        timings,
        queries,
        target_ms=OBSERVED_RUN_S * 1000,
        note="one SQL statement with window functions, stored with its date",
    )
    coordinator = _coordinator()
    client = benchmark._client(coordinator)
    shown = list(run.trajectories.order_by("-case_count")[:2])
    if shown:
        left, right = shown[0], shown[-1]
        pages = {
            "trajectory page (stored observed path)": (
                reverse("networks:trajectory_detail", args=[left.pk]),
                None,
            ),
            "side by side (two stored paths)": (
                reverse("networks:trajectory_compare"),
                {"left": left.pk, "right": right.pk},
            ),
        }
        for operation, (url, data) in pages.items():
            timings, queries = benchmark._time_get(client, url, data)
            benchmark._row(
                operation,
                f"{left.case_count} cases on the path",
                timings,
                queries,
                target_ms=TRAJECTORY_PAGE_P95_MS,
                max_queries=MAX_QUERIES * 2,
            )
    for operation, name in (
        ("network picture page", "networks:network"),
        ("network picture JSON", "networks:network_json"),
    ):
        timings, queries = benchmark._time_get(client, reverse(name))
        benchmark._row(
            operation,
            f"{benchmark.total_cases:,} cases, handovers of the last 12 months",
            timings,
            queries,
            target_ms=NETWORK_PAGE_P95_MS,
        )


def _coordinator():
    membership = (
        Membership.objects.filter(roles__contains=[Role.COORDINATOR], user__is_active=True)
        .select_related("user")
        .first()
    )
    if membership:
        return membership.user
    from networks.models import User

    user, _ = User.objects.get_or_create(username="benchmark.koordination")
    Membership.objects.update_or_create(
        user=user,
        defaults={"institution": Institution.objects.first(), "roles": [Role.COORDINATOR]},
    )
    return user


# --- Course seats (issue 22) -------------------------------------------------------------------

COURSE_MATCH_P95_MS = 50
BOOKING_CLIENTS = 10


def course_rows(benchmark: Benchmark, user) -> None:
    """The matching offers for a planned measure (query and page), and ten case managers
    booking the last seats of one offer at once: no double booking, throughput printed."""
    from cases import courses
    from cases.models import CourseOffer, Measure

    offers = CourseOffer.objects.count()
    today = timezone.localdate()
    measure = (
        Measure.objects.filter(case__lead_institution=user.institution, status="planned")
        .select_related("case")
        .first()
    )
    case = Case.objects.filter(lead_institution=user.institution, closed_on__isnull=True).first()
    if measure is None and case is not None:  # small data sets may have no planned measure
        measure = Measure.objects.create(
            case=case,
            measure_type=CourseOffer.objects.first().measure_type,
            responsible_institution=user.institution,
            created_by=user,
            institution=user.institution,
        )
    if measure is None or not offers:
        benchmark.result.rows.append(
            Row("course offers matching a planned measure", "", verdict="n/a", note="no data")
        )
        return
    timings = []
    for _ in range(benchmark.runs):
        started = time.perf_counter()
        list(courses.matching_offers(measure, today=today)[:50])
        timings.append((time.perf_counter() - started) * 1000)
    p95 = percentile(timings, 0.95)
    benchmark.result.rows.append(
        Row(
            "course offers matching a planned measure",
            f"{offers:,} offers",
            benchmark.runs,
            statistics.median(timings),
            p95,
            1,
            _verdict(p95 <= COURSE_MATCH_P95_MS),
            f"target p95 <= {COURSE_MATCH_P95_MS} ms (query)",
        )
    )
    client = benchmark._client(user)
    page, queries = benchmark._time_get(client, reverse("cases:measure_courses", args=[measure.pk]))
    benchmark.result.rows.append(
        Row(
            "course search page for a planned measure",
            f"{offers:,} offers",
            benchmark.runs,
            statistics.median(page),
            percentile(page, 0.95),
            queries,
        )
    )
    benchmark.result.rows.append(booking_run(user, measure))


def booking_run(user, sample, *, clients: int = BOOKING_CLIENTS, seats: int = 5) -> Row:
    """``clients`` threads, each with its own connection and case, request a seat in one offer
    with ``seats`` seats at the same moment; the row misses when any seat is held twice or
    more are held than there are seats."""
    from cases import courses
    from cases.models import CourseOffer, Measure, SeatBooking

    operation = f"booking the last seats ({clients} case managers at once)"
    if connection.in_atomic_block:  # tests: other connections cannot see uncommitted rows
        return Row(operation, "", verdict="n/a", note="inside a transaction")
    today = timezone.localdate()
    offer = CourseOffer.objects.create(
        provider_id=CourseOffer.objects.values_list("provider_id", flat=True).first(),
        measure_type=sample.measure_type,
        title=f"[B] Buchungslauf {timezone.now():%Y-%m-%d %H:%M:%S}",
        place="Rheine",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=200),
        days="Mo",
        times="09:00",
        hours_per_week=10,
        seats=seats,
        contact="bench",
        created_by=user,
    )
    cases = list(
        Case.objects.filter(lead_institution=user.institution, closed_on__isnull=True)
        .exclude(pk=sample.case_id)
        .values_list("pk", flat=True)[:clients]
    )
    measures = [
        Measure.objects.create(
            case_id=case_id,
            measure_type=sample.measure_type,
            responsible_institution=user.institution,
            created_by=user,
            institution=user.institution,
        )
        for case_id in cases
    ]
    barrier, errors, statuses = threading.Barrier(len(measures)), [], []

    def book(measure_id):
        try:
            measure = Measure.objects.select_related("case__person", "measure_type").get(
                pk=measure_id
            )
            barrier.wait()
            booking = courses.request_seat(
                measure=measure,
                offer=offer,
                by=user,
                justification="Benchmark",
                consent_signed_on=today,
            )
            statuses.append(booking.status)
        except Exception as error:  # noqa: BLE001  (counted as a failure of the row)
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=book, args=(m.pk,)) for m in measures]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.perf_counter() - started
    offer.refresh_from_db()
    held = list(
        SeatBooking.objects.filter(offer=offer, seat_number__isnull=False).values_list(
            "seat_number", flat=True
        )
    )
    ok = (
        not errors
        and len(held) == len(set(held)) == offer.seats_taken == min(seats, len(measures))
        and statuses.count("waiting") == len(measures) - len(held)
    )
    return Row(
        operation,
        f"{seats} seats, {len(measures)} requests",
        1,
        elapsed * 1000,
        elapsed * 1000,
        verdict=_verdict(ok),
        note=(
            f"{len(statuses) / elapsed:.1f} bookings/s; {len(held)} seats held, "
            f"{statuses.count('waiting')} on the waiting list, double bookings: "
            f"{len(held) - len(set(held))}" + (f"; errors: {errors[:2]}" if errors else "")
        ),
    )


def orm_indicators(first: datetime.date, today: datetime.date) -> dict:
    """The dashboard's default view (all fields, all institutions, from ``first``) computed per
    request with the ORM, as the reference the stored figures are compared with."""
    from django.db.models import Exists, OuterRef, Q
    from django.db.models.functions import TruncDate, TruncMonth

    from cases.models import Assessment, Handover, Measure
    from rheine_integration.base.workdays import is_working_day

    result = {}
    result["case_flow"] = list(
        Case.objects.filter(opened_on__gte=first)
        .annotate(month=TruncMonth("opened_on"))
        .values("month")
        .annotate(n=Count("id"))
    ) + list(
        Case.objects.filter(closed_on__gte=first)
        .annotate(month=TruncMonth("closed_on"))
        .values("month")
        .annotate(n=Count("id"))
    )
    result["cases_per_phase"] = list(
        Case.objects.filter(closed_on__isnull=True).values("phase").annotate(n=Count("id"))
    )
    measures = Measure.objects.annotate(month=TruncMonth("created_at"))
    result["prerequisite_override"] = list(
        measures.filter(created_at__date__gte=first)
        .values("month", "measure_type")
        .annotate(n=Count("id"), overridden=Count("id", filter=~Q(unmet_prerequisites=[])))
    )
    result["abort_rate"] = list(
        Measure.objects.filter(status__in=["completed", "aborted"], actual_end__gte=first)
        .annotate(month=TruncMonth("actual_end"))
        .values("month", "measure_type")
        .annotate(n=Count("id"), aborted=Count("id", filter=Q(status="aborted")))
    )
    waits: dict = {}
    for start, created, type_id in Measure.objects.filter(actual_start__gte=first).values_list(
        "actual_start", "created_at", "measure_type"
    ):
        wait = (start - timezone.localtime(created).date()).days
        if wait >= 0:
            waits.setdefault((start.replace(day=1), type_id), []).append(wait)
    result["waiting_days"] = {key: statistics.median(v) for key, v in waits.items()}
    accepted = Handover.objects.filter(status="accepted", answered_at__date__gte=first)
    days: dict = {}
    for requested, answered in accepted.values_list("requested_at", "answered_at"):
        start, end = timezone.localtime(requested).date(), timezone.localdate(answered)
        count = sum(
            is_working_day(start + datetime.timedelta(days=n))
            for n in range(1, (end - start).days + 1)
        )
        days.setdefault(end.replace(day=1), []).append(count)
    result["handover_acceptance"] = {key: statistics.median(v) for key, v in days.items()}
    restarted = Assessment.objects.filter(
        case=OuterRef("case"),
        institution=OuterRef("to_institution"),
        assessed_on__gte=OuterRef("answered_on"),
        assessed_on__lte=OuterRef("answered_on") + datetime.timedelta(days=30),
    )
    result["planning_restart"] = list(
        accepted.filter(answered_at__date__lt=today - datetime.timedelta(days=30))
        .annotate(answered_on=TruncDate("answered_at"))
        .annotate(month=TruncMonth("answered_at"), restarted=Exists(restarted))
        .values("month")
        .annotate(n=Count("id"), restarted=Count("id", filter=Q(restarted=True)))
    )
    return result


def print_table(result: Result, out, title: str):
    headers = [
        "operation",
        "data size",
        "runs",
        "median ms",
        "p95 ms",
        "SQL/request",
        "target",
        "note",
        "plan of the access statements (top node: scans)",
    ]
    table = [
        [
            row.operation,
            row.size,
            str(row.runs or ""),
            "" if row.median_ms is None else f"{row.median_ms:.1f}",
            "" if row.p95_ms is None else f"{row.p95_ms:.1f}",
            "" if row.queries is None else str(row.queries),
            row.verdict,
            row.note,
            row.plan,
        ]
        for row in result.rows
    ]
    widths = [max(len(h), *(len(r[i]) for r in table)) for i, h in enumerate(headers)]
    out.write(f"\n{title}\n")
    out.write(" | ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)) + "\n")
    out.write("-|-".join("-" * w for w in widths) + "\n")
    for r in table:
        out.write(" | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + "\n")
    for note in result.notes:
        out.write(f"note: {note}\n")
    missed = [row.operation for row in result.rows if row.verdict == "MISSED"]
    out.write("All targets met.\n" if not missed else f"Targets MISSED: {'; '.join(missed)}\n")


# --- load run ---------------------------------------------------------------------------------

WRK_SCRIPT = """
local paths = {%(paths)s}
local counter = 0
local threads = {}
bad = 0
setup = function(thread)
  table.insert(threads, thread)
end
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter %% #paths) + 1], {["Cookie"] = "%(cookie)s", ["Host"] = "127.0.0.1"})
end
response = function(status, headers, body)
  if status ~= 200 then bad = bad + 1 end
end
done = function(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + thread:get("bad") end
  local errors = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout + not_ok
  io.write(string.format('WRKJSON {"requests": %%d, "seconds": %%f, "p50": %%f, "p95": %%f, "p99": %%f, "errors": %%d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000, errors))
end
"""
# Every answer but 200 counts as an error (a redirect to the login or two-factor page too).


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Server:
    """gunicorn on 127.0.0.1 with the benchmark settings (2 workers: 2 cores)."""

    def __init__(self, workers: int = 2):
        self.port = _free_port()
        self.workers = workers
        self.process = None

    def __enter__(self):
        env = os.environ | {"DJANGO_SETTINGS_MODULE": "rheine_integration.benchmark.settings"}
        db = settings.DATABASES["default"]
        if not env.get("DATABASE_URL"):
            credentials = f"{db['USER']}:{db.get('PASSWORD') or ''}"
            if (db["HOST"] or "").startswith("/"):
                # The embedded server's socket directory, as a "host" option of the URL.
                socket_dir = urllib.parse.quote(db["HOST"])
                env["DATABASE_URL"] = f"postgres://{credentials}@/{db['NAME']}?host={socket_dir}"
            else:
                env["DATABASE_URL"] = (
                    f"postgres://{credentials}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}"
                    f"/{db['NAME']}"
                )
        else:
            parts = urllib.parse.urlsplit(env["DATABASE_URL"])
            env["DATABASE_URL"] = urllib.parse.urlunsplit(parts._replace(path=f"/{db['NAME']}"))
        # The same key as this process: the session cookie made here must be valid there.
        env["SECRET_KEY"] = settings.SECRET_KEY
        self.process = subprocess.Popen(  # noqa: S603
            [
                sys.executable,
                "-m",
                "gunicorn",
                "rheine_integration.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return self
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError("gunicorn did not start") from None
                time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def __exit__(self, *exc):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"


def logged_in_client(user) -> Client:
    """A client whose session is logged in and, where two-factor login is installed, verified
    (a confirmed TOTP device in the session, as after entering a code): the benchmark measures
    pages as a case manager sees them, every middleware on."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    if "django_otp" in settings.INSTALLED_APPS:
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        device, _ = TOTPDevice.objects.get_or_create(
            user=user, name="benchmark", defaults={"confirmed": True}
        )
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def _session_cookie(user) -> str:
    client = logged_in_client(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def _wrk(server: Server, paths, cookie, clients, seconds) -> dict:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT % {"paths": ", ".join(json.dumps(p) for p in paths), "cookie": cookie}
        )
    try:
        output = subprocess.run(  # noqa: S603
            [
                shutil.which("wrk"),
                f"-t{min(clients, 2)}",
                f"-c{clients}",
                f"-d{seconds}s",
                "--timeout",
                "5s",
                "-s",
                script.name,
                server.url("/"),
            ],
            capture_output=True,
            text=True,
            timeout=seconds + 60,
            check=True,
        ).stdout
    finally:
        Path(script.name).unlink()
    line = next(line for line in output.splitlines() if line.startswith("WRKJSON "))
    data = json.loads(line.removeprefix("WRKJSON "))
    return {
        "rps": data["requests"] / data["seconds"],
        "p50": data["p50"],
        "p95": data["p95"],
        "p99": data["p99"],
        "errors": data["errors"],
        "requests": data["requests"],
        "seconds": data["seconds"],
        "client": "wrk",
    }


def _threads(server: Server, paths, cookie, clients, seconds) -> dict:
    """Fallback without wrk: a small threaded HTTP client (keep-alive per thread)."""
    import http.client

    latencies: list[float] = []
    errors = [0]
    lock = threading.Lock()
    stop = time.monotonic() + seconds

    def worker(offset):
        connection_ = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
        index = offset
        while time.monotonic() < stop:
            path = paths[index % len(paths)]
            index += 1
            started = time.perf_counter()
            try:
                connection_.request("GET", path, headers={"Cookie": cookie})
                response = connection_.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                connection_ = http.client.HTTPConnection("127.0.0.1", server.port, timeout=5)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                errors[0] += 0 if ok else 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    return {
        "rps": len(latencies) / duration,
        "p50": percentile(latencies, 0.5),
        "p95": percentile(latencies, 0.95),
        "p99": percentile(latencies, 0.99),
        "errors": errors[0],
        "requests": len(latencies),
        "seconds": duration,
        "client": "python threads",
    }


def _warm_up(server: Server, paths, cookie, connections: int = 2) -> None:
    """Every page on both workers at once, each connection going through all of them: a
    worker's first request of a page compiles and caches (seconds on a busy machine), and wrk
    counts only the answers within its time."""
    import http.client

    def each_page():
        for path in paths:
            connection_ = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
            connection_.request("GET", path, headers={"Cookie": cookie})
            connection_.getresponse().read()
            connection_.close()

    threads = [threading.Thread(target=each_page) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _combined(parts: list[dict]) -> dict:
    """One mix's slices as one run: the rate over all of them, the median slice's p50 and the
    worst slice's p95 and p99 (never better than any slice was)."""
    requests = sum(part["requests"] for part in parts)
    return {
        "rps": requests / (sum(part["seconds"] for part in parts) or 1),
        "p50": statistics.median(part["p50"] for part in parts),
        "p95": max(part["p95"] for part in parts),
        "p99": max(part["p99"] for part in parts),
        "errors": sum(part["errors"] for part in parts),
        "requests": requests,
        "client": parts[0]["client"],
    }


def load_run(user, *, seconds: int, clients: int, out) -> list[Row]:
    """Bounded load runs from a second process against gunicorn on 127.0.0.1."""
    deep, _before = Benchmark(runs=1, out=out)._deep_cursor(user)
    family, full = Benchmark(runs=1, out=out)._search_words(user)
    case = permissions.visible_cases(user).order_by("-pk").first()
    list_url = reverse("cases:list")
    mix = [
        list_url,
        f"{list_url}?{urllib.parse.urlencode({'nach': deep})}" if deep else list_url,
        f"{list_url}?phase=implementation&field_of_action=work",
        f"{list_url}?{urllib.parse.urlencode({'q': family})}",
        f"{list_url}?{urllib.parse.urlencode({'q': full})}",
        reverse("cases:detail", args=[case.pk]),
    ]
    runner = _wrk if shutil.which("wrk") else _threads
    mixes = {
        "load: case-manager mix (list, deep, filter, search, case page)": ("mix", mix),
        "load: case list page 1": ("list", [list_url]),
        "load: search": ("search", mix[3:5]),
        "load: floor view": (None, ["/benchmark/floor/"]),
    }
    # The mixes take turns in slices of at least SLICE_SECONDS, so a slow spell of a shared
    # machine slows all of them alike and the shares of the floor stay comparable.
    rounds = max(1, seconds // SLICE_SECONDS)
    slices = {label: [] for label in mixes}
    with Server() as server:
        cookie = _session_cookie(user)
        _warm_up(server, [path for _kind, paths in mixes.values() for path in paths], cookie)
        for _round in range(rounds):
            for label, (_kind, paths) in mixes.items():
                slices[label].append(runner(server, paths, cookie, clients, seconds // rounds))
    measured = {label: _combined(parts) for label, parts in slices.items()}
    floor_rps = measured["load: floor view"]["rps"]
    result = []
    for label, (kind, _paths) in mixes.items():
        data = measured[label]
        note = f"{data['rps']:.0f} req/s, p99 {data['p99']:.1f} ms, {data['errors']} errors"
        verdict = ""
        if kind is not None:
            share = data["rps"] / floor_rps if floor_rps else 0
            target = FLOOR_SHARES[kind]
            note += f"; {share:.1%} of the floor's throughput (target >= {target:.0%})"
            verdict = _verdict(
                share >= target and data["p99"] <= LOAD_P99_MS and not data["errors"]
            )
        if data["client"] != "wrk":
            # The Python client shares the cores it measures and narrows the gap to the floor:
            # its shares are not the targets' shares.
            label += " [fallback: Python client, no wrk]"
            verdict = verdict and "n/a"
        result.append(
            Row(
                label,
                f"{clients} clients, {rounds} x {seconds // rounds} s, {data['client']}",
                data["requests"],
                data["p50"],
                data["p95"],
                None,
                verdict,
                note,
            )
        )
    return result


def run(*, runs: int, load: bool, load_seconds: int, load_clients: int, out) -> Result:
    started = datetime.datetime.now()
    benchmark = Benchmark(runs=runs, out=out)
    result = benchmark.run()
    if load:
        result.rows.extend(
            load_run(benchmark.large_user, seconds=load_seconds, clients=load_clients, out=out)
        )
    cores = os.cpu_count()
    print_table(
        result,
        out,
        f"Benchmark {started:%Y-%m-%d %H:%M}, {benchmark.total_cases:,} cases, {cores} cores, "
        f"PostgreSQL {connection.pg_version // 10000}",
    )
    return result
