"""The report's tables as downloads: an .xlsx workbook and CSV files.

- The workbook has one sheet per table (the summary first), named in the reader's language;
  row 1 is the header row, the closing "total" row is bold.
- CSV comes one table at a time (``?table=<key>``): UTF-8 with a byte-order mark so that Excel
  shows Vietnamese correctly, comma-separated, a header row first.
Text that a spreadsheet would run as a formula (=, +, -, @ first) is written as plain text.
"""

import csv
import io
import re

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from .tables import Table

_FORBIDDEN_IN_SHEET = re.compile(r"[\[\]:*?/\\]")
_FORMULA_START = ("=", "+", "-", "@")
MAX_COLUMN_WIDTH = 60


def workbook_bytes(report, title: str) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = title
    used: set[str] = set()
    for table in report.all_tables():
        _add_sheet(workbook, table, _sheet_name(table.sheet, used))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_name(name: str, used: set[str]) -> str:
    base = _FORBIDDEN_IN_SHEET.sub(" ", name).strip()[:31] or "Sheet"
    candidate, n = base, 2
    while candidate.casefold() in used:
        suffix = f" ({n})"
        candidate, n = base[: 31 - len(suffix)] + suffix, n + 1
    used.add(candidate.casefold())
    return candidate


def _add_sheet(workbook, table: Table, name: str) -> None:
    sheet = workbook.create_sheet(name)
    sheet.append(table.columns)
    for row in table.all_rows():
        sheet.append(row)
    for row in sheet.iter_rows():
        for cell in row:
            _format_cell(cell, table.money)
    _bold_header_and_total(sheet, table)
    sheet.freeze_panes = "A2"
    _fit_columns(sheet, table)


def _format_cell(cell, money: tuple[int, ...]) -> None:
    """Text stays text; amounts in đồng get thousands separators, shares one decimal."""
    if isinstance(cell.value, str) and cell.value.startswith("="):
        cell.data_type = "s"  # text, never a formula
    elif isinstance(cell.value, int) and cell.column - 1 in money:
        cell.number_format = "#,##0"
    elif isinstance(cell.value, float):
        cell.number_format = "0.0"


def _bold_header_and_total(sheet, table: Table) -> None:
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    if table.total:
        for cell in sheet[sheet.max_row]:
            cell.font = bold


def _fit_columns(sheet, table: Table) -> None:
    """Each column as wide as its longest value or heading, up to MAX_COLUMN_WIDTH."""
    for index, column in enumerate(table.columns, start=1):
        longest = max([len(str(r[index - 1] or "")) for r in table.all_rows()] + [len(column)])
        sheet.column_dimensions[get_column_letter(index)].width = min(longest + 2, MAX_COLUMN_WIDTH)


def csv_bytes(table: Table) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([_csv_cell(c) for c in table.columns])
    for row in table.all_rows():
        writer.writerow([_csv_cell(value) for value in row])
    return buffer.getvalue().encode("utf-8-sig")


def _csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return "'" + value if value.startswith(_FORMULA_START) else value
    return str(value)
