"""The observed-trajectory job through a real Celery worker and the real Redis broker."""

import datetime

import pytest

from networks import tasks
from networks.models import ObservedRun, Trajectory
from tests.networks.test_observed import OPENED, hand_built  # noqa: F401 - the fixture
from tests.reminders.test_worker import worker  # noqa: F401 - the fixture

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_the_worker_computes_and_stores_a_run(worker, hand_built):  # noqa: F811
    run = ObservedRun.objects.create(
        field_of_action="language",
        period_start=OPENED,
        period_end=OPENED + datetime.timedelta(days=30),
    )
    worker.start()
    worker.run(tasks.compute_observed_trajectories, run_id=run.pk)
    run.refresh_from_db()
    assert run.computed_at is not None
    assert [p["cases"] for p in run.result["paths"]] == [5]
    assert Trajectory.objects.filter(observed_run=run, case_count=5).count() == 1
