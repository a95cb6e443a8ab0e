"""A supplier registers its organization and first offering through the real pages."""

import io
import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from ..conftest import PASSWORD, first_link

pytestmark = pytest.mark.e2e

ORG_NAME = "Công ty TNHH Môi trường Xanh Sa Đéc"
OFFERING_TITLE = "Hệ thống xử lý nước thải chế biến cá tra công nghệ MBBR"


def logo_png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (240, 120), (27, 122, 74)).save(out, "PNG")
    return out.getvalue()


def test_a_supplier_registers_adds_an_offering_and_the_public_finds_it(
    page, browser, live_app, outbox
):
    page.goto("/account/signup")
    page.get_by_label("Họ và tên").fill("Trần Thị Lan")
    page.get_by_label("Email").fill("lan@xanhsadec.example.vn")
    page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
    page.get_by_label("Nhập lại mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng ký").click()
    page.goto(first_link(outbox()[-1][2]))  # the confirmation link in the mail

    # Sign-up leads straight to registering the organization.
    expect(page).to_have_title(re.compile("^Đăng ký tổ chức"))
    page.get_by_label("Loại tổ chức").select_option(label="Công ty")
    page.get_by_label("Tên tổ chức").fill(ORG_NAME)
    page.get_by_label("Mã số doanh nghiệp").fill("1201234567")  # wrong check digit
    page.get_by_label("Xã, phường", exact=True).select_option(label="Phường Sa Đéc")
    page.get_by_label("Điện thoại").fill("0277 3861 234")
    page.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}]
    )
    page.get_by_role("button", name="Đăng ký tổ chức").click()
    expect(page.get_by_text("chữ số kiểm tra không khớp")).to_be_visible()
    expect(page.get_by_label("Tên tổ chức")).to_have_value(ORG_NAME)

    page.get_by_label("Mã số doanh nghiệp").fill("1201234560")
    page.get_by_label("Logo").set_input_files(
        files=[{"name": "logo.png", "mimeType": "image/png", "buffer": logo_png()}]
    )
    page.get_by_role("button", name="Đăng ký tổ chức").click()
    expect(page).to_have_title(re.compile("^" + ORG_NAME))
    expect(page.get_by_text("Chưa xác minh").first).to_be_visible()
    expect(page.get_by_role("img", name=f"Logo của {ORG_NAME}")).to_be_visible()

    page.get_by_role("link", name="Thêm giải pháp, dịch vụ").click()
    page.get_by_label("Loại", exact=True).select_option(label="Công nghệ")
    page.get_by_label("Tên giải pháp, sản phẩm hoặc dịch vụ").fill(OFFERING_TITLE)
    page.get_by_label("Mô tả").fill("Xử lý nước thải giàu đạm từ nhà máy fillet cá tra.")
    page.get_by_label("Xử lý nước thải", exact=True).check()
    page.get_by_label("Quy chuẩn, tiêu chuẩn đáp ứng").fill("QCVN 11-MT:2015/BTNMT")
    page.get_by_role("button", name="Đăng giải pháp").click()
    expect(page).to_have_title(re.compile("^" + OFFERING_TITLE))
    expect(page.get_by_text("QCVN 11-MT:2015/BTNMT")).to_be_visible()

    # A visitor finds it by sector in the public directory.
    visitor = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN").new_page()
    visitor.goto("/")
    visitor.get_by_role("link", name=re.compile("^Xử lý nước thải")).first.click()
    expect(visitor).to_have_title(re.compile("^Giải pháp, sản phẩm và dịch vụ"))
    visitor.get_by_role("link", name=OFFERING_TITLE).click()
    visitor.get_by_role("link", name=ORG_NAME).first.click()
    expect(visitor.get_by_role("heading", name=ORG_NAME)).to_be_visible()
    expect(visitor.get_by_role("link", name="Sửa thông tin")).to_have_count(0)
    visitor.context.close()
