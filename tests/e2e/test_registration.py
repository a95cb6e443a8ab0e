"""A supplier registers through the real pages, as a person with a browser would."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import first_link

pytestmark = pytest.mark.e2e

PASSWORD = "mật khẩu thật dài 2026"


def sign_up(page, outbox, name="Trần Thị Lan", email="lan@xanhsadec.example.vn"):
    page.goto("/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page).to_have_title(re.compile("Đăng ký tài khoản"))
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Chúng tôi đã gửi thư đến")).to_be_visible()
    page.goto(first_link(outbox()[-1][2]))  # the confirmation link in the mail


def test_a_rejected_sign_up_keeps_what_was_typed(page):
    page.goto("/account/signup")
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Email").fill("lan@xanhsadec.example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("ngắn")
    page.get_by_label("Nhập lại mật khẩu").fill("ngắn")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Mật khẩu cần từ 10 đến 200 ký tự.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("lan@xanhsadec.example.vn")


def test_a_new_user_signs_up_signs_out_and_back_in(page, outbox):
    sign_up(page, outbox)
    expect(page.get_by_text("Tài khoản của bạn đã được tạo")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_label("Email").fill("lan@xanhsadec.example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()


def test_a_supplier_registers_its_company_and_an_offering_that_the_public_then_finds(
    page, browser, live_app, outbox
):
    sign_up(page, outbox)
    # Signing up leads straight to registering the organization.
    expect(page).to_have_title(re.compile("Đăng ký tổ chức"))
    page.get_by_label("Loại tổ chức").select_option(label="Công ty")
    page.get_by_label("Tên tổ chức").fill("Công ty TNHH Môi trường Phù Sa Xanh")
    page.get_by_label("Mã số doanh nghiệp").fill("1234567890")  # a wrong check digit
    page.get_by_label("Xã, phường").select_option(label="Phường Sa Đéc")
    page.get_by_label("Giới thiệu").fill("Thiết kế, thi công trạm xử lý nước thải thủy sản.")
    page.get_by_role("button", name="Đăng ký tổ chức").click()
    expect(page.get_by_text("chữ số kiểm tra không khớp")).to_be_visible()
    expect(page.get_by_label("Tên tổ chức")).to_have_value("Công ty TNHH Môi trường Phù Sa Xanh")
    page.get_by_label("Mã số doanh nghiệp").fill("1252147718")
    page.get_by_role("button", name="Đăng ký tổ chức").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Công ty TNHH Môi trường Phù Sa Xanh")
    expect(page.get_by_text("Chưa xác minh").first).to_be_visible()
    page.get_by_role("link", name="Thêm giải pháp, dịch vụ").click()
    page.get_by_label("Loại", exact=True).select_option(label="Công nghệ")
    page.get_by_label("Tên giải pháp, sản phẩm hoặc dịch vụ").fill(
        "Hệ thống xử lý nước thải chế biến cá tra công nghệ AAO"
    )
    page.get_by_label("Mô tả").fill(
        "Tuyển nổi DAF tách mỡ cá, sinh học AAO, đạt QCVN 40:2025/BTNMT."
    )
    page.get_by_label("Xử lý nước thải").check()
    page.get_by_role("button", name="Đăng giải pháp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Hệ thống xử lý nước thải chế biến cá tra công nghệ AAO"
    )

    # A visitor who is not signed in finds it in the directory and by searching without accents.
    visitor = browser.new_page(base_url=live_app.config["LIVE_URL"])
    visitor.goto("/offerings")
    expect(visitor.get_by_role("link", name=re.compile("chế biến cá tra"))).to_be_visible()
    visitor.get_by_label("Tìm kiếm").fill("xu ly nuoc thai ca tra")
    visitor.get_by_role("button", name="Tìm", exact=True).click()
    expect(visitor.get_by_role("link", name=re.compile("chế biến cá tra")).first).to_be_visible()
    visitor.get_by_role("link", name=re.compile("chế biến cá tra")).first.click()
    expect(visitor.get_by_text("Công ty TNHH Môi trường Phù Sa Xanh").first).to_be_visible()
    visitor.close()
