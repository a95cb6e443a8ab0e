"""Readers: a JSON file, an .xlsx workbook or a folder of CSV files → one ``Dataset``.

Readers only shape the input: every record becomes its raw field values and a label that
problems name it by (its ref in JSON, "sheet row N" in spreadsheets). Checking the values
is the validator's job. A file that cannot be read at all yields one problem and no records.
"""

import csv
import json
import os
import warnings
import zipfile
from dataclasses import dataclass, field
from typing import Any

from flask_babel import gettext as _

from .fields import FORMAT, KINDS, Problem, messages_locale
from .schema import FIELDS
from .sheetcells import HiddenValues, hidden_values


@dataclass
class SourceRecord:
    where: str  # how problems name the record
    values: dict[str, Any]  # raw values of the known fields present in the input
    position: int  # 1-based place in its list (JSON) or row number (spreadsheets)


@dataclass
class Dataset:
    source: str  # the file or folder name, for problems about the whole input
    records: dict[str, list[SourceRecord]] = field(default_factory=lambda: {k: [] for k in KINDS})
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(len(records) for records in self.records.values())


class Unreadable(Exception):
    """The input cannot be read at all; the message says why."""


def read_source(path) -> Dataset:
    """Read ``path``: a .json file, an .xlsx workbook or a folder of CSV files."""
    path = os.fspath(path)
    dataset = Dataset(source=os.path.basename(os.path.normpath(path)) or path)
    with messages_locale():
        try:
            try:
                _read_into(dataset, path)
            except OSError as exc:
                raise Unreadable(
                    _("không đọc được: %(reason)s", reason=exc.strerror or exc)
                ) from None
        except Unreadable as exc:
            dataset.records = {kind: [] for kind in KINDS}
            dataset.problems = [Problem(dataset.source, None, str(exc))]
    return dataset


def _read_into(dataset: Dataset, path: str) -> None:
    if os.path.isdir(path):
        return _read_csv_folder(dataset, path)
    if not os.path.isfile(path):
        raise Unreadable(_("không có tệp hay thư mục này"))
    suffix = os.path.splitext(path)[1].lower()
    if suffix in (".xls", ".ods", ".numbers"):
        raise Unreadable(_("chỉ đọc được sổ tính .xlsx; hãy lưu lại tệp ở định dạng .xlsx"))
    if suffix == ".zip":
        raise Unreadable(_("hãy giải nén tệp .zip thành một thư mục rồi nhập thư mục đó"))
    if suffix == ".csv":
        raise Unreadable(
            _("hãy đưa thư mục chứa organizations.csv, offerings.csv và needs.csv, không phải tệp")
        )
    if suffix in (".xlsx", ".xlsm") or (suffix != ".json" and zipfile.is_zipfile(path)):
        return _read_workbook(dataset, path)
    if suffix != ".json" and not _looks_like_json(path):
        raise Unreadable(
            _("không nhận ra định dạng: cần tệp .json, sổ tính .xlsx hoặc thư mục tệp .csv")
        )
    return _read_json(dataset, path)


def _looks_like_json(path: str) -> bool:
    with open(path, "rb") as fh:
        start = fh.read(64).lstrip(b"\xef\xbb\xbf \t\r\n")
    return start.startswith(b"{")


def _read_json(dataset: Dataset, path: str) -> None:
    data = _load_json(path)
    if not isinstance(data, dict):
        raise Unreadable(_('phải là một đối tượng JSON có khoá "format": "%(f)s"', f=FORMAT))
    if data.get("format") != FORMAT:
        raise Unreadable(
            _('khoá "format" phải là "%(f)s", tệp ghi %(found)s', f=FORMAT, found=_shown(data))
        )
    for kind in KINDS:
        items = data.get(kind)
        if items is None:
            continue
        if not isinstance(items, list):
            raise Unreadable(_('"%(kind)s" phải là một danh sách bản ghi', kind=kind))
        _read_json_records(dataset, kind, items)


def _load_json(path: str) -> object:
    """The file's JSON value; a file that is not UTF-8 JSON is unreadable, and says why."""
    try:
        with open(path, encoding="utf-8-sig") as fh:
            return json.load(fh)
    except UnicodeDecodeError:
        raise Unreadable(_("tệp không phải văn bản UTF-8 (JSON phải mã hoá UTF-8)")) from None
    except json.JSONDecodeError as exc:
        raise Unreadable(
            _("không phải JSON hợp lệ: dòng %(line)d, cột %(col)d", line=exc.lineno, col=exc.colno)
        ) from None
    except RecursionError:
        raise Unreadable(_("không phải JSON hợp lệ: lồng nhau quá sâu")) from None
    except OSError as exc:
        raise Unreadable(_("không đọc được tệp: %(reason)s", reason=exc.strerror or exc)) from None


def _read_json_records(dataset: Dataset, kind: str, items: list[object]) -> None:
    """The records of one kind's list; fields the format does not know are left out, with a
    warning that names them."""
    known = {f.name for f in FIELDS[kind]}
    unknown: set[str] = set()
    for number, item in enumerate(items, start=1):
        where = _json_label(kind, number, item)
        if not isinstance(item, dict):
            dataset.problems.append(
                Problem(where, None, _("mỗi bản ghi phải là một đối tượng JSON"))
            )
            continue
        unknown.update(key for key in item if key not in known)
        values = {key: value for key, value in item.items() if key in known}
        dataset.records[kind].append(SourceRecord(where, values, number))
    _warn_unknown(dataset, kind, unknown)


def _shown(data: dict) -> str:
    return json.dumps(data["format"], ensure_ascii=False)[:80] if "format" in data else _("không")


def _json_label(kind: str, number: int, item) -> str:
    """A JSON record is named by its ref; without a usable one, by its position."""
    ref = item.get("ref") if isinstance(item, dict) else None
    if isinstance(ref, int) and not isinstance(ref, bool):
        ref = str(ref)
    if isinstance(ref, str) and ref.strip() and len(ref) <= 100:
        return " ".join(ref.split())
    return f"{kind} #{number}"


def _warn_unknown(dataset: Dataset, kind: str, names) -> None:
    for name in sorted(names, key=str):
        dataset.warnings.append(
            _('%(kind)s: bỏ qua trường "%(name)s" (không có trong định dạng)', kind=kind, name=name)
        )


def _read_workbook(dataset: Dataset, path: str) -> None:
    import openpyxl

    try:
        with warnings.catch_warnings():
            # openpyxl warns about styles and extensions it cannot read; the values are fine.
            warnings.filterwarnings("ignore", category=UserWarning, module="openpyxl")
            book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:  # zipfile, XML and openpyxl errors all mean "not a workbook we can read"
        raise Unreadable(_("không phải sổ tính .xlsx đọc được")) from None
    try:
        sheets = {name.strip().casefold(): book[name] for name in book.sheetnames}
        missing = [kind for kind in KINDS if kind not in sheets]
        if missing:
            raise Unreadable(_("sổ tính thiếu trang tính: %(names)s", names=", ".join(missing)))
        for kind in KINDS:
            sheet = sheets[kind]
            sheet.reset_dimensions()  # some writers record wrong dimensions
            hidden = hidden_values(path, sheet)
            _read_table(dataset, kind, sheet.iter_rows(values_only=True), hidden)
    except Unreadable:
        raise
    except Exception:
        raise Unreadable(_("không phải sổ tính .xlsx đọc được")) from None
    finally:
        book.close()


def _read_csv_folder(dataset: Dataset, path: str) -> None:
    names = {name.casefold(): name for name in os.listdir(path)}
    missing = [f"{kind}.csv" for kind in KINDS if f"{kind}.csv" not in names]
    if missing:
        raise Unreadable(_("thư mục thiếu tệp: %(names)s", names=", ".join(missing)))
    for kind in KINDS:
        name = names[f"{kind}.csv"]
        try:
            with open(os.path.join(path, name), encoding="utf-8-sig", newline="") as fh:
                first = fh.readline()
                fh.seek(0)
                # The header has no ";" of its own: a ";" there means Excel's ";"-separated CSV.
                delimiter = ";" if ";" in first and "," not in first else ","
                _read_table(dataset, kind, csv.reader(fh, delimiter=delimiter))
        except UnicodeDecodeError:
            raise Unreadable(
                _("%(name)s không phải văn bản UTF-8; hãy lưu lại dạng CSV UTF-8", name=name)
            ) from None
        except csv.Error as exc:
            raise Unreadable(_("%(name)s: CSV hỏng (%(reason)s)", name=name, reason=exc)) from None
        except OSError as exc:
            message = _(
                "không đọc được %(name)s: %(reason)s", name=name, reason=exc.strerror or exc
            )
            raise Unreadable(message) from None


def _is_blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _read_table(dataset: Dataset, kind: str, rows, hidden: HiddenValues | None = None) -> None:
    """First row names the fields; each later non-blank row is a record named "kind row N".

    ``hidden`` (workbooks): empty-looking cells whose value Excel did not save or a merged
    range keeps elsewhere; each is a problem rather than an empty value."""
    rows = iter(rows)
    header = next(rows, None)
    if header is None or all(_is_blank(cell) for cell in header):
        return
    columns = _columns(dataset, kind, header)
    if columns is None:
        return
    for number, row in enumerate(rows, start=2):
        if all(_is_blank(cell) for cell in row):
            continue
        where = f"{kind} row {number}"
        values = _row_values(row, columns)
        if hidden is not None:
            for i, name in columns.items():
                if message := hidden.problem(number, i + 1, values[name]):
                    dataset.problems.append(Problem(where, name, message))
        dataset.records[kind].append(SourceRecord(where, values, number))


def _columns(dataset: Dataset, kind: str, header) -> dict[int, str] | None:
    """{column index: field name} from the header row; None, with the problems, when a field's
    column comes twice or a required one is missing. Unknown columns are warned about."""
    fields = {f.name: f for f in FIELDS[kind]}
    columns: dict[int, str] = {}
    unknown: set[str] = set()
    for index, cell in enumerate(header):
        name = "" if _is_blank(cell) else " ".join(str(cell).split()).casefold()
        if name in fields and name in columns.values():
            dataset.problems.append(Problem(f"{kind} row 1", name, _("cột này có hai lần")))
            return None
        if name in fields:
            columns[index] = name
        elif name:
            unknown.add(name)
    _warn_unknown(dataset, kind, unknown)
    absent = [f.name for f in fields.values() if f.required and f.name not in columns.values()]
    for name in absent:
        dataset.problems.append(Problem(f"{kind} row 1", name, _("thiếu cột bắt buộc này")))
    return None if absent else columns


def _row_values(row, columns: dict[int, str]) -> dict[str, Any]:
    """The row's value of every field with a column: None for a blank or missing cell."""
    values = {
        name: None if _is_blank(row[i]) else row[i] for i, name in columns.items() if i < len(row)
    }
    values.update({name: None for name in columns.values() if name not in values})
    return values
