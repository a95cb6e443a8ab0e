"""The import's finer rules: verification, need status, partial records, odd values, dry runs."""

import json
from datetime import date

import pytest

from directory.extensions import db
from directory.imports import import_path
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.search import search

from .test_import import FIXTURE, by_ref, count, fixture_data, problem_lines, run_import, write_json


def test_verified_true_verifies_false_withdraws_and_empty_leaves_it(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    with app.app_context():
        verified_at = by_ref(Organization, "ORG-001").verified_at
    data = fixture_data()
    data["organizations"][0]["verified"] = None
    data["organizations"][1]["verified"] = True

    run_import(runner, write_json(tmp_path, data))
    with app.app_context():
        assert by_ref(Organization, "ORG-001").verified_at == verified_at
        assert by_ref(Organization, "ORG-002").is_verified

    data["organizations"][1]["verified"] = False
    result = run_import(runner, write_json(tmp_path, data))
    assert result.stdout.startswith("organizations: 0 created, 1 updated, 2 unchanged")
    with app.app_context():
        cooperative = by_ref(Organization, "ORG-002")
        assert cooperative.verification == "unverified" and cooperative.verified_at is None


def test_a_need_keeps_its_own_status_unless_the_file_gives_one(app, runner, tmp_path):
    data = fixture_data()
    data["needs"][1]["status"] = "closed"
    run_import(runner, write_json(tmp_path, data))
    with app.app_context():
        assert by_ref(Need, "NEED-001").status == "open"
        closed = by_ref(Need, "NEED-002")
        assert closed.status == "closed" and closed.closed_at is not None
        by_ref(Need, "NEED-001").status = "closed"  # its owner closed it on the site
        db.session.commit()

    result = run_import(runner, FIXTURE)  # NEED-002 has no status in this file

    assert result.stdout.strip().endswith("needs: 0 created, 0 updated, 2 unchanged")
    with app.app_context():
        assert by_ref(Need, "NEED-001").status == "closed"
        assert by_ref(Need, "NEED-002").status == "closed"


def test_fields_a_record_leaves_out_are_kept_and_null_clears(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    update = {
        "format": "ecodirectory/v1",
        "organizations": [
            {
                "ref": "ORG-001",
                "name": "Công ty TNHH Môi trường Xanh",
                "kind": "company",
                "phone": None,
            }
        ],
    }

    result = run_import(runner, write_json(tmp_path, update))

    assert result.exit_code == 0, result.output
    with app.app_context():
        green = by_ref(Organization, "ORG-001")
        assert green.name == "Công ty TNHH Môi trường Xanh" and green.phone is None
        assert green.email == "lienhe@xanhmytho.example.vn" and green.is_verified
        assert len(green.offerings) == 2


def test_a_dry_run_reports_what_would_change_and_writes_nothing(app, runner):
    result = run_import(runner, FIXTURE, "--dry-run")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("organizations: 3 created, 0 updated, 0 unchanged")
    assert "Chạy thử" in result.stderr
    with app.app_context():
        assert (count(Organization), count(Offering), count(Need)) == (0, 0, 0)


def test_the_service_serves_other_callers_without_click_or_a_request(app, tmp_path):
    data = fixture_data()
    data["offerings"][0]["type"] = "robot"
    with app.app_context():
        rejected = import_path(write_json(tmp_path, data))
        assert not rejected.ok and [str(p).split(": ")[:2] for p in rejected.problems] == [
            ["OFF-001", "type"]
        ]
        imported = import_path(FIXTURE)
        assert imported.ok and imported.counts["offerings"].created == 3
        assert imported.summary().startswith("organizations: 3 created")


@pytest.mark.parametrize(
    "field, value, stored",
    [
        ("budget_vnd", 1.2e10, 12_000_000_000),
        ("budget_vnd", "12.000.000.000 ₫", 12_000_000_000),
        ("budget_vnd", " 500000 ", 500_000),
        ("budget_vnd", 9_223_372_036_854_775_807, 9_223_372_036_854_775_807),
        ("deadline", "30/06/2027", date(2027, 6, 30)),
        ("deadline", "2027-06-30T00:00:00", date(2027, 6, 30)),
        ("title", "Cần  xử lý\u0000 nước thải\n", "Cần xử lý nước thải"),
        ("title", "Ca\u0301 tra", "Cá tra"),  # decomposed accents are stored composed (NFC)
        ("sectors", "wastewater; AIR;;wastewater", ["wastewater", "air"]),
        ("procurement", " Quotation ", "quotation"),
    ],
)
def test_values_are_read_the_way_people_write_them(app, runner, tmp_path, field, value, stored):
    data = fixture_data()
    data["needs"][0][field] = value

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 0, result.output
    with app.app_context():
        need = by_ref(Need, "NEED-001")
        got = [s.code for s in need.sectors] if field == "sectors" else getattr(need, field)
        assert got == stored


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("budget_vnd", 10**30, "số quá lớn"),
        ("budget_vnd", 1.5, "phải là một số nguyên"),
        ("budget_vnd", "-12.000", "không được là số âm"),
        ("budget_vnd", "mười tỷ", "phải là một số nguyên (đồng), ví dụ 12000000000"),
        ("budget_vnd", True, "phải là một số nguyên"),
        ("budget_vnd", float("nan"), "phải là một số nguyên"),
        ("deadline", "next year", "phải là một ngày dạng YYYY-MM-DD, ví dụ 2027-06-30"),
        ("deadline", 46568, "phải là một ngày dạng YYYY-MM-DD, ví dụ 2027-06-30"),
        ("title", "x" * 301, "dài 301 ký tự, tối đa 300"),
        ("title", {"vi": "Nước thải"}, "phải là văn bản, không phải một đối tượng"),
        ("title", "\u200b\u0007", "bắt buộc, không được để trống"),
        ("sectors", {"code": "air"}, "phải là một danh sách, không phải một đối tượng"),
        ("sectors", [["air"]], "mỗi mục phải là văn bản, không phải một danh sách"),
        ("contact_email", "ban-quan-ly@", '"ban-quan-ly@" không phải địa chỉ email hợp lệ'),
        ("industrial_zone", "KCN Mặt Trăng", 'không có khu/cụm công nghiệp "KCN Mặt Trăng"'),
        ("status", "expired", '"expired" không hợp lệ; dùng một trong: draft, open, closed'),
    ],
)
def test_odd_values_are_refused_with_a_reason(app, runner, tmp_path, field, value, message):
    data = fixture_data()
    data["needs"][0][field] = value
    path = tmp_path / "odd.json"
    path.write_text(json.dumps(data, ensure_ascii=False, allow_nan=True), encoding="utf-8")

    result = run_import(runner, path)

    assert result.exit_code == 1
    assert problem_lines(result) == [f"NEED-001: {field}: {message}"]
    with app.app_context():
        assert count(Need) == 0


def test_unknown_fields_are_reported_as_warnings_not_errors(app, runner, tmp_path):
    data = fixture_data()
    data["offerings"][0]["titel"] = "Lỗi chính tả"
    data["offerings"][1]["price"] = 10

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 0, result.output
    assert 'offerings: bỏ qua trường "price" (không có trong định dạng)' in result.stderr
    assert 'offerings: bỏ qua trường "titel" (không có trong định dạng)' in result.stderr
    assert "bỏ qua" not in result.stdout


def test_a_website_without_scheme_gets_https_and_a_bad_one_is_refused(app, runner, tmp_path):
    data = fixture_data()
    data["organizations"][1]["website"] = "taiche-sadec.example.vn"
    data["organizations"][2]["website"] = "javascript:alert(1)"

    result = run_import(runner, write_json(tmp_path, data))
    assert problem_lines(result) == [
        'ORG-003: website: "javascript:alert(1)" không phải địa chỉ web (http:// hoặc https://)'
    ]

    data["organizations"][2]["website"] = None
    assert run_import(runner, write_json(tmp_path, data)).exit_code == 0
    with app.app_context():
        assert by_ref(Organization, "ORG-002").website == "https://taiche-sadec.example.vn"


def test_a_large_file_shows_progress_on_stderr_and_keeps_stdout_clean(app, runner, tmp_path):
    data = fixture_data()
    template = data["offerings"][0]
    data["offerings"] = [
        {**template, "ref": f"OFF-{n:04d}", "title": f"Hệ thống MBR số {n}"} for n in range(250)
    ]

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "organizations: 3 created, 0 updated, 0 unchanged; "
        "offerings: 250 created, 0 updated, 0 unchanged; "
        "needs: 2 created, 0 updated, 0 unchanged"
    )
    assert "Đang nhập" in result.stderr
    with app.app_context():
        assert count(Offering) == 250


def test_imported_records_are_found_by_search_as_soon_as_the_command_returns(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    data = fixture_data()
    data["offerings"][2]["title"] = "Hạt nhựa tái chế HDPE từ can nhựa nông dược"

    run_import(runner, write_json(tmp_path, data))

    with app.app_context():
        mbr = by_ref(Offering, "OFF-001")
        assert mbr.id in {hit.id for hit in search("nuoc thai MBR", kind="offering").hits}
        recycled = {hit.id for hit in search("HDPE", kind="offering").hits}
        assert recycled == {by_ref(Offering, "OFF-003").id}


def test_two_organizations_may_swap_enterprise_codes_in_one_file(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    data = fixture_data()
    first, third = data["organizations"][0], data["organizations"][2]
    first["enterprise_code"], third["enterprise_code"] = "1207654321", "1201234560"

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("organizations: 0 created, 2 updated, 1 unchanged")
    with app.app_context():
        assert by_ref(Organization, "ORG-001").enterprise_code == "1207654321"
        assert by_ref(Organization, "ORG-003").enterprise_code == "1201234560"


def test_a_database_failure_while_writing_rolls_everything_back(app, runner, monkeypatch):
    from sqlalchemy.exc import OperationalError

    from directory.imports import services

    def write_then_fail(checked, counts, progress=None):
        real_write_all(checked, counts, progress)  # every record flushed, none committed
        raise OperationalError("INSERT …", {}, Exception("disk I/O error"))

    real_write_all = services.write_all
    monkeypatch.setattr(services, "write_all", write_then_fail)

    result = run_import(runner, FIXTURE)

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "directory.json: cơ sở dữ liệu từ chối dữ liệu, không có gì được nhập: disk I/O error"
    ]
    with app.app_context():
        assert (count(Organization), count(Offering), count(Need)) == (0, 0, 0)
