"""Officers' spreadsheets: an .xlsx workbook or a folder of CSV files, same fields as the JSON."""

import csv
from datetime import datetime

import openpyxl
import pytest

from directory.imports.schema import FIELDS
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization

from .test_import import FIXTURE, by_ref, count, fixture_data, problem_lines, run_import

KINDS = ("organizations", "offerings", "needs")
ALL_CREATED = (
    "organizations: 3 created, 0 updated, 0 unchanged; "
    "offerings: 3 created, 0 updated, 0 unchanged; "
    "needs: 2 created, 0 updated, 0 unchanged"
)
ALL_UNCHANGED = (
    "organizations: 0 created, 0 updated, 3 unchanged; "
    "offerings: 0 created, 0 updated, 3 unchanged; "
    "needs: 0 created, 0 updated, 2 unchanged"
)


def table(kind: str, records: list[dict]) -> list[list]:
    """A header naming the JSON fields, then one row per record; lists joined with ";"."""
    header = [f.name for f in FIELDS[kind] if any(f.name in r for r in records)] or ["ref"]
    header += list(dict.fromkeys(k for r in records for k in r if k not in header))
    rows = [header]
    for record in records:
        values = [record.get(name) for name in header]
        rows.append([";".join(v) if isinstance(v, list) else v for v in values])
    return rows


def write_workbook(path, data: dict, sheets=KINDS):
    book = openpyxl.Workbook()
    book.remove(book.active)
    for kind in sheets:
        sheet = book.create_sheet(kind)
        for row in table(kind, data.get(kind, [])):
            sheet.append(row)
    book.save(path)
    return path


def write_csv_folder(folder, data: dict, delimiter=",", encoding="utf-8-sig"):
    folder.mkdir(exist_ok=True)
    for kind in KINDS:
        with open(folder / f"{kind}.csv", "w", encoding=encoding, newline="") as fh:
            writer = csv.writer(fh, delimiter=delimiter)
            for row in table(kind, data.get(kind, [])):
                writer.writerow(["" if v is None else v for v in row])
    return folder


def test_a_workbook_with_typed_cells_imports_like_the_json_file(app, runner, tmp_path):
    data = fixture_data()
    data["organizations"][0]["enterprise_code"] = 1201234560  # typed as a number in Excel
    data["organizations"][0]["verified"] = "có"
    data["organizations"][1]["verified"] = "không"
    data["organizations"][1]["commune"] = 28261
    data["organizations"][2]["verified"] = False
    data["needs"][0]["budget_vnd"] = 12000000000.0
    data["needs"][0]["deadline"] = datetime(2027, 6, 30)

    result = run_import(runner, write_workbook(tmp_path / "danh-ba.xlsx", data))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == ALL_CREATED
    with app.app_context():
        assert by_ref(Organization, "ORG-001").is_verified
        assert by_ref(Organization, "ORG-002").commune.name == "Phường Mỹ Tho"
        assert {c.name for c in by_ref(Offering, "OFF-002").service_area} == {
            "Phường Mỹ Tho",
            "Phường Mỹ Phong",
        }
    assert run_import(runner, FIXTURE).stdout.strip() == ALL_UNCHANGED


def test_workbook_problems_name_the_sheet_and_row(app, runner, tmp_path):
    data = fixture_data()
    data["offerings"][1]["type"] = "máy móc"
    data["needs"][1]["commune"] = "Xã Không Có"
    path = write_workbook(tmp_path / "danh-ba.xlsx", data)
    book = openpyxl.load_workbook(path)
    book["offerings"].insert_rows(3)  # a blank row between OFF-001 and OFF-002
    book.save(path)

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        'offerings row 4: type: "máy móc" không hợp lệ; '
        "dùng một trong: technology, equipment, product, service",
        'needs row 3: commune: không có xã/phường "Xã Không Có"',
    ]
    with app.app_context():
        assert count(Organization) == 0


def test_a_sheet_without_a_required_column_is_named_once(app, runner, tmp_path):
    data = fixture_data()
    for offering in data["offerings"]:
        del offering["title"]
        offering["tiêu đề"] = "Hệ thống xử lý"

    result = run_import(runner, write_workbook(tmp_path / "danh-ba.xlsx", data))

    assert result.exit_code == 1
    assert problem_lines(result) == ["offerings row 1: title: thiếu cột bắt buộc này"]
    assert 'offerings: bỏ qua trường "tiêu đề"' in result.stderr


def test_unreadable_workbooks_get_one_clear_line(app, runner, tmp_path):
    partial = write_workbook(tmp_path / "thieu.xlsx", fixture_data(), sheets=("organizations",))
    fake = tmp_path / "gia.xlsx"
    fake.write_bytes(b"PK\x03\x04 this is not really a workbook")

    for path, message in [
        (partial, "thieu.xlsx: sổ tính thiếu trang tính: offerings, needs"),
        (fake, "gia.xlsx: không phải sổ tính .xlsx đọc được"),
    ]:
        result = run_import(runner, path)
        assert result.exit_code == 1
        assert problem_lines(result) == [message]


def test_a_csv_folder_from_excel_imports_and_reimports_unchanged(app, runner, tmp_path):
    folder = write_csv_folder(tmp_path / "csv", fixture_data())  # UTF-8 with a BOM

    first = run_import(runner, folder)
    second = run_import(runner, folder)

    assert first.exit_code == 0, first.output
    assert first.stdout.strip() == ALL_CREATED
    assert second.stdout.strip() == ALL_UNCHANGED
    with app.app_context():
        assert by_ref(Need, "NEED-001").budget_vnd == 12_000_000_000
        assert [s.code for s in by_ref(Offering, "OFF-002").sectors] == [
            "wastewater",
            "monitoring-services",
        ]


def test_a_semicolon_separated_csv_folder_is_read_too(app, runner, tmp_path):
    folder = write_csv_folder(tmp_path / "csv", fixture_data(), delimiter=";", encoding="utf-8")

    result = run_import(runner, folder)

    assert result.exit_code == 0, result.output
    assert run_import(runner, FIXTURE).stdout.strip() == ALL_UNCHANGED


@pytest.mark.parametrize(
    "cell, verification",
    [
        ("TRUE", "verified"),
        ("1", "verified"),
        ("Có", "verified"),
        ("FALSE", "unverified"),
        ("0", "unverified"),
        ("không", "unverified"),
        ("", "unverified"),
    ],
)
def test_verified_cells_in_every_spelling(app, runner, tmp_path, cell, verification):
    data = fixture_data()
    data["organizations"][1]["verified"] = cell

    assert run_import(runner, write_csv_folder(tmp_path / "csv", data)).exit_code == 0

    with app.app_context():
        assert by_ref(Organization, "ORG-002").verification == verification


def test_csv_problems_and_unreadable_folders(app, runner, tmp_path):
    data = fixture_data()
    data["organizations"][2]["verified"] = "chưa"
    folder = write_csv_folder(tmp_path / "csv", data)
    result = run_import(runner, folder)
    assert problem_lines(result) == [
        "organizations row 4: verified: phải là TRUE/FALSE, 1/0 hoặc có/không"
    ]

    (folder / "needs.csv").unlink()
    assert problem_lines(run_import(runner, folder)) == ["csv: thư mục thiếu tệp: needs.csv"]

    legacy = write_csv_folder(tmp_path / "legacy", fixture_data(), encoding="utf-16")
    assert problem_lines(run_import(runner, legacy)) == [
        "legacy: organizations.csv không phải văn bản UTF-8; hãy lưu lại dạng CSV UTF-8"
    ]
    single = folder / "offerings.csv"
    assert problem_lines(run_import(runner, single))[0].startswith(
        "offerings.csv: hãy đưa thư mục chứa organizations.csv"
    )
    with app.app_context():
        assert count(Organization) == 0
