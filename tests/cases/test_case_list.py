"""The case list's filters and search, as a case manager uses them."""

import html

import pytest
from django.urls import reverse

from cases import services
from cases.models import Case, Scope
from tests.factories import CaseFactory, PersonFactory, give_consent, make_user

pytestmark = pytest.mark.django_db


def rows(client, **params) -> str:
    response = client.get(reverse("cases:list"), params)
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index("<tbody") : page.index("</tbody>")] if "<tbody" in page else ""


@pytest.fixture
def two_teams_cases(sozialamt, sozialamt_case_manager, sozialamt_colleague):
    mine = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
        person=PersonFactory(family_name="Haddad", registered_by=sozialamt),
        phase=Case.Phase.PLANNING,
    )
    colleagues = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_colleague,
        person=PersonFactory(family_name="Kovalenko", registered_by=sozialamt),
        phase=Case.Phase.INTAKE,
    )
    return mine, colleagues


def test_filter_by_case_manager_and_phase(client, sozialamt_case_manager, two_teams_cases):
    mine, colleagues = two_teams_cases
    client.force_login(sozialamt_case_manager)
    by_manager = rows(client, case_manager=sozialamt_case_manager.pk)
    assert mine.reference in by_manager and colleagues.reference not in by_manager
    by_phase = rows(client, phase=Case.Phase.INTAKE)
    assert colleagues.reference in by_phase and mine.reference not in by_phase


def test_filter_by_lead_institution(client, sozialamt, jobcenter, sozialamt_case_manager):
    own = CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager)
    client.force_login(sozialamt_case_manager)
    assert own.reference in rows(client, lead_institution=sozialamt.pk)
    assert own.reference not in rows(client, lead_institution=jobcenter.pk)


def test_search_finds_a_spelling_variant(client, sozialamt, sozialamt_case_manager):
    case = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
        person=PersonFactory(
            given_names="Mohammed", name_variants=["Muhammad"], registered_by=sozialamt
        ),
    )
    client.force_login(sozialamt_case_manager)
    assert case.reference in rows(client, q="Muhammad")
    assert case.reference not in rows(client, q="Kowalski")


def test_case_manager_choices_are_the_own_team_and_follow_changes_at_once(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:list")).content.decode()
    assert f'<option value="{sozialamt_case_manager.pk}">Sabine Sommer</option>' in page
    assert str(jobcenter_case_manager) not in page

    make_user("sozialamt.neu", sozialamt, first_name="Nora", last_name="Neumann")
    assert "Nora Neumann" in client.get(reverse("cases:list")).content.decode()

    sozialamt.name = "Sozialamt der Stadt Rheine (umbenannt)"
    sozialamt.save()
    assert "(umbenannt)" in client.get(reverse("cases:list")).content.decode()


def test_the_filter_form_shows_each_requests_own_values_and_errors(
    client, sozialamt_case_manager, two_teams_cases
):
    """The rendered form is kept per filter values: each request still sees its own."""
    client.force_login(sozialamt_case_manager)

    def form(**params) -> str:
        page = client.get(reverse("cases:list"), params).content.decode()
        start = page.index('<form method="get"')
        return page[start : page.index("</form>", start)]

    assert '<option value="planning" selected>' in form(phase=Case.Phase.PLANNING)
    assert 'value="Haddad"' in form(q="Haddad", phase=Case.Phase.PLANNING)
    assert "Bitte eine gültige Auswahl treffen." in form(phase="bogus")
    plain = form()
    assert 'value="Haddad"' not in plain and '<option value="planning" selected>' not in plain
    assert "Bitte eine gültige Auswahl treffen." not in plain
    assert 'value="Kovalenko"' in form(q="Kovalenko", phase=Case.Phase.PLANNING)


def test_a_closed_case_leaves_the_open_list_of_every_institution_that_sees_it(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager, two_teams_cases
):
    mine, colleagues = two_teams_cases
    give_consent(mine, jobcenter, [Scope.BASIC])
    services.close_case(
        mine, closed_on=mine.opened_on, reason="moved_away", note="", by=sozialamt_case_manager
    )
    Case.objects.filter(pk=colleagues.pk).update(closed_on=colleagues.opened_on)  # a bulk write
    give_consent(colleagues, jobcenter, [Scope.BASIC])  # shared after it was closed

    for user in [sozialamt_case_manager, jobcenter_case_manager]:
        client.force_login(user)
        open_rows, closed_rows = rows(client), rows(client, status="closed")
        for case in [mine, colleagues]:
            assert case.reference not in open_rows and case.reference in closed_rows

    # A closing date entered by mistake is cleared in the admin; the person comes back.
    Case.objects.filter(pk=mine.pk).update(closed_on=None)
    again = services.open_new_case(
        colleagues.person, fields_of_action=["work"], by=sozialamt_case_manager
    )
    client.force_login(sozialamt_case_manager)
    open_rows, closed_rows = rows(client), rows(client, status="closed")
    assert mine.reference in open_rows and mine.reference not in closed_rows
    assert again.reference in open_rows and colleagues.reference in closed_rows


def test_the_list_works_while_the_cache_is_unreachable(
    client, settings, sozialamt_case_manager, two_teams_cases
):
    client.force_login(sozialamt_case_manager)
    settings.CACHES = settings.CACHES | {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
        }
    }
    mine, _colleagues = two_teams_cases
    assert mine.reference in rows(client, case_manager=sozialamt_case_manager.pk)


def test_older_cases_page_by_page_each_once_newest_first(
    client, monkeypatch, sozialamt, sozialamt_case_manager
):
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 3)
    cases = CaseFactory.create_batch(
        7, lead_institution=sozialamt, case_manager=sozialamt_case_manager
    )
    for case in cases:  # activity in creation order: the last created is the newest
        services.touch(case)
    client.force_login(sozialamt_case_manager)
    seen, query = [], ""
    for _page in range(5):
        page = client.get(reverse("cases:list") + query).content.decode()
        assert "7 Fälle" in page
        body = page[page.index("<tbody") : page.index("</tbody>")]
        seen += sorted(
            (case for case in cases if case.reference in body),
            key=lambda case: body.index(case.reference),
        )
        if 'rel="next"' not in page:
            break
        query = html.unescape(page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0])
    assert [case.pk for case in seen] == [case.pk for case in reversed(cases)]
