"""cases.statistics decides small-count suppression for every app's aggregates."""

from cases import statistics


def test_counts_under_five_are_suppressed_zero_and_five_are_shown():
    assert [statistics.suppress(n) for n in (0, 1, 4, 5, 120)] == [0, None, None, 5, 120]
