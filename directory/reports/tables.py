"""The shape every report figure takes: a titled table that may be drawn as a bar chart.

The page, its charts, the workbook and the CSV files are all rendered from the same ``Table``
objects, so the four always show the same numbers.
"""

import re
from dataclasses import dataclass, field

from flask_babel import gettext as _

MIN_YEAR, MAX_YEAR = 2000, 2100
BAR_STEP = 5  # bar widths come from a fixed set of CSS classes: w-0, w-5, … w-100


@dataclass
class Table:
    key: str  # stable identifier: the CSV ?table= value and the page anchor
    title: str
    sheet: str  # the workbook sheet's name: at most 31 characters, no []:*?/\\
    columns: list[str]
    rows: list[list] = field(default_factory=list)  # first cell labels the row
    total: list | None = None  # a closing row, shown apart from the data rows
    chart: tuple[int, ...] = ()  # columns drawn as bars, one series each
    percent: bool = False  # charted values are shares (0–100), not counts
    target_column: int | None = None  # a column holding a plan target (percent), drawn as a mark
    money: tuple[int, ...] = ()  # columns holding amounts in đồng
    note: str = ""  # how the figures are counted, shown under the table

    def all_rows(self) -> list[list]:
        return self.rows + ([self.total] if self.total else [])

    def bars(self) -> list[dict]:
        """For each row: its label, and per charted column the value and its width class."""
        top = (
            100
            if self.percent
            else max([row[c] or 0 for row in self.rows for c in self.chart] or [0])
        )
        drawn = []
        for row in self.rows:
            series = [
                {"column": self.columns[c], "value": row[c], "width": bar_width(row[c], top)}
                for c in self.chart
            ]
            target = None
            if self.target_column is not None:
                low = target_low(row[self.target_column])
                target = None if low is None else bar_width(low, 100)
            drawn.append({"label": row[0], "series": series, "target": target})
        return drawn


def figures_table(key: str, sheet: str, title: str, rows: list[list], note: str = "") -> Table:
    """A table of named figures: one row per indicator, its value beside it, no chart."""
    return Table(
        key=key,
        sheet=sheet,
        title=title,
        columns=[_("Chỉ tiêu"), _("Giá trị")],
        rows=rows,
        note=note,
    )


def bar_width(value, top) -> int:
    """``value`` as a share of ``top``, rounded to the nearest step; a non-zero value shows."""
    if not value or not top:
        return 0
    width = int(round(100 * min(value, top) / top / BAR_STEP) * BAR_STEP)
    return max(width, BAR_STEP)


def share(part: int, whole: int) -> float | None:
    """A percentage with one decimal, or None when there is nothing to divide."""
    return round(100 * part / whole, 1) if whole else None


def target_low(target: str | None) -> int | None:
    """The lower bound of a plan target: "70-80%" → 70, "20%" → 20, "" → None."""
    match = re.match(r"\s*(\d{1,3})", target or "")
    return min(int(match.group(1)), 100) if match else None


def valid_year(year) -> bool:
    return isinstance(year, int) and MIN_YEAR <= year <= MAX_YEAR


def format_figure(value, money: bool = False) -> str:
    """A cell as the page shows it: 1.234 and 66,7 in Vietnamese; em dash for "no data"."""
    from flask_babel import format_decimal

    from ..i18n import format_vnd

    if value is None or value == "":
        return "—" if value is None else ""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return str(value)
    if money:
        return format_vnd(int(value))
    return format_decimal(value, format="#,##0.#")
