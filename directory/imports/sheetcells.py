"""Cells of an .xlsx sheet whose value openpyxl reads as empty although the sheet shows one.

openpyxl's value-only reading (``data_only``) gives the value Excel saved with a formula; a
workbook written by another program, or never saved by Excel after its formulas changed, has
none, and the cell reads as empty. A merged range keeps its value in its first cell only. Read
as empty, either would silently clear an optional field, so the reader refuses them instead;
and a formula that ended in an error (#REF!, #N/A) is refused rather than read as that text.
"""

import bisect
import zipfile
from dataclasses import dataclass, field

from flask_babel import gettext as _
from openpyxl.utils.cell import coordinate_to_tuple, range_boundaries
from openpyxl.xml.constants import SHEET_MAIN_NS
from openpyxl.xml.functions import iterparse

ROW = f"{{{SHEET_MAIN_NS}}}row"
CELL = f"{{{SHEET_MAIN_NS}}}c"
FORMULA = f"{{{SHEET_MAIN_NS}}}f"
VALUE = f"{{{SHEET_MAIN_NS}}}v"
MERGE = f"{{{SHEET_MAIN_NS}}}mergeCell"
# Byte strings of a formula (<f>, <x:f>), an error cell (t="e") or a merged range; a sheet
# without any is not parsed a second time. A false alarm only costs that parse.
TELLING = (b"<f", b":f>", b":f ", b":f/", b't="e"', b"t='e'", b"mergeCell")


@dataclass
class HiddenValues:
    """Formula cells without a saved value and merged ranges of one sheet, by 1-based row and
    column as openpyxl numbers them."""

    unsaved: set[tuple[int, int]] = field(default_factory=set)
    errors: set[tuple[int, int]] = field(default_factory=set)  # #REF!, #DIV/0!, #N/A, …
    merged: list[tuple[int, int, int, int, str]] = field(default_factory=list)  # min_col, …
    _by_column: dict[int, list[tuple[int, int, int, str]]] = field(default_factory=dict)

    def problem(self, row: int, column: int, value) -> str | None:
        """Why the cell at (row, column), read as ``value``, cannot be trusted; None when it
        can."""
        if (row, column) in self.errors:
            return _("công thức báo lỗi %(error)s — hãy sửa trong Excel", error=value)
        if value is not None:
            return None
        if (row, column) in self.unsaved:
            return _("công thức chưa có giá trị — hãy mở và lưu lại trong Excel")
        ranges = self._merged_in(column)
        at = bisect.bisect_right(ranges, (row, float("inf"))) - 1
        if at >= 0:
            first_row, last_row, first_column, name = ranges[at]
            if row <= last_row and (row, column) != (first_row, first_column):
                return _(
                    "ô nằm trong vùng ô gộp %(range)s, chỉ ô đầu của vùng có giá trị — "
                    "hãy bỏ gộp ô và điền từng ô",
                    range=name,
                )
        return None

    def _merged_in(self, column: int) -> list[tuple[int, int, int, str]]:
        """(first row, last row, first column, "B2:B4") of the ranges over ``column``, sorted
        by first row; built for the columns asked about, the sheet's fields only."""
        if column not in self._by_column:
            self._by_column[column] = sorted(
                (first_row, last_row, first_column, name)
                for first_column, first_row, last_column, last_row, name in self.merged
                if first_column <= column <= last_column
            )
        return self._by_column[column]


def hidden_values(path: str, sheet) -> HiddenValues:
    """Scan the XML of ``sheet`` (an openpyxl read-only worksheet of the workbook at ``path``)."""
    found = HiddenValues()
    # openpyxl keeps the sheet's place in the archive on the read-only worksheet.
    with zipfile.ZipFile(path) as archive:
        with archive.open(sheet._worksheet_path) as source:
            if not _may_hide_values(source):
                return found  # most sheets: plain values, no need to parse them twice
        with archive.open(sheet._worksheet_path) as source:
            _scan(source, found)
    return found


def _may_hide_values(source) -> bool:
    """Whether the sheet's XML has a formula, an error cell or a merged range (a byte search,
    much cheaper than parsing)."""
    tail = b""
    while chunk := source.read(1 << 20):
        window = tail + chunk
        if any(marker in window for marker in TELLING):
            return True
        tail = chunk[-64:]
    return False


def _scan(source, found: HiddenValues) -> None:
    row = column = 0
    for event, element in iterparse(source, events=("start", "end")):
        if event == "start":
            if element.tag == ROW:
                row = int(element.get("r") or row + 1)
                column = 0
            continue
        if element.tag == CELL:
            ref = element.get("r")
            column = coordinate_to_tuple(ref)[1] if ref else column + 1
            if element.get("t") == "e":
                found.errors.add((row, column))
            elif element.find(FORMULA) is not None and _no_saved_value(element):
                found.unsaved.add((row, column))
        elif element.tag == ROW:
            element.clear()
        elif element.tag == MERGE and element.get("ref"):
            name = element.get("ref")
            found.merged.append((*range_boundaries(name), name))


def _no_saved_value(cell) -> bool:
    """A formula cell with no ``<v>`` text; ``t="str"`` with an empty one is a formula whose
    saved result is the empty text."""
    value = cell.find(VALUE)
    return (value is None or not value.text) and cell.get("t") != "str"
