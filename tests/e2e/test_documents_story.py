"""A supplier adds a Green Label certificate, an officer verifies it, a buyer filters by it."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from directory.timeutil import today_in_vietnam

from ..documents_files import pdf
from .test_officer_stories import officer, sign_in, visitor_page  # noqa: F401 - fixture

pytestmark = pytest.mark.e2e

TITLE = "Hệ thống lọc nước thải màng sinh học MBR Sa Đéc"


def test_a_green_label_goes_from_the_supplier_to_the_buyers_search(
    page,
    browser,
    live_app,
    make,
    officer,  # noqa: F811
):
    with live_app.app_context():
        owner = make.user(email="chu@mangloc.example.vn")
        org = make.organization(owner=owner, name="Công ty TNHH Màng Lọc Sa Đéc")
        offering_id = make.offering(org, title=TITLE).id

    sign_in(page, "chu@mangloc.example.vn")
    page.goto(f"/offerings/{offering_id}")
    page.get_by_role("link", name="Tải lên tài liệu").click()
    page.get_by_label("Tệp").set_input_files(
        files=[{"name": "nhan-xanh.pdf", "mimeType": "application/pdf", "buffer": pdf()}]
    )
    page.get_by_label("Loại tài liệu").select_option(label="Giấy chứng nhận nhãn sinh thái")
    page.get_by_label("Tên tài liệu").fill("Giấy chứng nhận Nhãn xanh Việt Nam")
    page.get_by_role("button", name="Tải lên").click()
    expect(page.get_by_text("Đã tải lên “Giấy chứng nhận Nhãn xanh Việt Nam”.")).to_be_visible()
    page.get_by_role("link", name="Khai báo nhãn sinh thái").click()
    page.get_by_label("Số giấy chứng nhận").fill("NX-2026-015")
    until = today_in_vietnam() + timedelta(days=700)
    page.get_by_label("Hiệu lực đến").fill(until.isoformat())
    page.get_by_role("button", name="Gửi xác minh").click()
    expect(page.get_by_text("Đã gửi nhãn để cán bộ Sở xác minh.")).to_be_visible()

    desk = visitor_page(browser, live_app)
    sign_in(desk, "canbo@sct.dongthap.gov.vn")
    desk.goto("/officer/labels")
    desk.get_by_role("link", name=re.compile("NX-2026-015")).click()
    desk.get_by_label("Ghi chú hoặc lý do").fill("Đã đối chiếu bản gốc giấy chứng nhận.")
    desk.get_by_role("button", name="Xác minh").click()
    expect(desk.get_by_text("Đã xác minh nhãn và báo cho doanh nghiệp.")).to_be_visible()

    buyer = visitor_page(browser, live_app)
    buyer.goto("/search?q=lọc nước thải")
    buyer.get_by_role("link", name=re.compile("Có nhãn sinh thái")).first.click()
    expect(buyer).to_have_url(re.compile("eco_label=1"))
    expect(buyer.get_by_role("link", name=TITLE)).to_be_visible()
