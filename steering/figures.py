"""Monthly figures: computed by the Celery job into MonthlyFigure rows, read by the pages.

The pages never compute an indicator: they read the stored (already suppressed) rows of one
filter choice in one query, and the chart SVGs stored with them.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.statistics import INDICATORS, compute_figures, month_range
from networks.models import FieldOfAction
from steering.charts import ChartData, chart_figures, render_svg
from steering.models import ChartImage, FigureRun, MonthlyFigure

MONTHS_KEPT = 24
DEFAULT_MONTHS = 12
SNAPSHOT_INDICATORS = {"cases_per_phase"}  # only the current month can be computed


def months_back(today: datetime.date, count: int) -> datetime.date:
    month = today.replace(day=1)
    for _step in range(count - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
    return month


@transaction.atomic
def refresh_figures(*, run: FigureRun, today: datetime.date) -> FigureRun:
    """Compute every indicator for the last 24 months and replace their stored rows; render the
    default charts (last 12 months, all institutions, each field of action)."""
    first = months_back(today, MONTHS_KEPT)
    last = today.replace(day=1)
    figures = compute_figures(first_month=first, today=today)
    for code, rows in figures.items():
        stale = MonthlyFigure.objects.filter(indicator=code, month__lte=last)
        stale = (
            stale.filter(month=last)
            if code in SNAPSHOT_INDICATORS
            else stale.filter(month__gte=first)
        )
        stale.delete()
        MonthlyFigure.objects.bulk_create(
            MonthlyFigure(
                indicator=code,
                month=row.month,
                field_of_action=row.field_of_action,
                institution_id=row.institution_id,
                series=row.series,
                value=row.value,
                base=row.base,
                suppressed=row.suppressed,
            )
            for row in rows
        )
    run.first_month, run.last_month = first, last
    run.finished_at = timezone.now()
    run.save()
    default_first = months_back(today, DEFAULT_MONTHS)
    for field_of_action in ["", *FieldOfAction.values]:
        charts_for(
            run=run,
            field_of_action=field_of_action,
            institution_id=None,
            first=default_first,
            last=last,
        )
    return run


def latest_run() -> FigureRun | None:
    return FigureRun.objects.filter(finished_at__isnull=False).order_by("-finished_at").first()


def charts_for(
    *,
    run: FigureRun,
    field_of_action: str,
    institution_id: int | None,
    first: datetime.date,
    last: datetime.date,
) -> list[tuple[ChartData, str]]:
    """Every indicator's figures and SVG for one filter choice: one query for the figures, one
    for the stored SVGs; a choice asked for the first time is rendered once and stored."""
    months = month_range(first, last)
    rows = MonthlyFigure.objects.filter(
        field_of_action=field_of_action,
        institution_id=institution_id,
        month__gte=first,
        month__lte=last,
    ).order_by("indicator", "month", "series")
    by_indicator: dict[str, list] = {code: [] for code in INDICATORS}
    for row in rows:
        by_indicator.setdefault(row.indicator, []).append(row)
    stored = {
        chart.indicator: chart.svg
        for chart in ChartImage.objects.filter(
            run=run,
            field_of_action=field_of_action,
            institution_id=institution_id,
            first_month=first,
            last_month=last,
        )
    }
    result = []
    for code in INDICATORS:
        data = chart_figures(code, by_indicator[code], months=months)
        if code not in stored:
            stored[code] = render_svg(data)
            ChartImage.objects.get_or_create(
                run=run,
                indicator=code,
                field_of_action=field_of_action,
                institution_id=institution_id,
                first_month=first,
                last_month=last,
                defaults={"svg": stored[code]},
            )
        result.append((data, stored[code]))
    return result


def chart_for(*, indicator: str, field_of_action: str, institution_id, first, last) -> ChartData:
    """One chart's figures (for its downloads): the same rows the page shows."""
    rows = MonthlyFigure.objects.filter(
        indicator=indicator,
        field_of_action=field_of_action,
        institution_id=institution_id,
        month__gte=first,
        month__lte=last,
    ).order_by("month", "series")
    return chart_figures(indicator, list(rows), months=month_range(first, last))
