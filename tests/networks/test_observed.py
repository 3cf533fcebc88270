"""Observed trajectories on hand-built cases: paths, counts, quartiles; a path of 4 cases is
not shown, one of 5 is. Computed through cases.statistics, stored by the networks job."""

import datetime

import pytest
from django.urls import reverse

from cases import statistics
from cases.models import Handover
from networks import observed
from networks.models import ObservedRun, Trajectory
from tests.factories import (
    CaseFactory,
    HandoverFactory,
    MeasureFactory,
    MeasureTypeFactory,
    PlanFactory,
)

pytestmark = pytest.mark.django_db

OPENED = datetime.date(2026, 1, 5)
DAY = datetime.timedelta(days=1)


def _aware(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(12), tzinfo=datetime.UTC)


@pytest.fixture
def hand_built(sozialamt, sozialamt_case_manager, jobcenter):
    """Five cases: literacy course, handover to the Jobcenter (which plans anew), integration
    course. Four more cases: the literacy course only."""
    literacy = MeasureTypeFactory(name="Alphabetisierungskurs", field_of_action="language")
    integration = MeasureTypeFactory(name="Integrationskurs", field_of_action="language")
    waits, durations, accepts = [7, 14, 21, 28, 35], [70, 70, 84, 84, 98], [1, 2, 3, 4, 5]
    for wait, duration, accept in zip(waits, durations, accepts, strict=True):
        case = CaseFactory(lead_institution=sozialamt, opened_on=OPENED)
        start = OPENED + wait * DAY
        end = start + duration * DAY
        MeasureFactory(case=case, measure_type=literacy, actual_start=start, actual_end=end)
        handover = HandoverFactory(case=case, to_institution=jobcenter, status="accepted")
        requested, answered = end + 7 * DAY, end + (7 + accept) * DAY
        Handover.objects.filter(pk=handover.pk).update(
            requested_at=_aware(requested), answered_at=_aware(answered)
        )
        PlanFactory(case=case, institution=jobcenter, agreed_on=answered)
        MeasureFactory(
            case=case,
            measure_type=integration,
            actual_start=answered + 10 * DAY,
            actual_end=answered + 110 * DAY,
        )
    for _ in range(4):
        case = CaseFactory(lead_institution=sozialamt, opened_on=OPENED)
        MeasureFactory(
            case=case,
            measure_type=literacy,
            actual_start=OPENED + DAY,
            actual_end=OPENED + 90 * DAY,
        )


def test_the_path_of_five_cases_is_shown_with_its_quartiles_and_the_path_of_four_is_not(
    hand_built,
):
    paths = statistics.observed_paths(
        start=OPENED, end=OPENED + 30 * DAY, field_of_action="language"
    )
    assert len(paths) == 1
    (path,) = paths
    assert path.cases == 5
    literacy, handover, integration = path.stations
    assert (literacy.step, literacy.institution_kind) == ("Alphabetisierungskurs", "")
    assert literacy.wait_quartiles == [14, 21, 28]
    assert literacy.duration_quartiles == [70, 84, 84]
    assert (handover.step, handover.institution_kind) == ("handover", "jobcenter")
    assert handover.wait_quartiles == [7, 7, 7]
    assert handover.duration_quartiles == [2, 3, 4]  # days until the Jobcenter accepted
    assert handover.restarted_planning == 5
    assert literacy.aborted == 0  # no case aborted: zero reveals nobody
    assert integration.wait_quartiles == [10, 10, 10]
    assert integration.duration_quartiles == [100, 100, 100]


def test_a_fifth_case_on_the_short_path_makes_it_visible(hand_built, sozialamt):
    literacy = MeasureTypeFactory(name="Alphabetisierungskurs")
    case = CaseFactory(lead_institution=sozialamt, opened_on=OPENED)
    MeasureFactory(
        case=case, measure_type=literacy, actual_start=OPENED + DAY, actual_end=OPENED + 90 * DAY
    )
    paths = statistics.observed_paths(start=OPENED, end=OPENED, field_of_action="language")
    assert sorted(p.cases for p in paths) == [5, 5]


def test_suppress_hides_counts_under_five():
    # Zero reveals nobody; one to four could point at a person.
    assert [statistics.suppress(n) for n in (0, 1, 4, 5, 12)] == [0, None, None, 5, 12]


def test_the_job_stores_the_paths_and_the_page_says_how_fresh_they_are(
    client, hand_built, working_group_member
):
    run = ObservedRun.objects.create(
        field_of_action="language", period_start=OPENED, period_end=OPENED + 30 * DAY
    )
    observed.compute_run(run=run)
    observed.compute_run(run=run)  # safe twice: the paths are replaced
    (trajectory,) = Trajectory.objects.filter(kind="observed")
    assert trajectory.case_count == 5
    steps = [s.step for s in trajectory.current_version().stations.all()]
    assert steps == ["Alphabetisierungskurs", "Übergabe an Jobcenter", "Integrationskurs"]
    client.force_login(working_group_member)
    page = client.get(reverse("networks:observed")).content.decode()
    assert "Stand der Berechnung" in page
    assert "Alphabetisierungskurs → Übergabe an Jobcenter → Integrationskurs" in page
    detail = client.get(reverse("networks:trajectory_detail", args=[trajectory.pk])).content
    assert "Planung beginnt von vorn" in detail.decode()


def test_a_coordinator_refreshes_and_a_wrong_period_keeps_the_input(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("networks:observed_refresh"),
        {"field_of_action": "language", "start": "2026-06-01", "end": "2026-01-01"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "Das Ende des Zeitraums liegt vor seinem Anfang." in page
    assert 'value="2026-06-01"' in page
    assert not ObservedRun.objects.exists()
