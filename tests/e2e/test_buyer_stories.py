"""A buyer posts a first need from the home page, through sign-up and registration."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import first_link

pytestmark = pytest.mark.e2e

PASSWORD = "mật khẩu thật dài 2026"
NEED_TITLE = "Cần xử lý nước thải cụm công nghiệp 150 m³/ngày"


def test_a_visitor_posts_a_first_need_from_the_home_page(page, make, outbox):
    supplier = make.organization(name="Công ty Môi trường Xanh")
    make.offering(
        supplier,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thi công trạm XLNT công suất 100–3.000 m³/ngày.",
    )
    page.goto("/")
    page.locator(".intro").get_by_role("link", name="Đăng nhu cầu").click()

    expect(page).to_have_title(re.compile("Đăng ký tài khoản"))
    page.get_by_label("Họ và tên").fill("Nguyễn Văn Phong")
    page.get_by_label("Email").fill("phong@ccn-tanhuong.example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Chúng tôi đã gửi")).to_be_visible()
    page.goto(first_link(outbox()[-1][2]))  # the confirmation link keeps the way to the form

    # No organization yet: the need page leads to registering one, then back.
    page.get_by_role("link", name="Đăng ký tổ chức").click()
    page.get_by_label("Loại tổ chức").select_option(label="Cụm công nghiệp")
    page.get_by_label("Tên tổ chức").fill("Ban quản lý CCN Tân Hương")
    page.get_by_label("Xã, phường").select_option(label="Xã Tân Hương")
    page.get_by_role("button", name="Đăng ký tổ chức").click()

    expect(page).to_have_title(re.compile("Đăng nhu cầu"))
    expect(page.get_by_label("Xã, phường").locator("option:checked")).to_have_text("Xã Tân Hương")
    expect(page.get_by_label("Người liên hệ")).to_have_value("Nguyễn Văn Phong")
    expect(page.get_by_label("Email liên hệ")).to_have_value("phong@ccn-tanhuong.example.vn")
    page.get_by_label("Tiêu đề").fill(NEED_TITLE)
    page.get_by_label("Mô tả").fill("Cần trạm xử lý nước thải tập trung cho cụm công nghiệp.")
    page.get_by_label("Xử lý nước thải", exact=True).check()
    page.get_by_label("Hình thức").select_option(label="Chào giá")
    page.get_by_role("button", name="Đăng nhu cầu").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    # Its matches were stored when it was published, and its owner sees them at once.
    expect(
        page.get_by_role("link", name="Trạm xử lý nước thải tập trung cho cụm công nghiệp")
    ).to_be_visible()
    page.get_by_role("link", name="Trang của tôi").click()
    expect(page.get_by_role("link", name=NEED_TITLE)).to_be_visible()
