"""A chart's figures, its SVG and its downloads: one function builds the figures
(``chart_figures``) and the dashboard, the downloads and the committee report all use it."""

import csv
import datetime
import io
from dataclasses import dataclass, field
from decimal import Decimal

import altair as alt
import vl_convert as vlc
from django.utils import formats
from django.utils.translation import gettext as _
from openpyxl import Workbook

from cases.statistics import INDICATORS, is_small, phase_labels
from networks.models import FieldOfAction

SUPPRESSED = "< 5"


@dataclass
class ChartData:
    """The rows of one chart for one filter choice: a month each, a cell per series."""

    indicator: str
    title: str
    unit: str
    definition: str
    months: list[datetime.date]
    series: list[str]
    cells: dict[tuple[datetime.date, str], tuple[Decimal | None, bool]] = field(
        default_factory=dict
    )
    has_total: bool = False
    bases: dict[datetime.date, int] = field(default_factory=dict)

    @property
    def has_suppressed(self) -> bool:
        return any(suppressed for _value, suppressed in self.cells.values())

    def cell(self, month, series) -> str:
        value, suppressed = self.cells.get((month, series), (None, False))
        if suppressed:
            return SUPPRESSED
        if value is None:
            return "–"
        return formats.number_format(value, 0 if value == value.to_integral() else 1)

    def table(self) -> list[list[str]]:
        """Header row and one row per month, as shown in the page and the downloads."""
        header = [_("Monat"), *self.series_labels]
        if self.has_total:
            header.append(_("gesamt"))
        rows = [header]
        for month in self.months:
            row = [formats.date_format(month, "F Y"), *(self.cell(month, s) for s in self.series)]
            if self.has_total:
                row.append(self.total(month))
            rows.append(row)
        return rows

    def total(self, month) -> str:
        """The row's total: shown, which is why suppression hides a second cell of the row."""
        if month not in self.bases:
            return "–"
        total = self.bases[month]
        return SUPPRESSED if is_small(total) else formats.number_format(total, 0)

    @property
    def series_labels(self) -> list[str]:
        if self.indicator == "cases_per_phase":
            names = phase_labels()
            return [names.get(s, s) for s in self.series]
        return [s or self.title for s in self.series]


def chart_figures(indicator: str, rows, *, months: list[datetime.date]) -> ChartData:
    """Build a chart's figures from stored MonthlyFigure rows of one filter choice."""
    spec = INDICATORS[indicator]
    series = sorted({row.series for row in rows})
    if indicator == "cases_per_phase":
        order = list(phase_labels())
        series.sort(key=lambda s: order.index(s) if s in order else len(order))
    data = ChartData(
        indicator=indicator,
        title=str(spec.label),
        unit=str(spec.unit),
        definition=spec.definition,
        months=months,
        series=series,
        has_total=spec.has_total,
    )
    for row in rows:
        data.cells[(row.month, row.series)] = (row.value, row.suppressed)
        data.bases[row.month] = data.bases.get(row.month, 0) + row.base
    return data


def render_svg(data: ChartData) -> str:
    """The chart as SVG (Vega-Altair spec, vl-convert, German number and date format)."""
    labels = dict(zip(data.series, data.series_labels, strict=True))
    values = [
        {"Monat": month.isoformat(), "Reihe": labels[s], "Wert": float(value)}
        for (month, s), (value, _suppressed) in data.cells.items()
        if value is not None and month in data.months
    ]
    base = alt.Chart(alt.Data(values=values)).encode(
        x=alt.X("Monat:T", title=_("Monat"), axis=alt.Axis(format="%b %Y")),
        y=alt.Y("Wert:Q", title=data.unit),
        color=alt.Color("Reihe:N", title=None, legend=alt.Legend(orient="bottom", labelLimit=400)),
    )
    chart = (base.mark_bar() if data.has_total else base.mark_line(point=True)).properties(
        width=560, height=220, title=data.title
    )
    return vlc.vegalite_to_svg(chart.to_dict(), format_locale="de-DE", time_format_locale="de-DE")


def as_csv(data: ChartData) -> bytes:
    out = io.StringIO()
    csv.writer(out, delimiter=";").writerows(data.table())
    return ("\ufeff" + out.getvalue()).encode()  # BOM: spreadsheet programs read UTF-8


def as_xlsx(data: ChartData) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = data.indicator[:31]
    for row in data.table():
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def field_label(value: str) -> str:
    return str(FieldOfAction(value).label) if value else _("alle Handlungsfelder")
