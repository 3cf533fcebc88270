"""The project budget as the page shows it: every derived figure computed here from the
revenue and expenditure typed in, never typed in itself; a figure typed in from a source
document is compared with the computed one and flagged where they disagree."""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from steering.models import FundingPeriod

CENT = Decimal("0.01")


@dataclass(frozen=True)
class Line:
    label: str
    revenue: Decimal | None
    expenditure: Decimal | None
    source_own_share: Decimal | None = None
    source_revenue: Decimal | None = None
    source_expenditure: Decimal | None = None

    @property
    def own_share(self) -> Decimal | None:
        """Verminderung Eigenkapital: what the city pays itself (expenditure minus revenue)."""
        if self.revenue is None or self.expenditure is None:
            return None
        return self.expenditure - self.revenue

    @property
    def funding_rate(self) -> Decimal | None:
        """Funding rate achieved: revenue as a percentage of expenditure, to the hundredth."""
        if not self.revenue or not self.expenditure:
            return None
        return (self.revenue * 100 / self.expenditure).quantize(CENT, rounding=ROUND_HALF_UP)

    def disagreements(self) -> list[tuple[str, Decimal, Decimal]]:
        """(what, typed in, computed) for every source figure that differs from ours."""
        checks = [
            ("own_share", self.source_own_share, self.own_share),
            ("revenue", self.source_revenue, self.revenue),
            ("expenditure", self.source_expenditure, self.expenditure),
        ]
        return [
            (what, typed, computed)
            for what, typed, computed in checks
            if typed is not None and computed is not None and typed != computed
        ]


@dataclass(frozen=True)
class Budget:
    period: FundingPeriod
    planned: list[Line]  # one per year, then the total over the period
    actual: list[Line]
    posts: Decimal

    @property
    def has_actual(self) -> bool:
        return any(line.revenue is not None for line in self.actual[:-1])


def _sum(values) -> Decimal | None:
    values = [value for value in values if value is not None]
    return sum(values, Decimal(0)) if values else None


def budget_for(period: FundingPeriod) -> Budget:
    years = list(period.years.all())
    planned = [
        Line(str(y.year), y.planned_revenue, y.planned_expenditure, y.source_own_share)
        for y in years
    ]
    actual = [Line(str(y.year), y.actual_revenue, y.actual_expenditure) for y in years]
    total = "{} – {}".format(
        period.starts_on.strftime("%d.%m.%Y"), period.ends_on.strftime("%d.%m.%Y")
    )
    planned.append(
        Line(
            total,
            _sum(line.revenue for line in planned),
            _sum(line.expenditure for line in planned),
            source_own_share=period.source_own_share,
            source_revenue=period.source_revenue,
            source_expenditure=period.source_expenditure,
        )
    )
    actual.append(
        Line(
            total, _sum(line.revenue for line in actual), _sum(line.expenditure for line in actual)
        )
    )
    posts = sum((share.posts for share in period.staff.all()), Decimal(0))
    return Budget(period=period, planned=planned, actual=actual, posts=posts)
