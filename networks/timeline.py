"""Trajectory pictures and comparisons: the timeline SVG's geometry and the side-by-side
differences. The SVG itself is a template (networks/_timeline.svg), so pages and PDFs share it."""

from dataclasses import dataclass, field
from decimal import Decimal

from networks.models import Station, TrajectoryVersion

WIDTH, LEFT, RIGHT, ROW = 760, 10, 10, 64


@dataclass
class Bar:
    station: Station
    wait_x: float
    x: float
    width: float
    y: float
    highlight: bool = False


def timeline(version: TrajectoryVersion, *, scale_weeks: float | None = None, highlight=()) -> dict:
    """Bars for each station on one time axis (waits drawn before them), one row each."""
    stations = list(version.stations.select_related("institution"))
    total = float(sum(s.wait_weeks + s.duration_weeks for s in stations)) or 1.0
    scale = (WIDTH - LEFT - RIGHT) / max(scale_weeks or total, 1.0)
    bars, at = [], 0.0
    for row, station in enumerate(stations):
        wait_x = LEFT + at * scale
        at += float(station.wait_weeks)
        x = LEFT + at * scale
        at += float(station.duration_weeks)
        bars.append(
            Bar(
                station,
                wait_x,
                x,
                max(float(station.duration_weeks) * scale, 2),
                row * ROW + 8,
                highlight=station.position in highlight,
            )
        )
    return {
        "bars": bars,
        "width": WIDTH,
        "height": max(len(bars), 1) * ROW + 24,
        "total_weeks": Decimal(str(round(at, 1))),
    }


@dataclass
class Comparison:
    only_left: list[Station] = field(default_factory=list)
    only_right: list[Station] = field(default_factory=list)
    longer_wait: list[tuple[Station, Station]] = field(default_factory=list)
    break_point_differs: list[tuple[Station, Station]] = field(default_factory=list)
    total_left: Decimal = Decimal(0)
    total_right: Decimal = Decimal(0)

    @property
    def total_difference(self) -> Decimal:
        return self.total_right - self.total_left


def compare(left: TrajectoryVersion, right: TrajectoryVersion) -> Comparison:
    """Stations match by what happens where; differences are what the paper's Anlagen show."""
    lefts = list(left.stations.select_related("institution"))
    rights = list(right.stations.select_related("institution"))
    by_key = {s.key: s for s in rights}
    left_keys = {s.key for s in lefts}
    result = Comparison(
        only_left=[s for s in lefts if s.key not in by_key],
        only_right=[s for s in rights if s.key not in left_keys],
        total_left=sum((s.wait_weeks + s.duration_weeks for s in lefts), Decimal(0)),
        total_right=sum((s.wait_weeks + s.duration_weeks for s in rights), Decimal(0)),
    )
    for station in lefts:
        other = by_key.get(station.key)
        if other is None:
            continue
        if station.wait_weeks != other.wait_weeks:
            result.longer_wait.append((station, other))
        if station.is_break_point != other.is_break_point:
            result.break_point_differs.append((station, other))
    return result


def highlighted(comparison: Comparison) -> tuple[set[int], set[int]]:
    """Positions to mark in the left and the right picture."""
    left = {s.position for s in comparison.only_left}
    right = {s.position for s in comparison.only_right}
    for a, b in comparison.longer_wait + comparison.break_point_differs:
        left.add(a.position)
        right.add(b.position)
    return left, right
