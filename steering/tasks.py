"""Celery tasks of the steering app: thin, they take ids and call services."""

from celery import shared_task
from django.utils import timezone

from steering import figures
from steering.models import FigureRun


@shared_task
def refresh_figures(run_id: int | None = None) -> int:
    """Nightly at 02:15 Europe/Berlin (beat), and when a coordinator asks (with the run's id).
    Safe twice: it replaces the stored rows of the months it computes in one transaction."""
    run = FigureRun.objects.get(pk=run_id) if run_id else FigureRun.objects.create()
    return figures.refresh_figures(run=run, today=timezone.localdate()).pk
