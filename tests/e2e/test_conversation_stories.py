"""A supplier proposes on a need; the buyer answers in its inbox and the deal moves on."""

import re

import pytest
from playwright.sync_api import expect

from directory.reports.services import current_year

from ..conftest import PASSWORD

pytestmark = pytest.mark.e2e

NEED_TITLE = "Cần nâng cấp trạm xử lý nước thải tập trung 1.500 m³/ngày"


def signed_in_page(browser, live_app, email):
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto("/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()
    return page


def test_a_proposal_becomes_a_contract_that_the_department_counts(
    page, browser, live_app, make, outbox
):
    with live_app.app_context():
        buyer = make.user(email="moitruong@kcnsadec.vn", name="Trần Thị Lan")
        supplier = make.user(email="kinhdoanh@nuocxanh.vn", name="Phạm Minh Tâm")
        park = make.organization(owner=buyer, name="Ban quản lý KCN Sa Đéc", kind="industrial_park")
        company = make.organization(owner=supplier, name="Công ty TNHH Nước Xanh Mỹ Tho")
        need = make.need(park, title=NEED_TITLE, sectors=("wastewater",))
        make.offering(company, title="Hệ thống xử lý nước thải MBR 500 m³/ngày")
        make.user(email="canbo@sct.dongthap.gov.vn", role="officer")
        need_id = need.id

    # The supplier proposes from the need's page, naming its offering.
    seller = signed_in_page(browser, live_app, "kinhdoanh@nuocxanh.vn")
    seller.goto(f"/needs/{need_id}")
    expect(seller.get_by_role("heading", name="Gửi đề xuất")).to_be_visible()
    seller.get_by_label("Giải pháp của bạn (không bắt buộc)").select_option(
        label="Hệ thống xử lý nước thải MBR 500 m³/ngày"
    )
    seller.get_by_label("Nội dung").fill("Chúng tôi đề xuất công nghệ MBR, lắp đặt trong 90 ngày.")
    seller.get_by_role("button", name="Gửi", exact=True).click()
    expect(
        seller.get_by_text("Đã gửi. Bạn có thể theo dõi trao đổi trong Hộp thư.")
    ).to_be_visible()

    # The buyer sees one unread conversation in the header, reads it and answers.
    page.goto("/account/login")
    page.get_by_label("Email").fill("moitruong@kcnsadec.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    inbox_link = page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=re.compile("^Hộp thư")
    )
    expect(inbox_link).to_contain_text("1")
    inbox_link.click()
    expect(page.get_by_text("Chưa đọc")).to_be_visible()
    page.get_by_role("link", name=NEED_TITLE).click()
    expect(page.get_by_text("Chúng tôi đề xuất công nghệ MBR")).to_be_visible()
    page.get_by_label("Nội dung").fill("Mời quý công ty gửi báo giá chi tiết.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    expect(page.get_by_text("Đã gửi trả lời.")).to_be_visible()
    for stage in ("Đã báo giá", "Đã ký hợp đồng"):
        page.get_by_role("combobox", name="Giai đoạn").select_option(label=stage)
        page.get_by_role("button", name="Cập nhật giai đoạn").click()
        expect(page.get_by_text("Đã cập nhật giai đoạn.")).to_be_visible()
        expect(page.get_by_text(f"giai đoạn chuyển sang “{stage}”")).to_be_visible()

    # Both sides were mailed, with the text quoted.
    mails = outbox()
    assert any(
        to == "moitruong@kcnsadec.vn" and "> Chúng tôi đề xuất công nghệ MBR" in body
        for to, _subject, body in mails
    )
    assert any(
        to == "kinhdoanh@nuocxanh.vn" and "> Mời quý công ty gửi báo giá" in body
        for to, _subject, body in mails
    )

    # The supplier reports the buyer's message; an officer finds it in the moderation queue.
    seller.goto("/inbox")
    seller.get_by_role("link", name=NEED_TITLE).click()
    seller.locator("summary", has_text="Báo cáo vi phạm").click()
    seller.get_by_label("Lý do").fill("Yêu cầu chuyển tiền vào tài khoản cá nhân.")
    seller.get_by_role("button", name="Báo cáo vi phạm").click()
    expect(seller.get_by_text("Đã gửi báo cáo.")).to_be_visible()

    officer = signed_in_page(browser, live_app, "canbo@sct.dongthap.gov.vn")
    officer.goto("/officer/moderation")
    expect(officer.get_by_text("Yêu cầu chuyển tiền vào tài khoản cá nhân.")).to_be_visible()

    # The report and the public API count the need as contacted and contracted.
    officer.goto(f"/officer/reports/{current_year()}")
    funnel = officer.locator("table", has=officer.get_by_text("Phễu giao dịch", exact=False))
    expect(officer.get_by_role("heading", name=re.compile("^Phễu giao dịch: "))).to_be_visible()
    assert funnel.count() >= 1
    stats = officer.request.get(f"/api/v1/stats?year={current_year()}").json()
    assert stats["needs_contacted"] == 1 and stats["needs_contracted"] == 1
