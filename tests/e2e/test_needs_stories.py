"""Buyers post needs through the real pages and read the offerings that fit them."""

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from directory.timeutil import today_in_vietnam

from ..conftest import PASSWORD

pytestmark = pytest.mark.e2e

NEED_TITLE = "Cần xây trạm xử lý nước thải sinh hoạt tập trung cho ấp Tân Phú"


def sign_in(page, email):
    page.goto("/")
    page.get_by_role("link", name="Đăng nhập", exact=True).click()
    page.get_by_label("Email").fill(email)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page.get_by_text("Đăng nhập thành công.")).to_be_visible()


def visitor_page(browser, live_app):
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN")
    return context.new_page()


def test_a_commune_committee_posts_a_need_that_the_public_sees_until_it_is_fulfilled(
    page, browser, live_app, make
):
    with live_app.app_context():
        clerk = make.user(email="vanphong@tanhuong.dongthap.gov.vn", name="Lê Văn Hùng")
        make.organization(
            owner=clerk,
            name="UBND xã Tân Hương",
            kind="commune_committee",
            commune="Xã Tân Hương",
        )
    sign_in(page, "vanphong@tanhuong.dongthap.gov.vn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhu cầu"
    ).click()
    page.get_by_role("link", name="Đăng nhu cầu").click()
    expect(page).to_have_title(re.compile("^Đăng nhu cầu"))
    # Its only organization is already chosen.
    expect(page.get_by_label("Tổ chức đăng nhu cầu").locator("option:checked")).to_have_text(
        "UBND xã Tân Hương"
    )

    # First attempt: the deadline typed is already past.
    page.get_by_label("Tiêu đề").fill(NEED_TITLE)
    page.get_by_label("Mô tả").fill(
        "Nước thải sinh hoạt của 320 hộ dân chảy thẳng ra kênh; cần trạm xử lý đạt QCVN 14."
    )
    page.get_by_label("Xử lý nước thải", exact=True).check()
    page.get_by_label("Xã, phường").select_option(label="Xã Tân Hương")
    page.get_by_label("Khối lượng hoặc công suất").fill("150 m³/ngày")
    page.get_by_label("Ngân sách dự kiến (đồng)").fill("1.200.000.000")
    past = today_in_vietnam() - timedelta(days=3)
    page.get_by_label("Hạn chót nhận đề xuất").fill(past.isoformat())
    page.get_by_label("Hình thức").select_option(label="Đặt hàng")
    page.get_by_role("button", name="Đăng nhu cầu").click()

    expect(page.get_by_role("alert")).to_have_text("Vui lòng sửa các lỗi được đánh dấu bên dưới.")
    expect(page.get_by_text("Hạn chót đã qua; chọn một ngày từ hôm nay trở đi.")).to_be_visible()
    expect(page.get_by_label("Hạn chót nhận đề xuất")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Hạn chót nhận đề xuất")).to_have_value(past.isoformat())
    expect(page.get_by_label("Tiêu đề")).to_have_value(NEED_TITLE)
    expect(page.get_by_label("Ngân sách dự kiến (đồng)")).to_have_value("1.200.000.000")
    expect(page.get_by_label("Khối lượng hoặc công suất")).to_have_value("150 m³/ngày")
    expect(page.get_by_label("Xử lý nước thải", exact=True)).to_be_checked()
    expect(page.get_by_label("Xã, phường").locator("option:checked")).to_have_text("Xã Tân Hương")
    expect(page.get_by_label("Hình thức")).to_have_value("order")

    # Second attempt: a deadline six weeks away.
    deadline = today_in_vietnam() + timedelta(days=42)
    page.get_by_label("Hạn chót nhận đề xuất").fill(deadline.isoformat())
    page.get_by_role("button", name="Đăng nhu cầu").click()

    expect(page.get_by_text("Đã đăng nhu cầu.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(NEED_TITLE)
    expect(page.get_by_text("Đang mở", exact=True)).to_be_visible()
    facts = page.locator("dl.facts").first
    expect(facts).to_contain_text("1.200.000.000 ₫")
    expect(facts).to_contain_text(deadline.strftime("%d/%m/%Y"))
    expect(facts).to_contain_text("Đặt hàng")
    expect(facts).to_contain_text("Xã Tân Hương")
    need_url = page.url

    # A visitor who is not signed in finds it on the public board.
    visitor = visitor_page(browser, live_app)
    visitor.goto("/needs")
    card = visitor.get_by_role("listitem").filter(has_text=NEED_TITLE)
    expect(card).to_contain_text("UBND xã Tân Hương")
    expect(card).to_contain_text("Ngân sách: 1.200.000.000 ₫")
    expect(card).to_contain_text("Hạn: " + deadline.strftime("%d/%m/%Y"))
    expect(visitor.get_by_text("1 nhu cầu", exact=True)).to_be_visible()

    # The committee found its contractor and closes the need as fulfilled.
    page.goto(need_url)
    page.get_by_role("link", name="Đóng nhu cầu").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đóng nhu cầu")
    page.get_by_role("button", name="Đóng nhu cầu").click()
    expect(page.get_by_text("Vui lòng chọn lý do.")).to_be_visible()
    page.get_by_label("Đã đáp ứng (đã tìm được nhà cung cấp)").check()
    page.get_by_label("Ghi chú (không bắt buộc)").fill("Đã ký hợp đồng với đơn vị thi công.")
    page.get_by_role("button", name="Đóng nhu cầu").click()
    expect(page.get_by_text("Đã đóng nhu cầu.")).to_be_visible()
    expect(
        page.get_by_text("Nhu cầu đã đóng: Đã đáp ứng (đã tìm được nhà cung cấp).")
    ).to_contain_text("Đã ký hợp đồng với đơn vị thi công.")
    expect(page.get_by_role("button", name="Mở lại")).to_be_visible()

    visitor.reload()
    expect(visitor.get_by_text("Hiện chưa có nhu cầu nào đang mở.")).to_be_visible()
    expect(visitor.get_by_role("link", name=NEED_TITLE)).to_have_count(0)
    visitor.context.close()


@pytest.fixture
def cluster_need(live_app, make):
    """A cluster that needs a wastewater plant, and suppliers that fit it more or less well."""
    with live_app.app_context():
        buyer = make.user(email="bql@ccntanhuong.example.vn", name="Phạm Thị Hoa")
        cluster = make.organization(
            owner=buyer, name="Ban quản lý CCN Tân Hương", kind="industrial_cluster"
        )
        green = make.organization(name="Công ty Môi trường Xanh", verification="verified")
        local = make.organization(name="Công ty Cấp thoát nước Sa Đéc")
        other = make.organization(name="Công ty Cơ khí Tiền Giang")
        make.offering(
            green,
            title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
            description="Thiết kế, thi công trạm XLNT 500–3.000 m³/ngày, công nghệ SBR.",
        )
        make.offering(
            local,
            title="Trạm xử lý nước thải cụm dân cư",
            description="Thi công trạm xử lý nước thải công suất nhỏ.",
            service_area=("Phường Sa Đéc",),
        )
        make.offering(
            other,
            title="Lọc bụi túi vải cho lò hơi",
            description="Lọc bụi lò hơi đốt trấu.",
            sectors=("air",),
            type="equipment",
        )
        need = make.need(
            cluster,
            title="Cần đầu tư trạm XLNT tập trung cho cụm công nghiệp",
            description="Nước thải cụm công nghiệp khoảng 800 m³/ngày chưa được xử lý.",
            sectors=("wastewater",),
            commune="Xã Tân Hương",
        )
        return need.title


def test_a_buyer_reads_the_ranked_offerings_that_fit_its_need(
    page, browser, live_app, cluster_need
):
    sign_in(page, "bql@ccntanhuong.example.vn")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Nhu cầu"
    ).click()
    page.get_by_role("link", name=cluster_need).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(cluster_need)
    need_url = page.url

    matches = page.get_by_role("region", name="Giải pháp phù hợp với nhu cầu này")
    expect(matches).to_contain_text("Xếp hạng theo mức độ phù hợp, kèm lý do.")
    titles = matches.get_by_role("heading", level=3)
    best = matches.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Trạm xử lý nước thải tập trung cho cụm công nghiệp")
    )
    expect(best).to_contain_text("Cùng lĩnh vực: Xử lý nước thải")
    expect(best).to_contain_text("Khớp từ khóa:")
    expect(best).to_contain_text("Phục vụ toàn tỉnh")
    expect(best).to_contain_text("Tổ chức đã được xác minh")
    expect(best).to_contain_text("Công ty Môi trường Xanh")

    # The supplier that does not serve the cluster's commune says so, and ranks lower.
    away = matches.get_by_role("listitem").filter(
        has=page.get_by_role("heading", name="Trạm xử lý nước thải cụm dân cư")
    )
    expect(away).to_contain_text("Không phục vụ Xã Tân Hương")
    # Best first; the dust filter shares neither sector nor words with the need.
    expect(titles).to_have_text(
        ["Trạm xử lý nước thải tập trung cho cụm công nghiệp", "Trạm xử lý nước thải cụm dân cư"]
    )

    # The buyer follows the best match to the supplier's offering page.
    matches.get_by_role("link", name="Trạm xử lý nước thải tập trung cho cụm công nghiệp").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Trạm xử lý nước thải tập trung cho cụm công nghiệp"
    )
    expect(page.get_by_text("Công ty Môi trường Xanh").first).to_be_visible()

    # An anonymous visitor sees the need and its shortlist too (design.md: matches are public),
    # with no contact buttons: those are for the buyer's people.
    visitor = visitor_page(browser, live_app)
    visitor.goto(need_url)
    expect(visitor.get_by_role("heading", level=1)).to_have_text(cluster_need)
    expect(visitor.get_by_role("link", name="Ban quản lý CCN Tân Hương")).to_be_visible()
    shortlist = visitor.get_by_role("region", name="Giải pháp phù hợp với nhu cầu này")
    expect(
        shortlist.get_by_role("link", name="Trạm xử lý nước thải tập trung cho cụm công nghiệp")
    ).to_be_visible()
    expect(shortlist.get_by_role("link", name="Liên hệ")).to_have_count(0)
    visitor.context.close()
