"""An officer loads the directory from a JSON file: ``flask --app directory import-data PATH``."""

import json
import unicodedata
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization

FIXTURE = Path(__file__).parent / "data" / "import" / "directory.json"


def fixture_data() -> dict:
    return json.loads(FIXTURE.read_text(encoding="utf-8"))


def write_json(tmp_path, data, name="import.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def run_import(runner, path, *options):
    return runner.invoke(args=["import-data", str(path), *options])


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def by_ref(model, ref):
    return db.session.scalar(select(model).filter_by(ref=ref))


def problem_lines(result) -> list[str]:
    return result.stdout.strip().splitlines()


def test_officer_imports_a_directory_file(app, runner):
    result = run_import(runner, FIXTURE)

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "organizations: 3 created, 0 updated, 0 unchanged; "
        "offerings: 3 created, 0 updated, 0 unchanged; "
        "needs: 2 created, 0 updated, 0 unchanged"
    )
    with app.app_context():
        green = by_ref(Organization, "ORG-001")
        assert green.name == "Công ty TNHH Môi trường Xanh Mỹ Tho"
        assert green.enterprise_code == "1201234560"
        assert green.commune.name == "Phường Mỹ Tho"
        assert green.is_verified and green.verified_at is not None
        cooperative = by_ref(Organization, "ORG-002")
        assert cooperative.commune.name == "Phường Mỹ Tho"  # given by its code, 28261
        assert cooperative.verification == "unverified" and cooperative.address is None
        park = by_ref(Organization, "ORG-003")
        assert park.industrial_zone.name == "KCN Tân Hương"

        mbr = by_ref(Offering, "OFF-001")
        assert mbr.organization == green and mbr.published and mbr.is_public
        assert [s.code for s in mbr.sectors] == ["wastewater"]
        assert mbr.service_area == [] and mbr.standards == ["QCVN 14:2025/BTNMT"]
        operation = by_ref(Offering, "OFF-002")
        assert {c.name for c in operation.service_area} == {"Phường Mỹ Tho", "Phường Mỹ Phong"}
        assert by_ref(Offering, "OFF-003").eco_label == "Nhãn Xanh Việt Nam"

        upgrade = by_ref(Need, "NEED-001")
        assert upgrade.organization == park and upgrade.status == "open" and upgrade.is_public
        assert upgrade.budget_vnd == 12_000_000_000 and upgrade.deadline == date(2027, 6, 30)
        assert upgrade.commune.name == "Xã Tân Hương" and upgrade.procurement == "quotation"
        baler = by_ref(Need, "NEED-002")
        assert baler.commune is None and baler.budget_vnd is None and baler.deadline is None


def test_importing_the_same_file_twice_changes_nothing(app, runner):
    run_import(runner, FIXTURE)
    with app.app_context():
        stamps = {o.ref: o.updated_at for o in db.session.scalars(select(Offering))}

    result = run_import(runner, FIXTURE)

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "organizations: 0 created, 0 updated, 3 unchanged; "
        "offerings: 0 created, 0 updated, 3 unchanged; "
        "needs: 0 created, 0 updated, 2 unchanged"
    )
    with app.app_context():
        assert (count(Organization), count(Offering), count(Need)) == (3, 3, 2)
        assert {o.ref: o.updated_at for o in db.session.scalars(select(Offering))} == stamps


def test_a_changed_record_is_updated_and_the_rest_left_alone(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    data = fixture_data()
    data["offerings"][0]["title"] = "Hệ thống MBR dạng module cho khu dân cư"
    data["offerings"][1]["sectors"] = ["wastewater"]
    data["offerings"][1]["service_area"] = []
    data["needs"][0]["budget_vnd"] = 15_000_000_000
    data["organizations"][2]["verified"] = True

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 0, result.output
    assert result.stdout.strip() == (
        "organizations: 0 created, 1 updated, 2 unchanged; "
        "offerings: 0 created, 2 updated, 1 unchanged; "
        "needs: 0 created, 1 updated, 1 unchanged"
    )
    with app.app_context():
        assert by_ref(Offering, "OFF-001").title == "Hệ thống MBR dạng module cho khu dân cư"
        operation = by_ref(Offering, "OFF-002")
        assert [s.code for s in operation.sectors] == ["wastewater"]
        assert operation.service_area == []
        assert by_ref(Need, "NEED-001").budget_vnd == 15_000_000_000
        assert by_ref(Organization, "ORG-003").is_verified
        assert count(Offering) == 3


def test_one_bad_record_among_good_ones_imports_nothing_and_lists_every_problem(
    app, runner, tmp_path
):
    data = fixture_data()
    data["offerings"][0]["sectors"] = ["wastewater", "water"]
    data["offerings"][1]["type"] = "machine"
    data["offerings"][2]["organization"] = "ORG-999"
    data["needs"][0]["budget_vnd"] = -5
    data["needs"][0]["organization"] = "ORG-998"  # two problems in one record: both listed
    data["needs"][1]["deadline"] = "2027-02-30"
    data["organizations"][0]["enterprise_code"] = "1201234561"

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 1
    lines = problem_lines(result)
    assert [line.split(": ")[:2] for line in lines] == [
        ["ORG-001", "enterprise_code"],
        ["OFF-001", "sectors"],
        ["OFF-002", "type"],
        ["NEED-001", "budget_vnd"],
        ["NEED-002", "deadline"],
        ["OFF-003", "organization"],
        ["NEED-001", "organization"],
    ]
    assert lines[1] == (
        'OFF-001: sectors: không có mã lĩnh vực "water"; dùng một trong: '
        "air, consulting, eco-products, energy-efficiency, hazardous-waste, "
        "monitoring-equipment, monitoring-services, recycling, remediation, "
        "solid-waste-treatment, waste-collection, waste-to-energy, wastewater, water-supply"
    )
    assert '"machine" không hợp lệ' in lines[2] and "ORG-999" in lines[5]
    assert "Traceback" not in result.output
    with app.app_context():
        assert (count(Organization), count(Offering), count(Need)) == (0, 0, 0)


def test_a_bad_file_leaves_earlier_imports_untouched(app, runner, tmp_path):
    run_import(runner, FIXTURE)
    data = fixture_data()
    data["offerings"][0]["title"] = "Tiêu đề mới"
    data["offerings"].append({"ref": "OFF-004", "organization": "ORG-001", "type": "service"})

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 1
    assert problem_lines(result) == ["OFF-004: title: thiếu trường bắt buộc"]
    with app.app_context():
        assert by_ref(Offering, "OFF-001").title.startswith("Hệ thống xử lý nước thải")
        assert count(Offering) == 3


@pytest.mark.parametrize(
    "content, message",
    [
        ('{"format": "ecodirectory/v1", "organizations": [', "không phải JSON hợp lệ: dòng 1"),
        ('{"format": "ecodirectory/v2"}', 'khoá "format" phải là "ecodirectory/v1"'),
        ('{"organizations": []}', 'khoá "format" phải là "ecodirectory/v1", tệp ghi không'),
        ("[1, 2, 3]", 'phải là một đối tượng JSON có khoá "format"'),
        ('{"format": "ecodirectory/v1", "offerings": {"ref": "x"}}', '"offerings" phải là'),
        ("", "không phải JSON hợp lệ"),
    ],
)
def test_an_unreadable_file_gets_one_clear_line(app, runner, tmp_path, content, message):
    path = tmp_path / "broken.json"
    path.write_text(content, encoding="utf-8")

    result = run_import(runner, path)

    assert result.exit_code == 1
    lines = problem_lines(result)
    assert len(lines) == 1 and lines[0].startswith("broken.json: ") and message in lines[0]
    assert "Traceback" not in result.output


def test_files_that_are_not_json_or_missing_get_one_clear_line(app, runner, tmp_path):
    latin = tmp_path / "latin1.json"
    windows = unicodedata.normalize("NFD", '{"format": "ecodirectory/v1", "x": "Mỹ Tho"}')
    latin.write_bytes(windows.encode("cp1258"))  # a legacy Vietnamese Windows code page
    text = tmp_path / "notes.txt"
    text.write_text("Danh sách doanh nghiệp", encoding="utf-8")
    old_excel = tmp_path / "danh-sach.xls"
    old_excel.write_bytes(b"\xd0\xcf\x11\xe0")
    archive = tmp_path / "csv.zip"
    archive.write_bytes(b"PK\x05\x06" + b"\x00" * 18)  # an empty zip archive

    for path, message in [
        (latin, "latin1.json: tệp không phải văn bản UTF-8"),
        (text, "notes.txt: không nhận ra định dạng"),
        (old_excel, "danh-sach.xls: chỉ đọc được sổ tính .xlsx"),
        (archive, "csv.zip: hãy giải nén tệp .zip thành một thư mục"),
        (tmp_path / "missing.json", "missing.json: không có tệp hay thư mục này"),
    ]:
        result = run_import(runner, path)
        assert result.exit_code == 1
        assert len(problem_lines(result)) == 1 and problem_lines(result)[0].startswith(message)


def test_offerings_and_needs_may_name_an_organization_already_on_the_site(app, runner, tmp_path):
    data = fixture_data()
    run_import(runner, write_json(tmp_path, {**data, "offerings": [], "needs": []}, "orgs.json"))
    later = {
        "format": "ecodirectory/v1",
        "offerings": data["offerings"],
        "needs": [{**data["needs"][0], "organization": "ORG-404"}],
    }

    result = run_import(runner, write_json(tmp_path, later, "later.json"))
    assert result.exit_code == 1
    assert problem_lines(result) == [
        'NEED-001: organization: không có tổ chức "ORG-404" trong tệp hay trên trang'
    ]

    later["needs"] = data["needs"]
    result = run_import(runner, write_json(tmp_path, later, "later.json"))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("organizations: 0 created, 0 updated, 0 unchanged; ")
    with app.app_context():
        assert by_ref(Offering, "OFF-003").organization.ref == "ORG-002"


def test_communes_by_code_or_by_name_in_any_letter_case(app, runner, tmp_path):
    data = fixture_data()
    data["organizations"][0]["commune"] = "PHƯỜNG MỸ PHONG"
    data["offerings"][1]["service_area"] = ["28261", "  phường   trung an "]
    data["needs"][1]["commune"] = "Xa Tan Huong"

    result = run_import(runner, write_json(tmp_path, data))
    assert problem_lines(result) == [
        'NEED-002: commune: không có xã/phường "Xa Tan Huong" (có phải "Xã Tân Hương"?)'
    ]

    data["needs"][1]["commune"] = "28285"
    result = run_import(runner, write_json(tmp_path, data))
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert by_ref(Organization, "ORG-001").commune.name == "Phường Mỹ Phong"
        area = by_ref(Offering, "OFF-002").service_area
        assert {c.name for c in area} == {"Phường Mỹ Tho", "Phường Trung An"}
        assert by_ref(Need, "NEED-002").commune.name == "Phường Trung An"


def test_enterprise_codes_must_be_valid_and_belong_to_one_organization(app, runner, tmp_path, make):
    make.organization(name="Công ty Cổ phần Nước sạch Đồng Tháp", enterprise_code="1402112234")
    data = fixture_data()
    data["organizations"][0]["enterprise_code"] = "120123456"
    data["organizations"][1]["enterprise_code"] = "1402112234"
    code = "1201234560-001"  # a dependent unit (branch) of ORG-001
    data["organizations"][2]["enterprise_code"] = code
    data["organizations"].append(
        {"ref": "ORG-004", "name": "Chi nhánh", "kind": "company", "enterprise_code": code}
    )

    result = run_import(runner, write_json(tmp_path, data))

    assert result.exit_code == 1
    assert problem_lines(result) == [
        "ORG-001: enterprise_code: phải gồm 10 chữ số, hoặc 10 chữ số, dấu - và 3 chữ số "
        "(đơn vị phụ thuộc) (ô số có thể đã mất số 0 đầu: hãy định dạng ô là văn bản)",
        'ORG-002: enterprise_code: mã "1402112234" đã thuộc về tổ chức '
        '"Công ty Cổ phần Nước sạch Đồng Tháp" trên trang',
        'ORG-004: enterprise_code: mã "1201234560-001" trùng với tổ chức ORG-003 trong tệp',
    ]


def test_refs_must_be_unique_within_the_file_and_required_fields_present(app, runner, tmp_path):
    data = fixture_data()
    data["offerings"].append({**data["offerings"][0], "title": "Bản sao"})
    data["organizations"].append({"ref": "ORG-009", "name": "  ", "kind": None})
    data["needs"].append({"organization": "ORG-001", "title": "Không có mã"})
    data["needs"].append("NEED-010")

    result = run_import(runner, write_json(tmp_path, data))

    assert problem_lines(result) == [
        "needs #4: mỗi bản ghi phải là một đối tượng JSON",
        "ORG-009: name: bắt buộc, không được để trống",
        "ORG-009: kind: bắt buộc, không được để trống",
        'OFF-001: ref: "OFF-001" đã dùng cho một bản ghi khác trong tệp (offerings #1)',
        "needs #3: ref: thiếu trường bắt buộc",
    ]
