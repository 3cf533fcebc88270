"""Celery tasks of the networks app: thin, they take ids and call services."""

from celery import shared_task

from networks import observed
from networks.models import ObservedRun


@shared_task
def compute_observed_trajectories(run_id: int) -> int:
    """When a coordinator asks for fresh figures (and from the demo data). Safe twice: the run's
    paths are replaced, not added to. Returns the number of paths shown."""
    run = ObservedRun.objects.filter(pk=run_id).first()
    if run is None:
        return 0
    return len(observed.compute_run(run=run).result["paths"])
