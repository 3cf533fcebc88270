"""Pages make a constant number of queries, whatever the number of rows they show."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cases import services
from cases.models import Measure, Note, Scope
from tests.factories import CaseFactory, make_user


def _count(client, url):
    client.get(url)  # steady state: the session's activity refresh is written once in 5 minutes
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_case_list_query_count_does_not_grow_with_rows(client, sozialamt, sozialamt_case_manager):
    CaseFactory.create_batch(3, lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    client.force_login(sozialamt_case_manager)
    few = _count(client, reverse("cases:list"))
    CaseFactory.create_batch(
        20, lead_institution=sozialamt, case_manager=make_user("sozialamt.fm3", sozialamt)
    )
    many = _count(client, reverse("cases:list"))
    assert few == many


def test_case_page_query_count_does_not_grow_with_the_history(
    client, full_case, sozialamt_case_manager, jobcenter, catalogue, yesterday
):
    services.record_consent(
        case=full_case,
        signed_on=yesterday,
        valid_until=None,
        by=sozialamt_case_manager,
        grants={jobcenter.pk: [Scope.BASIC]},
    )
    client.force_login(sozialamt_case_manager)
    urls = [reverse(name, args=[full_case.pk]) for name in ("cases:detail", "cases:history")]
    short = [_count(client, url) for url in urls]
    for index in range(25):  # more notes than the case page shows
        services.add_note(
            case=full_case,
            by=sozialamt_case_manager,
            note=Note(occurred_on=timezone.localdate(), text=f"Kontakt {index}"),
        )
        services.plan_measure(
            case=full_case,
            by=sozialamt_case_manager,
            justification="",
            measure=Measure(
                measure_type=catalogue["literacy"],
                responsible_institution=full_case.lead_institution,
            ),
        )
    assert [_count(client, url) for url in urls] == short
    assert max(short) <= 10, "benchmark target (issue 6): at most 10 SQL statements on any page"
