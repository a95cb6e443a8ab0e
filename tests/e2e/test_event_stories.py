"""An officer sets up a connection day; a supplier and a commune register, book a meeting and
find it on their agendas; the officer's grid shows it."""

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from directory.timeutil import today_in_vietnam

from .test_conversation_stories import signed_in_page

pytestmark = pytest.mark.e2e

TITLE = "Hội nghị kết nối cung cầu công nghiệp môi trường"


def register(page, event_url: str) -> None:
    page.goto(event_url)
    page.get_by_role("link", name="Đăng ký tham gia").click()
    page.get_by_label("Người tham dự").fill("Giám đốc và một kỹ sư")
    page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(page.get_by_text("Đã đăng ký tham gia sự kiện.")).to_be_visible()


def test_a_supplier_and_a_commune_book_a_meeting_at_a_connection_day(browser, live_app, make):
    with live_app.app_context():
        make.user(email="canbo@sct.dongthap.gov.vn", role="officer")
        seller = make.user(email="kinhdoanh@nuocxanh.vn")
        make.organization(owner=seller, name="Công ty TNHH Nước Xanh Mỹ Tho")
        clerk = make.user(email="vanphong@myphong.gov.vn")
        make.organization(owner=clerk, name="UBND Phường Mỹ Phong", kind="commune_committee")
    day = today_in_vietnam() + timedelta(days=14)

    officer = signed_in_page(browser, live_app, "canbo@sct.dongthap.gov.vn")
    officer.goto("/events/new")
    officer.get_by_label("Tên sự kiện").fill(TITLE)
    officer.get_by_label("Ngày bắt đầu").fill(day.isoformat())
    officer.get_by_label("Ngày kết thúc").fill(day.isoformat())
    officer.get_by_label("Hạn đăng ký").fill((day - timedelta(days=2)).isoformat())
    officer.get_by_label("Công bố").check()
    officer.get_by_role("button", name="Lưu").click()
    expect(officer.get_by_text(f"Đã lưu sự kiện {TITLE}.")).to_be_visible()
    officer.get_by_label("Ngày gặp").fill(day.isoformat())
    officer.get_by_label("Bắt đầu", exact=True).fill("08:00")
    officer.get_by_label("Kết thúc", exact=True).fill("09:00")
    officer.get_by_role("button", name="Thêm khung giờ").click()
    expect(officer.get_by_text("Đã thêm 3 khung giờ gặp.")).to_be_visible()
    event_url = officer.url

    supplier = signed_in_page(browser, live_app, "kinhdoanh@nuocxanh.vn")
    register(supplier, event_url)
    commune = signed_in_page(browser, live_app, "vanphong@myphong.gov.vn")
    register(commune, event_url)
    commune.get_by_role("link", name="Người tham gia và gợi ý").click()
    commune.get_by_label("Lời nhắn").fill("Phường cần xử lý nước thải chợ.")
    commune.get_by_role("button", name="Đề nghị gặp").click()
    expect(commune.get_by_text("Đã gửi yêu cầu gặp.")).to_be_visible()

    supplier.goto(event_url + "/agenda")
    supplier.get_by_role("button", name="Nhận lịch gặp").click()
    expect(supplier.get_by_text("Đã nhận lịch gặp.")).to_be_visible()
    slot = f"{day:%d/%m/%Y} 08:00–08:20"
    expect(supplier.get_by_role("row", name="UBND Phường Mỹ Phong")).to_contain_text(slot)
    commune.goto(event_url + "/agenda")
    expect(commune.get_by_role("row", name="Công ty TNHH Nước Xanh Mỹ Tho")).to_contain_text(slot)

    officer.goto(event_url + "/grid")
    expect(
        officer.get_by_role("row", name=f"{day:%d/%m} 08:00").get_by_role("cell").first
    ).to_contain_text("UBND Phường Mỹ Phong – Công ty TNHH Nước Xanh Mỹ Tho")
