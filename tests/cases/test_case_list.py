"""The case list's filters and search, as a case manager uses them."""

import datetime
import html
import html.parser
import re
from urllib.parse import parse_qsl

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cases import filters, permissions, services
from cases.models import Case, CaseAccess, Scope
from networks import choices
from tests.factories import (
    CaseFactory,
    FollowUpFactory,
    PersonFactory,
    give_consent,
    make_user,
)

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


def test_two_lists_prepared_side_by_side_each_offer_their_own_team(
    rf, sozialamt_case_manager, jobcenter_case_manager
):
    """Two requests in one process (threads of a server) each have their own filters: the
    second list's choices must not reach the first one's form (cases.filters.FilterCopies)."""
    filters.FORM_CLASSES.clear()
    caches["rendered"].clear()
    prepared = []
    for manager in (sozialamt_case_manager, jobcenter_case_manager):
        request = rf.get(reverse("cases:list"))
        request.user = manager
        prepared.append(
            (
                manager,
                filters.CaseFilter(
                    request.GET, queryset=permissions.visible_cases(manager), request=request
                ),
            )
        )
    for manager, case_filter in prepared:
        form = filters.rendered_fields(case_filter)
        others = (
            jobcenter_case_manager if manager == sozialamt_case_manager else sozialamt_case_manager
        )
        assert f'<option value="{manager.pk}">{manager.get_full_name()}</option>' in form
        assert others.get_full_name() not in form


def test_a_rename_in_another_process_reaches_the_filter_within_a_minute(
    client, monkeypatch, sozialamt, sozialamt_case_manager
):
    """Each process keeps the filter choices for a minute (networks.choices); the process that
    saved a change drops them at once, the others see it when their minute is over."""
    client.force_login(sozialamt_case_manager)
    now = [1000.0]
    monkeypatch.setattr("networks.choices.time.monotonic", lambda: now[0])

    def lead_options() -> str:
        page = client.get(reverse("cases:list")).content.decode()
        start = page.index('<select name="lead_institution"')
        return page[start : page.index("</select>", start)]

    assert ">Sozialamt der Stadt Rheine</option>" in lead_options()
    # Another process renames the institution: its signal clears the shared (Redis) entry
    # only; the database is written here without this process's signals.
    type(sozialamt).objects.filter(pk=sozialamt.pk).update(name="Amt für Soziales")
    cache.delete(choices.CACHE_KEY)
    now[0] += choices.LOCAL_SECONDS - 1
    assert ">Sozialamt der Stadt Rheine</option>" in lead_options()
    now[0] += 2
    options = lead_options()
    assert ">Amt für Soziales</option>" in options and "Stadt Rheine</option>" not in options


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
    # A search text is a name: it never stays in the process's cache of rendered forms.
    kept = caches["rendered"]._cache.values()  # LocMemCache: pickled HTML
    assert kept and not any(b"Kovalenko" in entry or b"Haddad" in entry for entry in kept)


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


def test_cases_with_the_same_last_activity_page_each_once(
    client, monkeypatch, sozialamt, sozialamt_case_manager
):
    """The cursor carries the activity to the microsecond; ties are ordered by case."""
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 2)
    cases = CaseFactory.create_batch(
        5, lead_institution=sozialamt, case_manager=sozialamt_case_manager
    )
    same_moment = datetime.datetime(2026, 3, 29, 0, 59, 59, 999_999, tzinfo=datetime.UTC)
    Case.objects.filter(pk__in=[case.pk for case in cases]).update(updated_at=same_moment)
    CaseAccess.objects.filter(case__in=cases).update(case_updated_at=same_moment)
    client.force_login(sozialamt_case_manager)
    seen, query = [], ""
    for _page in range(4):
        page = client.get(reverse("cases:list") + query).content.decode()
        shown = [case for case in cases if case.reference in page]
        seen += [case.pk for case in sorted(shown, key=lambda case: page.index(case.reference))]
        if 'rel="next"' not in page:
            break
        query = html.unescape(page.split('rel="next"')[0].rsplit('href="', 1)[1].split('"')[0])
    assert seen == sorted((case.pk for case in cases), reverse=True)


def test_each_row_shows_the_case_as_its_manager_knows_it(client, sozialamt, sozialamt_case_manager):
    """Reference linking to the case, name (markup shown as text), birth year or a dash, phase,
    lead institution, case manager, last activity as a German date in Berlin time, and the
    overdue badge only where a follow-up is past due and not done."""
    late = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
        phase=Case.Phase.IMPLEMENTATION,
        person=PersonFactory(
            family_name="<b>Haddad</b>", given_names="Amina", registered_by=sozialamt
        ),
    )
    calm = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
        person=PersonFactory(family_name="Noori", birth_year=None, registered_by=sozialamt),
    )
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    FollowUpFactory(case=late, due_on=yesterday)
    FollowUpFactory(case=calm, due_on=yesterday, done_at=timezone.now())
    FollowUpFactory(case=calm, due_on=timezone.localdate() + datetime.timedelta(days=3))
    # 23:30 UTC on 31 December is already 1 January in Rheine.
    Case.objects.filter(pk=late.pk).update(
        updated_at=datetime.datetime(2025, 12, 31, 23, 30, tzinfo=datetime.UTC)
    )
    client.force_login(sozialamt_case_manager)

    body = rows(client)
    late_row = next(row for row in body.split("<tr")[1:] if late.reference in row)
    calm_row = next(row for row in body.split("<tr")[1:] if calm.reference in row)
    cells = [html.unescape(cell.split(">", 1)[1]) for cell in late_row.split("</td>")[:-1]]
    assert f'href="{reverse("cases:detail", args=[late.pk])}"' in late_row
    assert "überfällig" in cells[0]
    assert cells[1:] == [
        "<b>Haddad</b>, Amina",
        "1994",
        "Umsetzung",
        sozialamt.short_name,
        str(sozialamt_case_manager),
        "01.01.2026",
    ]
    assert "<b>" not in late_row, "markup in a name is shown as text"
    assert "überfällig" not in calm_row
    assert ">–</td>" in calm_row


def test_pages_by_name_show_every_case_once_in_alphabetical_order(
    client, monkeypatch, sozialamt, sozialamt_case_manager
):
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 2)
    names = ["Rahimi", "Aydin", "Noori", "Haddad", "Kovalenko"]
    cases = {
        name: CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            person=PersonFactory(family_name=name, registered_by=sozialamt),
        )
        for name in names
    }
    client.force_login(sozialamt_case_manager)
    seen = []
    for number in (1, 2, 3):
        page = client.get(reverse("cases:list"), {"order": "name", "page": number})
        text = page.content.decode()
        body = text[text.index("<tbody") : text.index("</tbody>")]
        seen += sorted((n for n in names if cases[n].reference in body), key=body.index)
        assert ('rel="next"' in text) == (number < 3)
    assert seen == sorted(names)


@pytest.mark.parametrize("order", ["phase", "-phase", "opened_on", "name"])
def test_pages_in_an_order_with_ties_show_every_case_once(
    client, monkeypatch, sozialamt, sozialamt_case_manager, order
):
    """Twelve cases of one phase, opened on one day, of one family: every page of any order
    shows other cases, and the pages together show each case once."""
    monkeypatch.setattr("cases.views.case.PAGE_SIZE", 2)
    opened = timezone.localdate() - datetime.timedelta(days=30)
    references = {
        CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            phase=Case.Phase.PLANNING,
            opened_on=opened,
            person=PersonFactory(family_name="Haddad", registered_by=sozialamt),
        ).reference
        for _ in range(12)
    }
    client.force_login(sozialamt_case_manager)
    seen = []
    for number in range(1, 7):
        body = rows(client, order=order, page=number)
        seen += [reference for reference in references if reference in body]
    assert sorted(seen) == sorted(references)


def test_a_page_past_the_end_leads_back_to_the_first_page_with_the_same_filters(
    client, sozialamt, sozialamt_case_manager
):
    case = CaseFactory(
        lead_institution=sozialamt, case_manager=sozialamt_case_manager, phase=Case.Phase.PLANNING
    )
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:list"), {"order": "phase", "phase": "planning", "page": 7})
    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    assert "Diese Seite enthält keine Fälle (mehr)." in text
    assert "Keine Fälle gefunden." not in text
    first_page = re.search(r'keine Fälle \(mehr\)\. <a class="kern-link" href="\?([^"]*)"', text)
    filters = dict(parse_qsl(first_page.group(1)))
    assert filters == {"order": "phase", "phase": "planning"}
    assert case.reference in rows(client, **filters)


def test_a_corrected_name_moves_the_case_in_the_order_by_name_for_every_institution(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager
):
    """The list by name reads the access rows' copy of the family name (migration 0011): a
    correction reaches the copies of the lead and of the consented institution at once."""
    cases = {}
    for name in ("Bauer", "Zimmer"):
        cases[name] = CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            person=PersonFactory(family_name=name, registered_by=sozialamt),
        )
        give_consent(cases[name], jobcenter, [Scope.BASIC])
    person = cases["Zimmer"].person
    person.family_name = "Adler"
    services.update_person(
        person, case=cases["Zimmer"], changed=["family_name"], by=sozialamt_case_manager
    )

    for manager in (sozialamt_case_manager, jobcenter_case_manager):
        client.force_login(manager)
        body = rows(client, order="name")
        assert body.index(cases["Zimmer"].reference) < body.index(cases["Bauer"].reference)
        assert "Adler" in body
        body = rows(client, order="-name")
        assert body.index(cases["Bauer"].reference) < body.index(cases["Zimmer"].reference)


def test_the_list_by_phase_follows_the_case_management_cycle(
    client, sozialamt, sozialamt_case_manager
):
    """Ordered by phase, the list runs through the cycle (Aufnahme ... Abschluss), not
    alphabetically by the stored code; in descending order it runs back."""
    closed = {"closed_on": timezone.localdate(), "closing_reason": Case.ClosingReason.MOVED_AWAY}
    cases = {
        phase: CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            phase=phase,
            **(closed if phase == Case.Phase.CLOSED else {}),
        )
        for phase in Case.Phase
    }
    client.force_login(sozialamt_case_manager)
    for order, expected in (("phase", list(Case.Phase)), ("-phase", list(Case.Phase)[::-1])):
        body = rows(client, order=order, status="")
        assert sorted(cases, key=lambda phase: body.index(cases[phase].reference)) == expected


def test_the_phase_ranks_in_the_database_follow_the_phases_of_a_case():
    """The access rows' copy of the phase is its place in Case.Phase (migration 0012's
    cases_phase_rank): a phase added to one and not the other fails here."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT cases_phase_rank(phase) FROM unnest(%s::text[]) phase", [Case.Phase.values]
        )
        ranks = [rank for (rank,) in cursor.fetchall()]
    assert ranks == list(range(1, len(Case.Phase) + 1))


def test_a_changed_phase_or_opening_date_moves_the_case_in_the_list_for_every_institution(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager
):
    """The orders by phase and by opening date read the access rows' copies (migration 0012):
    a change reaches the copies of the lead and of the consented institution at once."""
    today = timezone.localdate()
    first, second = (
        CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_case_manager,
            phase=phase,
            opened_on=today - datetime.timedelta(days=days),
        )
        for phase, days in ((Case.Phase.INTAKE, 20), (Case.Phase.PLANNING, 10))
    )
    for case in (first, second):
        give_consent(case, jobcenter, [Scope.BASIC])
    first.phase = Case.Phase.MONITORING
    services.update_case(
        first, expected_version=first.version, changed=["phase"], by=sozialamt_case_manager
    )
    Case.objects.filter(pk=second.pk).update(opened_on=today - datetime.timedelta(days=30))

    for manager in (sozialamt_case_manager, jobcenter_case_manager):
        client.force_login(manager)
        body = rows(client, order="phase")
        assert body.index(second.reference) < body.index(first.reference)
        body = rows(client, order="opened_on")
        assert body.index(second.reference) < body.index(first.reference)


def test_a_corrected_name_is_found_by_every_institution_that_sees_the_case(
    client, sozialamt, jobcenter, sozialamt_case_manager, jobcenter_case_manager
):
    """Each institution searches its own copy of the names (scoped to it in the search index):
    a correction reaches the lead's and the consented institution's copies at once."""
    case = CaseFactory(
        lead_institution=sozialamt,
        case_manager=sozialamt_case_manager,
        person=PersonFactory(family_name="Rahimi", given_names="Leyla", registered_by=sozialamt),
    )
    give_consent(case, jobcenter, [Scope.BASIC])
    person = case.person
    person.family_name = "Karimi"
    services.update_person(person, case=case, changed=["family_name"], by=sozialamt_case_manager)

    for manager in (sozialamt_case_manager, jobcenter_case_manager):
        client.force_login(manager)
        assert case.reference in rows(client, q="Karimi Leyla")
        assert case.reference in rows(client, q="Kahrimi")  # spelled as heard
        assert case.reference not in rows(client, q="Rahimi")


def test_a_case_manager_without_a_name_is_shown_by_username(
    client, sozialamt, sozialamt_case_manager
):
    unnamed = make_user("fm.ohne.namen", sozialamt, first_name="", last_name="")
    case = CaseFactory(lead_institution=sozialamt, case_manager=unnamed)
    client.force_login(sozialamt_case_manager)
    row = next(row for row in rows(client).split("<tr")[1:] if case.reference in row)
    assert ">fm.ohne.namen</td>" in row


@pytest.mark.parametrize(
    "role", ["steering_member", "committee_reader", "working_group_member", "coordinator"]
)
def test_roles_without_case_access_get_neither_the_list_nor_its_filters(
    client, request, role, sozialamt_case_manager
):
    """The list's filter names the case managers of the user's institution."""
    client.force_login(request.getfixturevalue(role))
    for params in ({}, {"status": "all"}, {"q": "a", "case_manager": sozialamt_case_manager.pk}):
        response = client.get(reverse("cases:list"), params)
        assert response.status_code == 403
        page = response.content.decode()
        assert "Kein Zugriff" in page and "Fallmanager/in" not in page


class _FormFields(html.parser.HTMLParser):
    """What a browser sends for a GET form nobody touched: each input's value, each select's
    selected option (or its first)."""

    def __init__(self):
        super().__init__()
        self.values, self._select, self._first = {}, None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "input" and attrs.get("type", "text") not in ("submit", "checkbox", "radio"):
            self.values[attrs["name"]] = attrs.get("value") or ""
        elif tag == "select":
            self._select, self._first = attrs["name"], None
        elif tag == "option" and self._select:
            if self._first is None:
                self._first = attrs.get("value") or ""
            if "selected" in attrs:
                self.values[self._select] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self.values.setdefault(self._select, self._first)
            self._select = None


def untouched_form(page: str) -> dict[str, str]:
    start = page.index('<form method="get"')
    form = page[start : page.index("</form>", start)]
    parser = _FormFields()
    parser.feed(form)
    return parser.values


@pytest.fixture
def varied_cases(sozialamt, jobcenter, sozialamt_case_manager, sozialamt_colleague):
    """Cases that any narrowing filter would tell apart: two managers, two leads (one by
    consent), overdue and no follow-ups, several phases, a closed one."""
    cases = [
        CaseFactory(
            lead_institution=sozialamt,
            case_manager=sozialamt_colleague,
            person=PersonFactory(given_names="Amina", registered_by=sozialamt),
            phase=Case.Phase.PLANNING,
        ),
        CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager),
        CaseFactory(lead_institution=sozialamt, case_manager=sozialamt_case_manager),
    ]
    shared = CaseFactory(lead_institution=jobcenter)
    give_consent(shared, sozialamt, [Scope.BASIC])
    FollowUpFactory(case=cases[1], due_on=timezone.localdate() - datetime.timedelta(days=3))
    services.close_case(
        cases[2], closed_on=timezone.localdate(), reason="other", note="", by=sozialamt_case_manager
    )
    return [*cases, shared]


def test_submitting_the_untouched_filter_form_lists_what_the_list_without_filters_lists(
    client, sozialamt_case_manager, varied_cases
):
    client.force_login(sozialamt_case_manager)
    page = client.get(reverse("cases:list")).content.decode()
    unfiltered = rows(client)
    assert unfiltered.count("<tr") == 3  # the open ones: own, colleague's, shared by consent
    sent = untouched_form(page)
    assert set(filters.CaseFilter.base_filters) <= set(sent)
    assert rows(client, **sent) == unfiltered, "the whole form"
    for name, value in sent.items():
        assert rows(client, **{name: value}) == unfiltered, name


def test_every_optional_select_of_a_get_form_starts_with_an_empty_choice(
    rf, sozialamt_case_manager, sozialamt_colleague
):
    from cases.forms import AuditFilterForm

    request = rf.get("/")
    request.user = sozialamt_case_manager
    forms = [filters.CaseFilter({}, request=request).form, AuditFilterForm()]
    checked = 0
    for form in forms:
        for name, field in form.fields.items():
            if not hasattr(field, "choices") or field.required:
                continue
            first_value, first_label = list(field.choices)[0]
            assert first_value == "", name
            assert str(first_label).startswith("– ") and "---" not in str(first_label), name
            checked += 1
    assert checked >= 7
    assert [label for _value, label in form_choices(forms[0], "case_manager")][0] == "– alle –"


def form_choices(form, name):
    return list(form.fields[name].choices)
