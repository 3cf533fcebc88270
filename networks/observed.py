"""Observed trajectories: computed from the cases through cases.statistics (aggregates only,
small counts already suppressed there), stored with their date as ObservedRun and as
trajectories of kind 'observed', so the timeline and the side-by-side view show them too."""

import datetime
from dataclasses import asdict
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases import statistics
from networks.models import FieldOfAction, Institution, ObservedRun, Station, Trajectory, User

DAYS_PER_WEEK = Decimal(7)


@transaction.atomic
def request_run(
    *, field_of_action: str, start: datetime.date, end: datetime.date, by: User | None
) -> ObservedRun:
    """A run to compute; the Celery job fills it after commit."""
    from networks import tasks

    run = ObservedRun.objects.create(
        field_of_action=field_of_action, period_start=start, period_end=end, requested_by=by
    )
    transaction.on_commit(lambda: tasks.compute_observed_trajectories.delay(run.pk))
    return run


def _weeks(quartiles: list[float] | None) -> Decimal:
    return (Decimal(str(quartiles[1])) / DAYS_PER_WEEK).quantize(Decimal("0.1")) if quartiles else 0


def _step_label(station: statistics.ObservedStation) -> str:
    if station.step != statistics.HANDOVER_STEP:
        return station.step
    return _("Übergabe an %(kind)s") % {"kind": Institution.Kind(station.institution_kind).label}


@transaction.atomic
def compute_run(*, run: ObservedRun) -> ObservedRun:
    """Replaces the run's paths with freshly computed ones. Safe twice: the second call
    deletes the first call's trajectories and writes the same again."""
    run = ObservedRun.objects.select_for_update().get(pk=run.pk)
    paths = statistics.observed_paths(
        start=run.period_start, end=run.period_end, field_of_action=run.field_of_action
    )
    run.trajectories.all().delete()
    field_label = FieldOfAction(run.field_of_action).label if run.field_of_action else _("alle")
    for number, path in enumerate(paths, start=1):
        trajectory = Trajectory.objects.create(
            title=_("Beobachtet (%(field)s, %(start)s–%(end)s): Weg %(n)s")
            % {
                "field": field_label,
                "start": run.period_start.strftime("%m/%Y"),
                "end": run.period_end.strftime("%m/%Y"),
                "n": number,
            },
            kind=Trajectory.Kind.OBSERVED,
            field_of_action=run.field_of_action,
            observed_run=run,
            case_count=path.cases,
        )
        version = trajectory.versions.create(number=1)
        for station in path.stations:
            left = (station.aborted or 0) + (station.restarted_planning or 0)
            Station.objects.create(
                version=version,
                position=station.position,
                step=_step_label(station),
                institution_kind=station.institution_kind,
                duration_weeks=_weeks(station.duration_quartiles),
                wait_weeks=_weeks(station.wait_quartiles),
                is_break_point=bool(left),
                break_point_note=_break_note(station),
                figures=asdict(station),
            )
    run.result = {"paths": [asdict(p) for p in paths], "threshold": statistics.THRESHOLD}
    run.computed_at = timezone.now()
    run.save(update_fields=["result", "computed_at"])
    return run


def _break_note(station: statistics.ObservedStation) -> str:
    parts = []
    if station.aborted:
        parts.append(_("%(n)s Fälle brechen hier ab") % {"n": station.aborted})
    if station.restarted_planning:
        parts.append(_("%(n)s Fälle: Planung beginnt von vorn") % {"n": station.restarted_planning})
    return "; ".join(parts)
