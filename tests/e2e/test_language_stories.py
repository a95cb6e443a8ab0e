"""A visitor reads the site in English and comes back to Vietnamese from the header."""

import re

import pytest
from playwright.sync_api import expect

from ..conftest import PASSWORD

pytestmark = pytest.mark.e2e


@pytest.fixture
def listed(live_app, make):
    with live_app.app_context():
        cluster = make.organization(name="Ban quản lý CCN Tân Hương", kind="industrial_cluster")
        make.need(
            cluster,
            title="Cần xây trạm xử lý nước thải tập trung 800 m³/ngày",
            sectors=("wastewater",),
            budget_vnd=12_000_000_000,
        )
        make.offering(cluster, title="Trạm xử lý nước thải SBR")


def test_a_visitor_switches_to_english_and_back_on_the_page_being_read(page, listed):
    page.goto("/needs/?sector=wastewater")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Nhu cầu đang mở")

    page.get_by_role("banner").get_by_role("button", name="English").click()

    # Same page, same filter, English interface; the records keep their own Vietnamese titles.
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page).to_have_url(re.compile(r"/needs/\?sector=wastewater$"))
    expect(page).to_have_title(re.compile("^Open needs · Đồng Tháp Environmental Industry$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Open needs")
    nav = page.get_by_role("navigation", name="Main navigation")
    for label in ("Businesses", "Offerings", "Needs", "Sign in", "Sign up"):
        expect(nav.get_by_role("link", name=label, exact=True)).to_be_visible()
    expect(page.get_by_label("Sectors")).to_have_value("wastewater")
    expect(page.get_by_label("Sectors").locator("option:checked")).to_have_text(
        "Wastewater treatment"
    )
    card = page.get_by_role("listitem").filter(has_text="Cần xây trạm xử lý nước thải")
    expect(card).to_contain_text("Budget: 12.000.000.000 ₫")
    expect(card).to_contain_text("Open")
    expect(page.get_by_role("button", name="English")).to_have_count(0)

    # The choice follows the visitor to the next page.
    page.get_by_role("banner").get_by_label("Search").fill("xu ly nuoc thai")
    page.get_by_role("banner").get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Results for “xu ly nuoc thai”")
    expect(page.get_by_text("2 result(s)")).to_be_visible()
    expect(page.get_by_role("complementary", name="Narrow results")).to_be_visible()

    page.get_by_role("banner").get_by_role("button", name="Tiếng Việt").click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “xu ly nuoc thai”")
    expect(page.get_by_text("2 kết quả")).to_be_visible()
    expect(page.get_by_role("banner").get_by_role("button", name="English")).to_be_visible()


def test_a_signed_in_member_keeps_english_at_the_next_sign_in(page, browser, live_app, make):
    with live_app.app_context():
        make.user(email="lan@phusaxanh.example.vn", name="Trần Thị Lan")
    page.goto("/account/login")
    page.get_by_label("Email").fill("lan@phusaxanh.example.vn")
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.get_by_role("banner").get_by_role("button", name="English").click()
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()

    # Another browser (a new session) signs in as the same member: English again.
    other = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN").new_page()
    other.goto("/account/login")
    other.get_by_label("Email").fill("lan@phusaxanh.example.vn")
    other.get_by_label("Mật khẩu").fill(PASSWORD)
    other.get_by_role("button", name="Đăng nhập").click()
    expect(other.get_by_role("button", name="Sign out")).to_be_visible()
    expect(other.locator("html")).to_have_attribute("lang", "en")
    other.context.close()
