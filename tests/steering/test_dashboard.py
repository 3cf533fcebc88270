"""The dashboard reads stored figures only: suppression shows, no person appears on the page or
in the downloads, and the SQL count does not grow with the period or filters."""

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from cases.models import Person
from cases.statistics import INDICATORS
from steering import figures
from steering.models import FigureRun, GoalIndicator
from tests.factories import CaseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def computed(sozialamt, jobcenter):
    month_start = timezone.localdate().replace(day=1)
    CaseFactory.create_batch(
        7, lead_institution=sozialamt, opened_on=month_start, fields_of_action=["language"]
    )
    CaseFactory.create_batch(
        3, lead_institution=jobcenter, opened_on=month_start, fields_of_action=["work"]
    )
    return figures.refresh_figures(run=FigureRun.objects.create(), today=timezone.localdate())


def test_the_page_shows_suppressed_cells_and_says_why(client, steering_member, computed):
    client.force_login(steering_member)
    page = client.get(reverse("steering:dashboard")).content.decode()
    assert "Stand der Zahlen:" in page
    assert "<svg" in page and "Neue und abgeschlossene Fälle je Monat" in page
    assert "&lt; 5" not in page and "Werte unter 5 Fällen" not in page  # 10 new cases
    language = client.get(reverse("steering:dashboard"), {"field_of_action": "language"})
    assert '<td class="kern-table__cell">7</td>' in language.content.decode()
    work = client.get(reverse("steering:dashboard"), {"field_of_action": "work"})
    assert '<td class="kern-table__cell">&lt; 5</td>' in work.content.decode()  # 3 cases
    assert "Werte unter 5 Fällen" in work.content.decode()


def test_no_person_on_the_page_or_in_the_downloads(client, steering_member, computed):
    client.force_login(steering_member)
    names = [
        part for person in Person.objects.all() for part in (person.given_names, person.family_name)
    ]
    assert names
    texts = [client.get(reverse("steering:dashboard")).content.decode()]
    for code in ["case_flow", "cases_per_phase"]:
        texts.append(
            client.get(reverse("steering:chart_download", args=[code, "csv"])).content.decode()
        )
        xlsx = client.get(reverse("steering:chart_download", args=[code, "xlsx"])).content
        book = load_workbook(io.BytesIO(xlsx))
        texts.append(
            " ".join(str(c) for row in book.active.iter_rows(values_only=True) for c in row)
        )
    for text in texts:
        for name in names:
            assert name not in text
        assert "F-0" not in text  # no case number


def test_the_xlsx_holds_the_rows_of_the_table(client, steering_member, computed):
    client.force_login(steering_member)
    response = client.get(
        reverse("steering:chart_download", args=["case_flow", "xlsx"]), {"period": "12"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0] == ("Monat", "neu")  # no case closed yet: no such series
    assert rows[-1][-1] == "10" and len(rows) == 13


def test_sql_count_is_the_same_whatever_the_period_and_filters(
    client, steering_member, computed, sozialamt
):
    client.force_login(steering_member)
    url = reverse("steering:dashboard")
    choices = [
        {},
        {"period": "24"},
        {"period": "year", "field_of_action": "work"},
        {"period": "last_year", "institution": sozialamt.pk},
    ]
    counts = []
    for params in choices:
        client.get(url, params)  # renders and stores a new choice's charts once
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url, params).status_code == 200
        counts.append(len(queries))
    assert len(set(counts)) == 1, counts


def test_a_goals_traffic_light_follows_the_latest_value(client, coordinator, computed, sozialamt):
    client.force_login(coordinator)
    response = client.post(
        reverse("steering:goal_add"),
        {
            "title": "Mehr Fälle aufnehmen",
            "responsible_institution": sozialamt.pk,
            "indicator": "case_flow",
            "series": "neu",
            "target": "12",
            "direction": "higher",
            "tolerance": "3",
        },
    )
    assert response.status_code == 302
    page = client.get(reverse("steering:dashboard")).content.decode()
    assert "Mehr Fälle aufnehmen" in page and "gelb" in page  # 10 new, 2 below 12
    GoalIndicator.objects.update(target=15)
    assert "rot" in client.get(reverse("steering:dashboard")).content.decode()


def test_a_coordinator_asks_for_fresh_figures(
    client, coordinator, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    before = FigureRun.objects.count()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = client.post(reverse("steering:refresh"))
    assert response.status_code == 302 and len(callbacks) == 1
    assert FigureRun.objects.count() == before + 1
    assert FigureRun.objects.latest().requested_by == coordinator


def test_no_demo_person_on_the_dashboard_or_in_any_download(client, monkeypatch, settings):
    import re

    from django.core.management import call_command

    from networks.models import Role, User
    from rheine_integration.management.commands import load_demo_data

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    monkeypatch.setattr(load_demo_data, "DEMO_GENERATED_CASES", 400)
    call_command("load_demo_data", stdout=io.StringIO())
    client.force_login(User.objects.filter(membership__roles__contains=[Role.STEERING_MEMBER])[0])
    names = {
        part
        for person in Person.objects.all()
        for name in (person.given_names, person.family_name)
        for part in name.split()
        if len(part) > 2
    }
    assert len(names) > 100
    texts = []
    for params in [{}, {"period": "24"}, {"field_of_action": "language"}]:
        texts.append(client.get(reverse("steering:dashboard"), params).content.decode())
    for code in INDICATORS:
        texts.append(
            client.get(reverse("steering:chart_download", args=[code, "csv"])).content.decode()
        )
    found = {name for text in texts for name in names if re.search(rf"\b{re.escape(name)}\b", text)}
    assert found == set()
