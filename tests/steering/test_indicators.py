"""Each indicator on a small, hand-built set of cases; the expected values are worked out here,
including the cases each definition excludes. Today is 15 June 2026 for every computation."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from cases.models import Case, Handover, Measure
from cases.statistics import compute_figures, suppress_row
from tests.factories import (
    AssessmentFactory,
    CaseFactory,
    HandoverFactory,
    MeasureFactory,
    MeasureTypeFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
FIRST = datetime.date(2026, 1, 1)
BERLIN = ZoneInfo("Europe/Berlin")


def at(day: str) -> datetime.datetime:
    return datetime.datetime.fromisoformat(day).replace(hour=12, tzinfo=BERLIN)


def figures(code):
    return compute_figures(first_month=FIRST, today=TODAY, codes=[code])[code]


def cell(rows, month, *, series="", field="", institution=None):
    found = [
        row
        for row in rows
        if row.month == datetime.date.fromisoformat(month)
        and row.series == series
        and row.field_of_action == field
        and row.institution_id == institution
    ]
    assert len(found) <= 1
    return found[0] if found else None


def test_a_count_of_four_is_hidden_and_the_smallest_other_cell_too_where_the_total_shows():
    row = {"intake": 4, "planning": 10, "implementation": 20, "monitoring": 0}
    assert suppress_row(row, with_total=True) == {"intake", "planning"}
    assert suppress_row(row, with_total=False) == {"intake"}
    # Two hidden cells already: the total reveals only their sum, nothing more is hidden.
    assert suppress_row({"a": 4, "b": 3, "c": 20}, with_total=True) == {"a", "b"}
    assert suppress_row({"a": 5, "b": 0, "c": 20}, with_total=True) == set()


def test_cases_per_phase_hides_a_four_and_its_complementary_cell(sozialamt):
    for phase, count in [("intake", 4), ("planning", 10), ("implementation", 20)]:
        CaseFactory.create_batch(count, lead_institution=sozialamt, phase=phase)
    CaseFactory.create_batch(
        3,
        lead_institution=sozialamt,
        phase="closed",
        opened_on=datetime.date(2026, 1, 5),
        closed_on=datetime.date(2026, 5, 1),
    )
    rows = figures("cases_per_phase")
    intake = cell(rows, "2026-06-01", series="intake")
    planning = cell(rows, "2026-06-01", series="planning")
    implementation = cell(rows, "2026-06-01", series="implementation")
    assert (intake.suppressed, intake.value) == (True, None)
    assert (planning.suppressed, planning.value) == (True, None)
    assert (implementation.suppressed, implementation.value) == (False, Decimal(20))
    assert cell(rows, "2026-06-01", series="closed") is None  # closed cases are not counted
    own = cell(rows, "2026-06-01", series="implementation", institution=sozialamt.pk)
    assert own.value == Decimal(20)


def test_case_flow_counts_opened_and_closed_cases_per_month(sozialamt):
    CaseFactory.create_batch(
        6,
        lead_institution=sozialamt,
        opened_on=datetime.date(2026, 3, 10),
        fields_of_action=["work"],
    )
    for case in Case.objects.all()[:2]:
        case.closed_on, case.phase = datetime.date(2026, 4, 2), "closed"
        case.save()
    CaseFactory(lead_institution=sozialamt, opened_on=datetime.date(2025, 12, 31))  # before
    rows = figures("case_flow")
    assert cell(rows, "2026-03-01", series="neu").value == Decimal(6)
    assert cell(rows, "2026-03-01", series="neu", field="work").value == Decimal(6)
    assert cell(rows, "2026-03-01", series="neu", field="language") is None
    closed = cell(rows, "2026-04-01", series="abgeschlossen")
    assert (closed.suppressed, closed.base) == (True, 2)
    assert cell(rows, "2025-12-01", series="neu") is None


def _measures(institution, measure_type, count, **fields):
    made = []
    for _i in range(count):
        case = CaseFactory(lead_institution=institution)
        made.append(MeasureFactory(case=case, measure_type=measure_type, **fields))
    return made


def test_waiting_days_median_per_measure_type_excludes_unstarted_and_backdated(sozialamt):
    course = MeasureTypeFactory(name="Integrationskurs", field_of_action="language")
    started = _measures(sozialamt, course, 5, actual_start=datetime.date(2026, 5, 1))
    for measure, wait in zip(started, [10, 50, 20, 40, 30], strict=True):
        Measure.objects.filter(pk=measure.pk).update(
            created_at=at("2026-05-01") - datetime.timedelta(days=wait)
        )
    not_started, backdated = _measures(sozialamt, course, 2)
    Measure.objects.filter(pk=not_started.pk).update(created_at=at("2026-04-01"))
    # Recorded on 20 May with a start on 1 May: a negative wait, left out.
    Measure.objects.filter(pk=backdated.pk).update(
        created_at=at("2026-05-20"), actual_start=datetime.date(2026, 5, 1)
    )
    rows = figures("waiting_days")
    may = cell(rows, "2026-05-01", series="Integrationskurs", field="language")
    assert (may.base, may.value) == (5, Decimal(30))  # median of 10, 20, 30, 40, 50
    assert cell(rows, "2026-05-01", series="Integrationskurs", field="work") is None


def test_abort_rate_counts_ended_measures_only(sozialamt):
    course = MeasureTypeFactory(name="Berufssprachkurs")
    for measure in _measures(sozialamt, course, 2):
        Measure.objects.filter(pk=measure.pk).update(
            status="aborted", abort_reason="Umzug", actual_end=datetime.date(2026, 4, 3)
        )
    for measure in _measures(sozialamt, course, 3):
        Measure.objects.filter(pk=measure.pk).update(
            status="completed", actual_end=datetime.date(2026, 4, 20)
        )
    for measure in _measures(sozialamt, course, 4):  # running: not ended, excluded
        Measure.objects.filter(pk=measure.pk).update(status="running")
    april = cell(figures("abort_rate"), "2026-04-01", series="Berufssprachkurs")
    assert (april.base, april.value) == (5, Decimal("40.0"))  # 2 of 5


def test_prerequisite_override_share_per_measure_type(sozialamt):
    course = MeasureTypeFactory(name="Qualifizierung")
    made = _measures(sozialamt, course, 5)
    Measure.objects.filter(pk__in=[m.pk for m in made]).update(created_at=at("2026-03-05"))
    Measure.objects.filter(pk=made[0].pk).update(
        unmet_prerequisites=["Alphabetisierung in lateinischer Schrift"],
        justification="Kurs beginnt mit Alphabetisierungsmodul",
    )
    march = cell(figures("prerequisite_override"), "2026-03-01", series="Qualifizierung")
    assert (march.base, march.value) == (5, Decimal("20.0"))


def _handovers(case_lead, to, count, *, requested, answered, status="accepted"):
    made = []
    for _i in range(count):
        handover = HandoverFactory(case=CaseFactory(lead_institution=case_lead), to_institution=to)
        Handover.objects.filter(pk=handover.pk).update(
            status=status, requested_at=at(requested), answered_at=at(answered)
        )
        made.append(handover)
    return made


def test_handover_acceptance_counts_working_days_without_nrw_holidays(sozialamt, jobcenter):
    # Requested Monday 2 March; accepted Tuesday to Monday: 1, 2, 3, 4, 5 working days.
    for day in ["2026-03-03", "2026-03-04", "2026-03-05", "2026-03-06", "2026-03-09"]:
        _handovers(sozialamt, jobcenter, 1, requested="2026-03-02", answered=day)
    _handovers(
        sozialamt, jobcenter, 3, requested="2026-03-02", answered="2026-03-31", status="declined"
    )
    # Thursday before Easter to the Tuesday after: Good Friday and Easter Monday are holidays.
    _handovers(sozialamt, jobcenter, 5, requested="2026-04-02", answered="2026-04-07")
    rows = figures("handover_acceptance")
    march = cell(rows, "2026-03-01")
    assert (march.base, march.value) == (5, Decimal(3))
    assert cell(rows, "2026-03-01", institution=jobcenter.pk).value == Decimal(3)
    assert cell(rows, "2026-04-01").value == Decimal(1)


def test_planning_restart_share_within_30_days_by_the_receiving_institution(sozialamt, jobcenter):
    handovers = _handovers(sozialamt, jobcenter, 5, requested="2026-03-02", answered="2026-03-10")
    accepted_on = datetime.date(2026, 3, 10)
    AssessmentFactory(case=handovers[0].case, institution=jobcenter, assessed_on=accepted_on)
    AssessmentFactory(  # day 30: still counts
        case=handovers[1].case,
        institution=jobcenter,
        assessed_on=accepted_on + datetime.timedelta(days=30),
    )
    AssessmentFactory(  # day 31: too late
        case=handovers[2].case,
        institution=jobcenter,
        assessed_on=accepted_on + datetime.timedelta(days=31),
    )
    AssessmentFactory(case=handovers[3].case, institution=sozialamt, assessed_on=accepted_on)
    _handovers(
        sozialamt, jobcenter, 2, requested="2026-03-02", answered="2026-03-10", status="declined"
    )
    _handovers(sozialamt, jobcenter, 6, requested="2026-06-01", answered="2026-06-02")
    rows = figures("planning_restart")
    march = cell(rows, "2026-03-01")
    assert (march.base, march.value) == (5, Decimal("40.0"))  # 2 of 5
    assert cell(rows, "2026-06-01") is None  # accepted less than 30 days ago
