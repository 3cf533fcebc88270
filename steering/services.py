"""Writes of the steering app: keyword-only arguments, one transaction each."""

from decimal import Decimal

from django.db import transaction

from networks.models import Institution
from steering import tasks
from steering.models import BudgetChange, BudgetYear, FigureRun, Goal, GoalIndicator


@transaction.atomic
def request_refresh(*, by) -> FigureRun:
    """A coordinator asks for fresh figures now; the worker computes them after commit."""
    run = FigureRun.objects.create(requested_by=by)
    transaction.on_commit(lambda: tasks.refresh_figures.delay(run.pk))
    return run


@transaction.atomic
def add_goal(
    *,
    by,
    title: str,
    description: str,
    responsible_institution: Institution,
    indicator: str,
    series: str,
    target: Decimal,
    direction: str,
    tolerance: Decimal,
) -> GoalIndicator:
    """A goal with its first indicator, target and traffic-light tolerance."""
    goal = Goal.objects.create(
        title=title, description=description, responsible_institution=responsible_institution
    )
    return GoalIndicator.objects.create(
        goal=goal,
        indicator=indicator,
        series=series,
        target=target,
        direction=direction,
        tolerance=tolerance,
    )


@transaction.atomic
def update_budget_year(year: BudgetYear, *, by, values: dict) -> list[BudgetChange]:
    """Change a year's figures; every changed field is recorded with before and after."""
    changes = []
    for field, value in values.items():
        before = getattr(year, field)
        if before == value:
            continue
        setattr(year, field, value)
        changes.append(
            BudgetChange(
                by=by,
                object_type="budgetyear",
                object_id=year.pk,
                field=field,
                before="" if before is None else str(before),
                after="" if value is None else str(value),
            )
        )
    year.save()
    return BudgetChange.objects.bulk_create(changes)
