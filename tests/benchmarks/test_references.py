"""The benchmark's guardian references list exactly the cases our list shows, in its order,
and are written as a careful developer writes them (a plain COUNT of the permitted cases)."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cases.benchmarking.bench import Benchmark, logged_in_client


@pytest.fixture
def large_case_manager(settings):
    settings.ROOT_URLCONF = "rheine_integration.benchmark.urls"
    settings.ALLOWED_HOSTS = ["127.0.0.1"]
    call_command("generate_data", cases=600, institutions=6, seed=5, no_progress=True)
    (user, _visible), _small = Benchmark(runs=1)._pick_institutions()
    return user


def _every_page(client, url) -> list[int]:
    """The case numbers of every page, following each page's link to the next one."""
    shown, query = [], ""
    while query is not None:
        response = client.get(f"{url}?{query}")
        assert response.status_code == 200
        shown += [case.pk for case in response.context["page"].object_list]
        query = response.context["next_query"]
    return shown


@pytest.mark.django_db
@pytest.mark.parametrize("reference", ["benchmark_guardian_list", "benchmark_union_list"])
def test_a_reference_lists_the_cases_of_our_list_in_its_order(
    large_case_manager, monkeypatch, reference
):
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 5)  # several pages of a small list
    client = logged_in_client(large_case_manager)
    ours = _every_page(client, reverse("cases:list"))
    assert len(ours) > 10
    assert _every_page(client, reverse(reference)) == ours


@pytest.mark.django_db
def test_the_guardian_reference_counts_the_permitted_cases_without_the_shown_columns(
    large_case_manager,
):
    client = logged_in_client(large_case_manager)
    url = reverse("benchmark_guardian_list")
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    count = next(q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT COUNT"))
    assert "cases_person" not in count and "networks_institution" not in count, count
