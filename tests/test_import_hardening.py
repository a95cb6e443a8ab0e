"""Import files that used to mislead officers: thousands of problem lines, a database without
reference data, spreadsheet cells whose value Excel never saved."""

import io
import re
import zipfile

import openpyxl
from openpyxl.utils import get_column_letter
from sqlalchemy import delete

from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.reference.models import Commune, IndustrialZone, Sector

from .test_import import FIXTURE, by_ref, count, fixture_data, problem_lines, run_import, write_json
from .test_import_spreadsheets import write_workbook
from .test_reports_import import json_file, upload

BAD_ORGANIZATION = {"ref": None, "name": "Tổ chức thiếu mã", "kind": "nhà máy"}


def every_row_bad(n: int) -> list[dict]:
    return [dict(BAD_ORGANIZATION, ref=f"ORG-{i}") for i in range(n)]


def test_a_file_where_every_row_is_bad_lists_200_problems_and_counts_the_rest(
    app, runner, tmp_path
):
    path = write_json(tmp_path, {"format": "ecodirectory/v1", "organizations": every_row_bad(250)})

    result = run_import(runner, path)

    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 201
    assert lines[0].startswith("ORG-0: kind: ")
    assert lines[199].startswith("ORG-199: kind: ")
    assert lines[200] == "… và 50 lỗi khác."
    assert "Không nhập gì: 250 lỗi." in result.stderr
    with app.app_context():
        assert count(Organization) == 0


def test_the_upload_page_lists_200_problems_and_counts_the_rest(app, client, make, auth):
    auth.login(make.user(role="officer"))

    page = upload(client, json_file(organizations=every_row_bad(230), offerings=(), needs=()))

    html = page.get_data(as_text=True)
    assert "tệp có 230 lỗi" in html
    assert html.count("<li>ORG-") == 200
    assert "ORG-199: kind:" in html and "ORG-200: kind:" not in html
    assert "… và 30 lỗi khác." in html


def empty_reference_tables():
    for model in (IndustrialZone, Commune, Sector):
        db.session.execute(delete(model))
    db.session.commit()


def test_a_database_without_reference_data_says_in_one_line_what_to_run(app, runner):
    with app.app_context():
        empty_reference_tables()

    result = run_import(runner, FIXTURE)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "directory.json: cơ sở dữ liệu chưa có dữ liệu tham chiếu (lĩnh vực, xã/phường, "
        "khu/cụm công nghiệp): hãy chạy flask --app directory load-reference rồi nhập lại"
    ]
    loaded = runner.invoke(args=["load-reference"])
    assert loaded.exit_code == 0
    assert run_import(runner, FIXTURE).exit_code == 0


def test_the_upload_page_says_the_reference_data_is_missing(app, client, make, auth):
    auth.login(make.user(role="officer"))
    empty_reference_tables()

    html = upload(client, json_file()).get_data(as_text=True)

    assert "dulieu.json: cơ sở dữ liệu chưa có dữ liệu tham chiếu" in html
    assert "load-reference" in html
    assert "tệp có 1 lỗi" in html


FORMULA_NOT_SAVED = "công thức chưa có giá trị — hãy mở và lưu lại trong Excel"


def column_of(sheet, name: str) -> str:
    header = [cell.value for cell in sheet[1]]
    return get_column_letter(header.index(name) + 1)


def save_formula_values(path, sheet_file: str, values: dict[str, str]) -> None:
    """Give formula cells a saved value, as Excel does when it saves the workbook."""
    with zipfile.ZipFile(path) as old:
        parts = {info.filename: old.read(info) for info in old.infolist()}
    xml = parts[sheet_file].decode("utf-8")
    for ref, value in values.items():
        xml, n = re.subn(
            rf'(<c r="{ref}"[^>]*>\s*<f>[^<]*</f>)\s*<v\s*/>', rf"\1<v>{value}</v>", xml
        )
        assert n == 1, ref
    parts[sheet_file] = xml.encode("utf-8")
    with zipfile.ZipFile(path, "w") as new:
        for name, content in parts.items():
            new.writestr(name, content)


def test_formulas_without_saved_values_are_refused_not_read_as_empty(app, runner, tmp_path):
    assert run_import(runner, FIXTURE).exit_code == 0
    path = write_workbook(tmp_path / "danh-ba.xlsx", fixture_data())
    book = openpyxl.load_workbook(path)
    offerings, needs = book["offerings"], book["needs"]
    offerings[f"{column_of(offerings, 'capacity')}2"] = '=CONCAT("20–500 ", "m³/ngày")'
    needs[f"{column_of(needs, 'budget_vnd')}2"] = "=12*10^9"
    book.save(path)  # openpyxl, like many programs, saves formulas without their values

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"offerings row 2: capacity: {FORMULA_NOT_SAVED}",
        f"needs row 2: budget_vnd: {FORMULA_NOT_SAVED}",
    ]
    with app.app_context():
        assert by_ref(Offering, "OFF-001").capacity == "20–500 m³/ngày"
        assert by_ref(Need, "NEED-001").budget_vnd == 12000000000


def test_formulas_with_saved_values_import_their_values(app, runner, tmp_path):
    assert run_import(runner, FIXTURE).exit_code == 0
    path = write_workbook(tmp_path / "danh-ba.xlsx", fixture_data())
    book = openpyxl.load_workbook(path)
    budget = f"{column_of(book['needs'], 'budget_vnd')}2"
    book["needs"][budget] = "=12*10^9"
    book.save(path)
    sheet_file = f"xl/worksheets/sheet{book.sheetnames.index('needs') + 1}.xml"
    save_formula_values(path, sheet_file, {budget: "12000000000"})

    result = run_import(runner, path)

    assert result.exit_code == 0, result.output
    assert result.stdout.strip().endswith("needs: 0 created, 0 updated, 2 unchanged")


def test_a_formula_that_ended_in_an_error_is_refused_not_imported_as_text(app, runner, tmp_path):
    path = write_workbook(tmp_path / "danh-ba.xlsx", fixture_data())
    book = openpyxl.load_workbook(path)
    offerings = book["offerings"]
    offerings[f"{column_of(offerings, 'capacity')}2"] = "#REF!"  # saved as an error cell
    book.save(path)

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "offerings row 2: capacity: công thức báo lỗi #REF! — hãy sửa trong Excel"
    ]


def test_a_merged_cell_is_named_in_the_problem(app, runner, tmp_path):
    path = write_workbook(tmp_path / "danh-ba.xlsx", fixture_data())
    book = openpyxl.load_workbook(path)
    offerings = book["offerings"]
    capacity = column_of(offerings, "capacity")
    offerings.merge_cells(f"{capacity}2:{capacity}3")  # OFF-001 and OFF-002 share one cell
    book.save(path)

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        f"offerings row 3: capacity: ô nằm trong vùng ô gộp {capacity}2:{capacity}3, chỉ ô đầu "
        "của vùng có giá trị — hãy bỏ gộp ô và điền từng ô"
    ]
    with app.app_context():
        assert count(Offering) == 0


def test_the_upload_page_names_a_formula_without_a_saved_value(app, client, make, auth, tmp_path):
    auth.login(make.user(role="officer"))
    path = write_workbook(tmp_path / "danh-ba.xlsx", fixture_data())
    book = openpyxl.load_workbook(path)
    book["needs"][f"{column_of(book['needs'], 'budget_vnd')}2"] = "=12*10^9"
    book.save(path)

    html = upload(client, (io.BytesIO(path.read_bytes()), "danh-ba.xlsx")).get_data(as_text=True)

    assert f"needs row 2: budget_vnd: {FORMULA_NOT_SAVED}" in html
