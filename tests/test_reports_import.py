"""An officer uploads an import file, reads every problem or the counts, then confirms."""

import io
import json
import os
import re
import zipfile

import pytest
from openpyxl import Workbook

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.worker import Worker

ORGANIZATION = {
    "ref": "ORG-1",
    "name": "Công ty TNHH Xanh Mỹ Tho",
    "kind": "company",
    "commune": "Phường Mỹ Tho",
    "verified": True,
}
OFFERING = {
    "ref": "OFF-1",
    "organization": "ORG-1",
    "type": "technology",
    "title": "Hệ thống xử lý nước thải MBR",
    "sectors": ["wastewater"],
}
NEED = {
    "ref": "NEED-1",
    "organization": "ORG-1",
    "title": "Cần xe ép rác 5 tấn",
    "sectors": ["waste-collection"],
    "budget_vnd": 1500000000,
}


def json_file(
    organizations=(ORGANIZATION,), offerings=(OFFERING,), needs=(NEED,), name="dulieu.json"
):
    data = {
        "format": "ecodirectory/v1",
        "organizations": list(organizations),
        "offerings": list(offerings),
        "needs": list(needs),
    }
    return io.BytesIO(json.dumps(data, ensure_ascii=False).encode("utf-8")), name


def upload(client, file):
    return client.post("/officer/import", data={"file": file}, content_type="multipart/form-data")


def confirm_path(html: str) -> str:
    match = re.search(r'action="(/officer/import/[0-9a-f]{32}/confirm)"', html)
    assert match, "no confirm button on the page"
    return match.group(1)


def confirm(client, app, html: str):
    """The officer confirms; the worker runs the import; the progress page shows its end."""
    queued = client.post(confirm_path(html))
    assert queued.status_code == 302
    progress = queued.headers["Location"]
    assert re.fullmatch(r"/officer/import/jobs/\d+", progress)
    page = client.get(progress).get_data(as_text=True)
    assert "Đang chờ đến lượt xử lý" in page and 'http-equiv="refresh"' in page
    with app.app_context():
        assert Worker().round()
    return client.get(progress)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


@pytest.fixture
def officer(make, auth):
    user = make.user(role="officer", email="canbo@sct.dongthap.gov.vn")
    auth.login(user)
    return user


def stored_uploads(app) -> list[str]:
    folder = os.path.join(app.config["UPLOAD_DIR"], "imports")
    return os.listdir(folder) if os.path.isdir(folder) else []


def test_a_good_file_is_checked_then_imported_on_confirmation(app, client, officer):
    page = client.get("/officer/import")
    assert page.status_code == 200
    assert 'enctype="multipart/form-data"' in page.get_data(as_text=True)

    checked = upload(client, json_file())
    html = checked.get_data(as_text=True)
    assert checked.status_code == 200
    assert "Tệp hợp lệ" in html and "dulieu.json" in html
    assert count(Organization) == 0  # nothing written before the officer confirms

    done = confirm(client, app, html)
    assert done.status_code == 200
    assert "Đã nhập dữ liệu từ dulieu.json" in done.get_data(as_text=True)
    assert 'http-equiv="refresh"' not in done.get_data(as_text=True)  # finished: no reload
    org = db.session.scalar(db.select(Organization).filter_by(ref="ORG-1"))
    assert org.is_verified and org.commune.name == "Phường Mỹ Tho"
    assert count(Offering) == 1 and count(Need) == 1
    entry = db.session.scalar(db.select(AuditEntry).filter_by(action="data.import"))
    assert entry.actor_id == officer.id
    assert "dulieu.json" in entry.summary
    assert entry.after["organizations"] == {"created": 1, "updated": 0, "unchanged": 0}
    assert stored_uploads(app) == []  # the stored file is gone …
    assert client.post(confirm_path(html)).status_code == 404  # … so it cannot run twice


def test_an_imported_need_has_its_stored_matches_when_the_worker_is_done(app, client, officer):
    """An import is bulk work (more records than a drain refreshes one by one): the worker
    computes the stored matches after it, so the need page has them at once."""
    from directory.matching.models import StoredMatch

    offerings = [
        dict(OFFERING, ref=f"OFF-{n}", title=f"Trạm xử lý nước thải MBR {n}") for n in range(8)
    ]
    need = dict(NEED, ref="NEED-2", title="Cần trạm xử lý nước thải MBR")
    need["sectors"] = ["wastewater"]
    html = upload(client, json_file(offerings=offerings, needs=(need,))).get_data(as_text=True)
    confirm(client, app, html)
    stored = db.session.scalars(db.select(StoredMatch)).all()
    assert {m.need.ref for m in stored} == {"NEED-2"}
    assert len(stored) == 8


def test_the_check_counts_created_updated_and_unchanged(app, client, officer):
    confirm(client, app, upload(client, json_file()).get_data(as_text=True))
    changed = dict(NEED, title="Cần xe ép rác 7 tấn")
    html = upload(client, json_file(needs=[changed])).get_data(as_text=True)
    cells = re.findall(r'<td class="num">(\d+)</td>', html)
    # organizations, offerings, needs: created, updated, unchanged
    assert cells == ["0", "0", "1", "0", "0", "1", "0", "1", "0"]


def test_a_bad_file_lists_every_problem_and_imports_nothing(app, client, officer):
    bad_offering = dict(OFFERING, ref="OFF-2", type="robot")
    bad_need = dict(NEED, ref="NEED-2", budget_vnd=-5)
    response = upload(client, json_file(offerings=[OFFERING, bad_offering], needs=[bad_need]))
    html = response.get_data(as_text=True)
    assert "Không nhập gì: tệp có 2 lỗi" in html
    assert "OFF-2: type:" in html
    assert "NEED-2: budget_vnd:" in html
    assert "/confirm" not in html
    assert count(Organization) == 0 and count(Offering) == 0
    assert stored_uploads(app) == []  # a refused file is not kept


def test_an_unreadable_file_is_named_as_the_officer_sent_it(app, client, officer):
    html = upload(client, (io.BytesIO(b"{not json"), "Danh sách 2026.json")).get_data(as_text=True)
    assert "Danh sách 2026.json: không phải JSON hợp lệ" in html
    assert count(Organization) == 0


def workbook_file(offering_type="technology") -> tuple[io.BytesIO, str]:
    book = Workbook()
    book.active.title = "organizations"
    book.active.append(["ref", "name", "kind", "commune"])
    book.active.append(["ORG-1", "HTX Môi trường Tân Hương", "cooperative", "Xã Tân Hương"])
    offerings = book.create_sheet("offerings")
    offerings.append(["ref", "organization", "type", "title", "sectors"])
    offerings.append(["OFF-1", "ORG-1", offering_type, "Xe ép rác", "waste-collection"])
    needs = book.create_sheet("needs")
    needs.append(["ref", "organization", "title", "budget_vnd"])
    needs.append(["NEED-1", "ORG-1", "Cần lò đốt rác", 900000000])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.seek(0)
    return buffer, "dulieu.xlsx"


def test_an_officer_imports_a_workbook(app, client, officer):
    html = upload(client, workbook_file()).get_data(as_text=True)
    assert "Tệp hợp lệ" in html
    confirm(client, app, html)
    assert db.session.scalar(db.select(Offering.title)) == "Xe ép rác"
    assert db.session.scalar(db.select(Need.budget_vnd)) == 900000000


def test_workbook_problems_name_the_sheet_and_row(app, client, officer):
    html = upload(client, workbook_file(offering_type="máy")).get_data(as_text=True)
    assert "offerings row 2: type:" in html
    assert count(Organization) == 0


def csv_zip(files: dict[str, str], name="dulieu.zip") -> tuple[io.BytesIO, str]:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for path, text in files.items():
            archive.writestr(path, text.encode("utf-8-sig"))
    buffer.seek(0)
    return buffer, name


CSV_FILES = {
    "dulieu/organizations.csv": (
        "ref,name,kind,commune\nORG-9,Cơ sở Ve chai Mỹ Phong,household,Phường Mỹ Phong\n"
    ),
    "dulieu/offerings.csv": (
        "ref,organization,type,title,sectors\nOFF-9,ORG-9,service,Thu mua phế liệu,recycling\n"
    ),
    "dulieu/needs.csv": "ref,organization,title\n",
    "__MACOSX/dulieu/._needs.csv": "rác của máy Mac",
}


def test_an_officer_imports_a_zip_of_csv_files(app, client, officer):
    html = upload(client, csv_zip(CSV_FILES)).get_data(as_text=True)
    assert "Tệp hợp lệ" in html
    confirm(client, app, html)
    offering = db.session.scalar(db.select(Offering).filter_by(ref="OFF-9"))
    assert offering.organization.name == "Cơ sở Ve chai Mỹ Phong"
    assert [s.code for s in offering.sectors] == ["recycling"]


def test_a_zip_missing_a_csv_file_says_which(app, client, officer):
    files = {k: v for k, v in CSV_FILES.items() if "needs" not in k}
    html = upload(client, csv_zip(files)).get_data(as_text=True)
    assert "needs.csv" in html and "Không nhập gì" in html
    assert count(Organization) == 0


@pytest.mark.parametrize(
    ("file", "message"),
    [
        ((b"ref,name\n", "organizations.csv"), "Chỉ nhận tệp .json, .xlsx hoặc .zip"),
        ((b"PK not really", "dulieu.zip"), "Không mở được tệp .zip"),
        ((b"", "rong.json"), "Tệp rỗng."),
        (
            (
                csv_zip({**CSV_FILES, "ban-sao/Organizations.CSV": "ref,name\n"})[0].getvalue(),
                "hai-ban.zip",
            ),
            "Tệp .zip có hai tệp organizations.csv.",
        ),
    ],
)
def test_files_that_cannot_be_used_are_refused_next_to_the_field(
    app, client, officer, file, message
):
    content, name = file
    response = upload(client, (io.BytesIO(content), name))
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert f'<ul class="errors" id="file-error"><li>{message}' in html
    assert stored_uploads(app) == []


def test_a_file_without_records_has_nothing_to_confirm(app, client, officer):
    html = upload(client, json_file(organizations=[], offerings=[], needs=[])).get_data(
        as_text=True
    )
    assert "Tệp không có bản ghi nào để nhập." in html
    assert "/confirm" not in html
    assert stored_uploads(app) == []


def test_a_zip_that_unpacks_too_big_is_refused(app, client, officer, monkeypatch):
    from directory.reports import uploads

    monkeypatch.setattr(uploads, "MAX_UNZIPPED_BYTES", 100)
    response = upload(client, csv_zip(CSV_FILES))
    assert response.status_code == 400
    assert "Các tệp CSV trong tệp .zip quá lớn." in response.get_data(as_text=True)
    assert stored_uploads(app) == []


def test_a_file_name_with_folders_is_shown_by_its_own_name(app, client, officer):
    content, _name = json_file()
    html = upload(client, (content, "../../Dữ liệu ‮ 2026.json")).get_data(as_text=True)
    assert "Tệp hợp lệ" in html
    assert "../" not in html.split("<main", 1)[1]
    assert len(stored_uploads(app)) == 1


def test_sending_no_file_asks_for_one(app, client, officer):
    response = client.post("/officer/import", data={}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Vui lòng chọn một tệp để tải lên." in response.get_data(as_text=True)


@pytest.mark.app_config(MAX_CONTENT_LENGTH=1024)
def test_a_file_over_the_size_limit_is_refused(app, client, officer):
    big = (io.BytesIO(b" " * 4096), "lon.json")
    assert upload(client, big).status_code == 413


def test_only_the_officer_who_uploaded_can_confirm(app, client, make, auth, officer):
    path = confirm_path(upload(client, json_file()).get_data(as_text=True))
    auth.logout()
    auth.login(make.user(role="officer"))
    assert client.post(path).status_code == 404
    assert client.post("/officer/import/../../etc/confirm").status_code == 404
    assert client.post("/officer/import/" + "0" * 32 + "/confirm").status_code == 404
    assert count(Organization) == 0


def test_anonymous_visitors_and_members_cannot_import(app, client, make, auth):
    paths = [
        ("get", "/officer/import"),
        ("post", "/officer/import"),
        ("post", "/officer/import/" + "a" * 32 + "/confirm"),
    ]
    for method, path in paths:
        response = getattr(client, method)(path)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    auth.login(make.user())
    for method, path in paths:
        assert getattr(client, method)(path).status_code == 403, path
    response = upload(client, json_file())
    assert response.status_code == 403
    assert count(Organization) == 0


def test_confirming_queues_the_import_and_only_its_officer_follows_it(
    app, client, make, auth, officer
):
    """The request only queues the work (issue 16 item 11); the worker imports."""
    html = upload(client, json_file()).get_data(as_text=True)
    queued = client.post(confirm_path(html))
    progress = queued.headers["Location"]
    assert count(Organization) == 0  # nothing imported inside the request
    assert client.post(confirm_path(html)).headers["Location"] == progress  # a double click
    running = client.get(progress)
    assert running.status_code == 200 and "Đang chờ đến lượt xử lý" in running.get_data(
        as_text=True
    )
    auth.logout()
    assert "/account/login" in client.get(progress).headers["Location"]
    auth.login(make.user())
    assert client.get(progress).status_code == 403
    auth.logout()
    auth.login(make.user(role="officer"))
    assert client.get(progress).status_code == 404  # another officer's import
    assert client.get("/officer/import/jobs/999").status_code == 404
    with app.app_context():
        Worker().round()
    assert count(Organization) == 1


def test_an_upload_gone_before_the_worker_runs_says_so(app, client, officer):
    html = upload(client, json_file()).get_data(as_text=True)
    progress = client.post(confirm_path(html)).headers["Location"]
    for name in stored_uploads(app):
        import shutil

        shutil.rmtree(os.path.join(app.config["UPLOAD_DIR"], "imports", name))
    with app.app_context():
        Worker().round()
    page = client.get(progress).get_data(as_text=True)
    assert "Không nhập được dulieu.json" in page and "Tệp tải lên không còn" in page
    assert 'http-equiv="refresh"' not in page
    assert count(Organization) == 0
