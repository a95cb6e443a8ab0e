"""Commune officers and cluster managers open the site on a phone; officers use it all day.

Every main page, at a 390 px phone width and at desktop width: nothing overflows sideways, every
link and button is a target of at least 24×24 px (WCAG 2.2, 2.5.8), and axe-core finds nothing.
"""

from datetime import date

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from ..conftest import PASSWORD

pytestmark = pytest.mark.e2e

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}
LONG_EMAIL = "phong.kinh.doanh.xu.ly.moi.truong.nuoc.thai@congtymoitruongdongthapxanh.com.vn"
LONG_WEBSITE = "https://www.congtytnhhmotthanhvienmoitruongvacongnghexanhdongthap.com.vn/gioi-thieu"

# Links and buttons smaller than 24×24 px; hidden ones (skip link off-screen) do not count.
SMALL_TARGETS = """() =>
  [...document.querySelectorAll('a[href], button, input[type=submit], summary')]
  .filter(el => el.offsetParent !== null || el.getClientRects().length)
  .map(el => [el, el.getBoundingClientRect()])
  .filter(([el, r]) => r.right > 0 && r.bottom > 0 && (r.width < 24 || r.height < 24))
  .map(([el, r]) =>
    `${el.outerHTML.slice(0, 80)} ${Math.round(r.width)}×${Math.round(r.height)}`)"""


@pytest.fixture
def site(live_app, make):
    """A supplier with long contact addresses, a buyer with a need that has matches, an officer."""
    with live_app.app_context():
        buyer = make.user(email="banquanly@kcn.dongthap.vn", name="Trần Thị Bích")
        supplier = make.organization(
            name="Công ty TNHH Môi trường Xanh Đồng Tháp",
            email=LONG_EMAIL,
            website=LONG_WEBSITE,
            phone="0277 3851 234",
        )
        offering = make.offering(
            supplier,
            title="Hệ thống xử lý nước thải chế biến thủy sản MBBR",
            description="Nước thải thủy sản đạt QCVN 11-MT:2015/BTNMT, công suất 500 m³/ngày.",
            service_area=("Phường Mỹ Tho", "Phường Cao Lãnh"),
        )
        make.offering(
            supplier, title="Thu gom và xử lý bùn thải", sectors=("solid-waste-treatment",)
        )
        owner = make.organization(
            owner=buyer, name="Ban quản lý KCN Sa Đéc", kind="industrial_park"
        )
        need = make.need(
            owner,
            title="Cần hệ thống xử lý nước thải thủy sản 500 m³/ngày",
            description="Nhà máy chế biến thủy sản cần xử lý nước thải đạt QCVN 11-MT:2015.",
            sectors=("wastewater", "waste-collection"),  # a long sector name, as a badge
        )
        make.user(role="officer", email="canbo@sct.dongthap.gov.vn", name="Võ Minh Tâm")
        return {"supplier": supplier.id, "offering": offering.id, "need": need.id}


PUBLIC_PAGES = [
    "/",
    "/search?q=xu+ly+nuoc+thai",
    "/search?q=xu+ly+nuoc+thai&sort=newest&kind=offering",
    "/organizations/",
    "/offerings/",
    "/needs/",
    "/organizations/{supplier}",
    "/offerings/{offering}",
    "/needs/{need}",  # with its public shortlist of matches
]
MEMBER_PAGES = ["/needs/{need}", "/needs/new"]
OFFICER_PAGES = [
    "/officer/",
    "/officer/reports/{year}",
    "/officer/moderation",
    "/officer/features/new?kind=offering&q=xu+ly+nuoc",
]


def sign_in(page, email):
    page.goto("/account/login")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()


def check_pages(page, paths, ids, viewport):
    axe = Axe()
    problems = []
    for path in paths:
        url = path.format(year=date.today().year, **ids)
        response = page.goto(url)
        assert response.status == 200, url
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > viewport["width"]:
            problems.append(f"{url}: {width} px wide")
        problems += [f"{url}: small target {t}" for t in page.evaluate(SMALL_TARGETS)]
        violations = axe.run(page).response["violations"]
        problems += [
            f"{url}: axe {v['id']}: {[n['target'] for n in v['nodes']][:3]}" for v in violations
        ]
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_public_pages_fit_a_phone_and_pass_axe(browser, live_app, site, viewport):
    context = browser.new_context(
        base_url=live_app.config["LIVE_URL"], locale="vi-VN", viewport=viewport
    )
    check_pages(context.new_page(), PUBLIC_PAGES, site, viewport)
    context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_member_and_officer_pages_fit_a_phone_and_pass_axe(browser, live_app, site, viewport):
    context = browser.new_context(
        base_url=live_app.config["LIVE_URL"], locale="vi-VN", viewport=viewport
    )
    page = context.new_page()
    sign_in(page, "banquanly@kcn.dongthap.vn")
    check_pages(page, MEMBER_PAGES, site, viewport)
    context.clear_cookies()
    sign_in(page, "canbo@sct.dongthap.gov.vn")
    check_pages(page, OFFICER_PAGES, site, viewport)
    context.close()


def test_on_a_phone_the_search_shows_results_before_the_filters(browser, live_app, site):
    context = browser.new_context(
        base_url=live_app.config["LIVE_URL"], locale="vi-VN", viewport=PHONE
    )
    page = context.new_page()
    page.goto("/search?q=xu+ly+nuoc+thai")
    first_result = page.get_by_role("main").get_by_role("heading", level=3).first
    assert first_result.bounding_box()["y"] < PHONE["height"]
    filters = page.locator("details.filters-disclosure")
    expect(filters.locator("summary")).to_have_text("Bộ lọc")
    expect(filters).not_to_have_attribute("open", "")
    filters.locator("summary").click()
    expect(filters.get_by_role("heading", name="Lĩnh vực")).to_be_visible()
    context.close()
