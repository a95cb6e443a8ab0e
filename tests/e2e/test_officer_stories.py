"""Officers of the Sở Công Thương at their desk: verifying organizations, importing files."""

import json
import re

import pytest
from playwright.sync_api import expect

from directory.extensions import db
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.worker import Worker

from ..conftest import PASSWORD, first_link

pytestmark = pytest.mark.e2e

OFFICER_EMAIL = "canbo@sct.dongthap.gov.vn"


@pytest.fixture
def officer(live_app, make):
    with live_app.app_context():
        return make.user(role="officer", email=OFFICER_EMAIL, name="Võ Minh Tâm").id


def sign_in(page, email):
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()


def open_desk(page):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Sở Công Thương"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Bàn làm việc Sở Công Thương")


def visitor_page(browser, live_app):
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN")
    return context.new_page()


def test_an_officer_verifies_a_new_organization_and_the_public_sees_the_badge(
    page, browser, live_app, make, officer, outbox
):
    with live_app.app_context():
        owner = make.user(email="giamdoc@phusaxanh.example.vn", name="Trần Thị Lan")
        make.organization(
            owner=owner,
            name="Công ty TNHH Môi trường Phù Sa Xanh",
            enterprise_code="1252147718",
            commune="Phường Sa Đéc",
        )
        make.organization(name="Hợp tác xã Tái chế Sa Đéc", verification="pending")

    sign_in(page, OFFICER_EMAIL)
    open_desk(page)
    waiting = page.get_by_role("listitem").filter(has_text="Tổ chức chờ xác minh")
    expect(waiting).to_contain_text("2")
    waiting.get_by_role("link", name="Tổ chức chờ xác minh").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Hàng chờ xác minh")
    queue = page.get_by_role("main").get_by_role("heading", level=2)
    # Organizations that asked for verification come first.
    expect(queue).to_have_text(["Hợp tác xã Tái chế Sa Đéc", "Công ty TNHH Môi trường Phù Sa Xanh"])
    page.get_by_role("link", name="Công ty TNHH Môi trường Phù Sa Xanh").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Xác minh: Công ty TNHH Môi trường Phù Sa Xanh"
    )
    expect(page.get_by_text("1252147718")).to_be_visible()
    # Verifying without saying what was seen is refused (spaces get past the browser's check).
    page.get_by_label("Ghi chú xác minh").fill("   ")
    page.get_by_role("button", name="Xác minh tổ chức").click()
    expect(page.get_by_text("Vui lòng ghi rõ căn cứ xác minh")).to_be_visible()
    note = "Đã xem giấy chứng nhận đăng ký doanh nghiệp bản gốc; đã đến xưởng ngày 20/11."
    page.get_by_label("Ghi chú xác minh").fill(note)
    page.get_by_role("button", name="Xác minh tổ chức").click()

    expect(
        page.get_by_text("Đã xác minh Công ty TNHH Môi trường Phù Sa Xanh và báo cho chủ tổ chức.")
    ).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hàng chờ xác minh")
    expect(queue).to_have_text(["Hợp tác xã Tái chế Sa Đéc"])

    # The owner is told by mail, with the officer's note and a link to the public page.
    mails = [m for m in outbox() if m[0] == "giamdoc@phusaxanh.example.vn"]
    assert len(mails) == 1
    _to, subject, body = mails[0]
    assert subject == "Công ty TNHH Môi trường Phù Sa Xanh đã được xác minh"
    assert note in body

    visitor = visitor_page(browser, live_app)
    visitor.goto(first_link(body))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(
        "Công ty TNHH Môi trường Phù Sa Xanh"
    )
    expect(visitor.get_by_role("banner").get_by_text("Đăng nhập")).to_be_visible()  # anonymous
    expect(visitor.get_by_text("Đã xác minh", exact=True)).to_be_visible()
    expect(visitor.get_by_text("Chưa xác minh")).to_have_count(0)
    visitor.goto("/organizations")
    card = visitor.get_by_role("listitem").filter(
        has=visitor.get_by_role("link", name="Công ty TNHH Môi trường Phù Sa Xanh")
    )
    expect(card).to_contain_text("Đã xác minh")
    visitor.context.close()


def import_file(records: dict, name="dulieu.json") -> dict:
    data = {"format": "ecodirectory/v1", "organizations": [], "offerings": [], "needs": []}
    data.update(records)
    payload = json.dumps(data, ensure_ascii=False).encode("utf-8")
    return {"name": name, "mimeType": "application/json", "buffer": payload}


ORGANIZATION = {
    "ref": "ORG-1",
    "name": "Công ty TNHH Xanh Mỹ Tho",
    "kind": "company",
    "commune": "Phường Mỹ Tho",
}
OFFERING = {
    "ref": "OFF-1",
    "organization": "ORG-1",
    "type": "technology",
    "title": "Hệ thống xử lý nước thải MBR",
    "sectors": ["wastewater"],
}


def test_an_officer_uploads_a_bad_file_reads_the_problems_and_nothing_is_imported(
    page, live_app, officer
):
    sign_in(page, OFFICER_EMAIL)
    open_desk(page)
    page.get_by_role("link", name=re.compile("^Nhập dữ liệu")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhập dữ liệu từ tệp")

    bad_offering = dict(OFFERING, ref="OFF-2", type="robot")
    bad_need = {
        "ref": "NEED-2",
        "organization": "ORG-1",
        "title": "Cần xe ép rác",
        "budget_vnd": -5,
    }
    page.get_by_label("Tệp dữ liệu").set_input_files(
        import_file(
            {
                "organizations": [ORGANIZATION],
                "offerings": [OFFERING, bad_offering],
                "needs": [bad_need],
            }
        )
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kiểm tra tệp dulieu.json")
    expect(page.get_by_role("alert")).to_have_text(
        "Không nhập gì: tệp có 2 lỗi. Hãy sửa tệp rồi tải lên lại."
    )
    problems = page.get_by_role("main").get_by_role("list").filter(has_text="OFF-2")
    expect(problems.get_by_role("listitem")).to_have_count(2)
    expect(problems).to_contain_text("OFF-2: type:")
    expect(problems).to_contain_text("NEED-2: budget_vnd:")
    expect(page.get_by_role("button", name="Xác nhận nhập dữ liệu")).to_have_count(0)
    # The page offers to upload a corrected file instead.
    expect(page.get_by_role("heading", name="Tải lên tệp khác")).to_be_visible()
    expect(page.get_by_label("Tệp dữ liệu")).to_be_visible()

    with live_app.app_context():
        assert db.session.scalar(db.select(db.func.count()).select_from(Organization)) == 0
        assert db.session.scalar(db.select(db.func.count()).select_from(Offering)) == 0
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Doanh nghiệp"
    ).click()
    expect(page.get_by_role("link", name="Công ty TNHH Xanh Mỹ Tho")).to_have_count(0)

    # The corrected file is checked, confirmed, and its records are public. (Not by the back
    # button: signed-in pages are no-store, so going back to a form's answer re-posts it.)
    page.goto("/officer/import")
    page.get_by_label("Tệp dữ liệu").set_input_files(
        import_file({"organizations": [ORGANIZATION], "offerings": [OFFERING]})
    )
    page.get_by_role("button", name="Kiểm tra tệp").click()
    expect(page.get_by_text("Tệp hợp lệ. Chưa có gì được ghi")).to_be_visible()
    page.get_by_role("button", name="Xác nhận nhập dữ liệu").click()
    # The import runs in the worker; the progress page reloads itself until it is done.
    expect(page.get_by_role("heading", level=1)).to_have_text("Đang nhập dữ liệu từ dulieu.json")
    with live_app.app_context():
        assert Worker().round()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đã nhập dữ liệu từ dulieu.json")
    page.goto("/organizations")
    page.get_by_role("link", name="Công ty TNHH Xanh Mỹ Tho").click()
    expect(page.get_by_role("link", name="Hệ thống xử lý nước thải MBR")).to_be_visible()
