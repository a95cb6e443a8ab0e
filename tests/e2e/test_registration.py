"""A supplier registers through the real pages, as a person with a browser would."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e

PASSWORD = "mật khẩu thật dài 2026"


def sign_up(page, name="Trần Thị Lan", email="lan@xanhsadec.example.vn"):
    page.goto("/")
    page.get_by_role("link", name="Đăng ký", exact=True).click()
    expect(page).to_have_title(re.compile("Đăng ký tài khoản"))
    page.get_by_label("Họ và tên").fill(name)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()


def test_a_rejected_sign_up_keeps_what_was_typed(page):
    page.goto("/account/signup")
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Email").fill("lan@xanhsadec.example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill("ngắn")
    page.get_by_label("Nhập lại mật khẩu").fill("ngắn")
    page.get_by_role("button", name="Đăng ký").click()
    expect(page.get_by_text("Mật khẩu cần từ 10 đến 200 ký tự.")).to_be_visible()
    expect(page.get_by_label("Email")).to_have_value("lan@xanhsadec.example.vn")


def test_a_new_user_signs_up_signs_out_and_back_in(page):
    sign_up(page)
    expect(page.get_by_text("Tài khoản của bạn đã được tạo")).to_be_visible()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_label("Email").fill("lan@xanhsadec.example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()
