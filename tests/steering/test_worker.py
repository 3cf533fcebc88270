"""The figures job through a real Celery worker and the real Redis broker."""

import pytest
from django.utils import timezone

from steering import tasks
from steering.models import ChartImage, FigureRun, MonthlyFigure
from tests.factories import CaseFactory
from tests.reminders.test_worker import Worker, worker  # noqa: F401 (the worker fixture)

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_a_coordinators_run_is_computed_by_the_worker(worker, coordinator, sozialamt):  # noqa: F811
    CaseFactory.create_batch(6, lead_institution=sozialamt, opened_on=timezone.localdate())
    run = FigureRun.objects.create(requested_by=coordinator)
    worker.start()
    worker.run(tasks.refresh_figures, run_id=run.pk)
    run.refresh_from_db()
    assert run.finished_at is not None
    this_month = timezone.localdate().replace(day=1)
    new = MonthlyFigure.objects.get(
        indicator="case_flow", month=this_month, series="neu", field_of_action="", institution=None
    )
    assert new.value == 6
    assert ChartImage.objects.filter(run=run, indicator="case_flow").count() == 5  # 4 fields + all
    # Run again: the rows are replaced, not doubled.
    worker.run(tasks.refresh_figures, run_id=run.pk)
    assert MonthlyFigure.objects.filter(indicator="case_flow", month=this_month).count() == (
        MonthlyFigure.objects.filter(indicator="case_flow", month=this_month)
        .values("field_of_action", "institution", "series")
        .distinct()
        .count()
    )
