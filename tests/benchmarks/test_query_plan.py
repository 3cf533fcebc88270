"""On a database large enough for the planner to care, an institution's case list and name
search read its rows through indexes (never a scan of all cases), and a page costs the same
number of queries whatever its size and however much data there is."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import listing, permissions
from cases.benchmarking.bench import logged_in_client
from cases.benchmarking.generator import CATALOGUE, Generator
from cases.filters import CaseFilter, name_query
from cases.models import CaseAccess, MeasureType, Person
from cases.views import case as case_views
from networks.models import Institution, Membership, Role, User


@pytest.fixture(scope="module")
def big_data(django_db_setup, django_db_blocker):
    """25 000 generated cases in 20 institutions, ANALYZEd (module scope: generated once)."""
    with django_db_blocker.unblock():
        generator = Generator(cases=25_000, institutions=20, seed=11)
        generator.run()
        yield generator
        # The data was committed outside the tests' transactions: remove all of it, so the
        # reused test database is as the other tests expect it.
        with connection.cursor() as cursor:
            cursor.execute(
                "TRUNCATE cases_caseaccess, cases_casegroupobjectpermission, cases_note, "
                "cases_followup, cases_measure, cases_subgoal, cases_integrationplan, "
                "cases_qualification, cases_assessment, cases_handover, cases_consentgrant, "
                "cases_consent, cases_seatbooking, cases_courseoffer, cases_case, cases_person, "
                "networks_membership, "
                "networks_user_groups, otp_totp_totpdevice, django_session CASCADE"
            )
        users = [u for ids in generator.case_managers.values() for u in ids]
        User.objects.filter(username__regex=r"^[gk][0-9]{3}\.").delete()
        Institution.objects.filter(short_name__regex=r"^K[0-9]{3}$").delete()
        assert users
        MeasureType.objects.filter(name__in=[row[0] for row in CATALOGUE]).delete()
        groups = [i.group_id for i in generator.institutions]
        Institution.objects.filter(pk__in=[i.pk for i in generator.institutions]).delete()
        Group.objects.filter(pk__in=groups).delete()


def _case_manager(institution):
    return (
        Membership.objects.filter(institution=institution, roles__contains=[Role.CASE_MANAGER])
        .select_related("user")
        .first()
        .user
    )


def _plan(queryset) -> str:
    return _plan_of(*queryset.query.sql_with_params())


def _plan_of(sql, params) -> str:
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN " + sql, params)
        return "\n".join(row[0] for row in cursor.fetchall())


def _list_queries(institution_user, name=None):
    cases = permissions.visible_cases(institution_user).filter(closed_on__isnull=True)
    if name:
        scope = permissions.search_scope(institution_user.institution.pk)
        cases = permissions.search_visible(cases, name_query(name, scope))
    # As cases.listing reads a page: the sort keys (count and first page in one walk), the
    # keys after a later page's cursor, then the shown rows by primary key.
    rows = listing.by_activity(cases)
    keys = listing.sort_keys(rows)
    later_keys = listing.sort_keys(_after_cursor(rows, timezone.now(), 1), 26)
    load = case_views._list_rows(timezone.localdate())
    shown_params = list(load.params)
    shown_params[load.position] = [1, 2, 3]
    return [
        keys.query.sql_with_params(),
        later_keys.query.sql_with_params(),
        (load.sql, shown_params),
    ]


def _after_cursor(rows, moment, pk):
    return listing.after(rows, moment, pk, at="access_updated_at", key="access_case_id")


@pytest.mark.django_db
def test_a_later_page_of_the_list_seeks_to_its_cursor_in_the_index(big_data):
    """ "Ältere Fälle" in the middle of the list starts at its cursor; it does not read and
    drop every newer row (that cost 21 ms in the middle of 23 000 cases)."""
    user = _case_manager(big_data.institutions[0])
    rows = listing.by_activity(permissions.visible_cases(user).filter(closed_on__isnull=True))
    keys = list(listing.sort_keys(rows, limit=None))
    micros, pk = keys[len(keys) // 2]
    moment = listing.EPOCH + datetime.timedelta(microseconds=micros)
    plan = _plan(listing.sort_keys(_after_cursor(rows, moment, pk), 26))
    seeks = [line for line in plan.splitlines() if "Index Cond" in line]
    assert any("case_updated_at <=" in line for line in seeks), plan


@pytest.mark.django_db
@pytest.mark.parametrize("which", ["large", "small"])
def test_case_list_and_search_never_scan_the_whole_cases_table(big_data, which):
    institution = big_data.institutions[0 if which == "large" else 1]
    user = _case_manager(institution)
    family = Person.objects.filter(cases__lead_institution=institution).first().family_name
    for name in (None, family, "Olena Kovalenko"):
        for sql, params in _list_queries(user, name):
            plan = _plan_of(sql, params)
            assert "Seq Scan on cases_case" not in plan, plan
            assert "Seq Scan on cases_caseaccess" not in plan, plan


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("which", "filters", "index"),
    [
        ("large", "status=open&order=name", "access_institution_open_name"),
        ("large", "status=&order=-name", "access_institution_name"),
        (
            "large",
            "status=open&order=name&phase=implementation&field_of_action=work",
            "access_institution_open_name",
        ),
        ("small", "status=open&order=name", "access_institution_open_name"),
        ("small", "status=closed&order=-name", "access_institution_name"),
        ("large", "status=open&order=opened_on", "access_institution_open_opened"),
        ("large", "status=&order=-opened_on", "access_institution_opened"),
        ("small", "status=closed&order=opened_on", "access_institution_opened"),
        ("large", "status=open&order=phase", "access_institution_open_phase"),
        ("large", "status=&order=-phase&field_of_action=work", "access_institution_phase"),
        ("small", "status=open&order=-phase", "access_institution_open_phase"),
    ],
)
def test_a_list_in_another_order_reads_the_institutions_index_for_it(
    big_data, rf, which, filters, index
):
    """Ordered by name, opening date or phase, a page of open, closed or all cases is read in
    order from the access rows' index for that order (of the open rows for open cases); it does
    not sort every visible case (at 1 M cases 130-513 ms). (With filters, a small institution's few matches may well be sorted
    instead.)"""
    user = _case_manager(big_data.institutions[0 if which == "large" else 1])
    request = rf.get(reverse("cases:list"))
    request.user = user
    case_filter = CaseFilter(
        QueryDict(filters),
        queryset=permissions.visible_cases(user),
        request=request,
    )
    plan = _plan(listing.numbered_keys(case_filter.qs)[:26])
    assert index in plan, plan
    assert "Sort" not in plan, plan
    assert "Seq Scan on cases_case" not in plan, plan


# Known (issue 25): at this size the planner sorts the middle page in every one of these orders
# (a sequential scan of the cases, a hash join with the institution's open access rows, a sort
# of all of them) instead of reading the index and dropping the rows before the page; at
# 100 000 cases the benchmark's middle pages read the index. strict: when the list reads the
# index here too, this test fails and the marker goes.
@pytest.mark.django_db
@pytest.mark.parametrize("order", ["name", "opened_on", "-phase"])
def test_the_middle_page_in_another_order_reads_the_institutions_rows_by_index(big_data, rf, order):
    """As the benchmark's deep page: the large institution's open cases, the page in the
    middle of the list. Whether PostgreSQL walks the order's index there or sorts the
    institution's rows (hashing them with the 25 000 case rows) is a cost decision that fell
    either way on machines like this one with the sampled statistics, so the test asserts what
    holds in both: the institution's open access rows come from its index, never from a scan
    of every access row. The benchmark prints each row's plan at the size it runs."""
    user = _case_manager(big_data.institutions[0])
    request = rf.get(reverse("cases:list"))
    request.user = user
    case_filter = CaseFilter(
        QueryDict(f"status=open&order={order}"),
        queryset=permissions.visible_cases(user),
        request=request,
    )
    keys = listing.numbered_keys(case_filter.qs)
    pages = -(-keys.count() // case_views.PAGE_SIZE)
    assert pages >= 10, "a list long enough for a deep page"
    offset = (pages + 1) // 2 * case_views.PAGE_SIZE - case_views.PAGE_SIZE
    plan = _plan(keys[offset : offset + case_views.PAGE_SIZE + 1])
    assert "Index Cond: (institution_id = " in plan, plan
    assert "Seq Scan on cases_caseaccess" not in plan, plan


@pytest.mark.django_db
def test_the_large_institution_leads_about_two_percent_of_the_cases(big_data):
    access = CaseAccess.objects.filter(institution=big_data.institutions[0])
    assert 0.015 * 25_000 <= access.filter(is_lead=True).count() <= 0.025 * 25_000
    assert access.filter(is_lead=False).exists(), "and sees more by consent"


def _queries(client, url, data=None) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_list_page_makes_the_same_queries_for_10_and_50_rows_and_small_and_large_data(
    big_data, monkeypatch, settings
):
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    url = reverse("cases:list")
    large = logged_in_client(_case_manager(big_data.institutions[0]))
    small = logged_in_client(_case_manager(big_data.institutions[1]))
    large.get(url), small.get(url)  # warm: first requests fill caches
    counts = {}
    for rows in (10, 50):
        monkeypatch.setattr("cases.views.case.PAGE_SIZE", rows)
        counts[("large", rows)] = _queries(large, url)
        counts[("small", rows)] = _queries(small, url)
        counts[("large search", rows)] = _queries(large, url, {"q": "Mohammed"})
    assert len(set(counts.values())) == 1, counts
