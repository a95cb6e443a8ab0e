"""Import files that used to mislead officers: thousands of problem lines, a database without
reference data, spreadsheet cells whose value Excel never saved."""

from sqlalchemy import delete

from directory.extensions import db
from directory.organizations.models import Organization
from directory.reference.models import Commune, IndustrialZone, Sector

from .test_import import FIXTURE, count, problem_lines, run_import, write_json
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
