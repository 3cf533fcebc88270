"""The one door through which other apps read about cases: counts, never rows or content.

Small counts (under SMALL_COUNT) can point at a person in a small town's network, so where a
figure is shown to people who see no case content, suppress() decides it, here and nowhere else.
"""

from django.db.models import Count, QuerySet

from cases.models import Case, Measure

SMALL_COUNT = 5


def suppress(count: int) -> int | None:
    """The count, or None when it is under SMALL_COUNT but not 0 (the page then shows no figure)."""
    return None if 0 < count < SMALL_COUNT else count


def open_case_count() -> int:
    return Case.objects.open().count()


def overridden_measures_by_type() -> QuerySet:
    """Measures planned although the assessment did not meet their prerequisites (issue 3: the
    justification is kept and counted), by measure type; a rising figure points at missing
    courses. Rows: measure_type__name, count."""
    return (
        Measure.objects.exclude(unmet_prerequisites=[])
        .values("measure_type__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "measure_type__name")
    )
