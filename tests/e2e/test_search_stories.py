"""A visitor searches the directory from the header box, as people type: without accents."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.e2e


@pytest.fixture
def catalogue(live_app, make):
    """22 wastewater offerings (more than a page of 20) and 3 gas scrubbers that mention it."""
    with live_app.app_context():
        suppliers = [make.organization(name=f"Công ty Môi trường Phù Sa {i}") for i in range(4)]
        for i in range(22):
            make.offering(
                suppliers[i % 4],
                title=f"Hệ thống xử lý nước thải mẫu {i + 1}",
                description="Công nghệ sinh học MBR cho nhà máy chế biến thủy sản.",
            )
        for i in range(3):
            make.offering(
                suppliers[0],
                title=f"Tháp hấp thụ khí thải lò hơi {i + 1}",
                description="Kèm bể xử lý nước thải tuần hoàn của tháp.",
                sectors=("air",),
                type="equipment",
            )


def search_from_header(page, words):
    header = page.get_by_role("banner")
    header.get_by_label("Tìm kiếm").fill(words)
    header.get_by_role("button", name="Tìm", exact=True).click()


def test_a_visitor_searches_without_accents_narrows_by_sector_and_pages_through(page, catalogue):
    page.goto("/")
    search_from_header(page, "xu ly nuoc thai")
    expect(page).to_have_title(re.compile("^Tìm “xu ly nuoc thai”"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “xu ly nuoc thai”")
    expect(page.get_by_text("25 kết quả")).to_be_visible()
    expect(page.get_by_role("banner").get_by_label("Tìm kiếm")).to_have_value("xu ly nuoc thai")
    results = page.get_by_role("main").get_by_role("heading", level=3)
    expect(results).to_have_count(20)
    # The words are marked in the accented titles the visitor did not type.
    expect(page.locator("mark", has_text="nước").first).to_be_visible()

    facets = page.get_by_role("complementary", name="Thu hẹp kết quả")
    expect(facets.get_by_role("heading", name="Lĩnh vực")).to_be_visible()
    expect(facets.get_by_role("listitem").filter(has_text="Xử lý khí thải")).to_contain_text("(3)")
    facets.get_by_role("link", name="Xử lý nước thải", exact=True).click()

    expect(page.get_by_text("22 kết quả")).to_be_visible()
    expect(facets.get_by_text("Xử lý nước thải", exact=True)).to_be_visible()  # now selected
    expect(facets.get_by_role("link", name="Bỏ lọc")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tháp hấp thụ"))).to_have_count(0)
    pager = page.get_by_role("navigation", name="Phân trang")
    expect(pager).to_contain_text("Trang 1 / 2")
    first_page = results.all_text_contents()
    assert len(first_page) == 20

    pager.get_by_role("link", name="Sau ›").click()
    expect(pager).to_contain_text("Trang 2 / 2")
    expect(results).to_have_count(2)
    second_page = results.all_text_contents()
    everything = first_page + second_page
    assert sorted(everything) == sorted(f"Hệ thống xử lý nước thải mẫu {i}" for i in range(1, 23))
    expect(pager.get_by_role("link", name="Sau ›")).to_have_count(0)

    # Removing the sector brings the gas scrubbers back.
    pager.get_by_role("link", name="‹ Trước").click()
    expect(pager).to_contain_text("Trang 1 / 2")
    facets.get_by_role("link", name="Bỏ mọi bộ lọc").click()
    expect(page.get_by_text("25 kết quả")).to_be_visible()


def test_a_misspelt_search_offers_a_correction_that_works(page, catalogue):
    page.goto("/offerings")
    search_from_header(page, "xu ly nuoc thaii")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “xu ly nuoc thaii”")
    suggestion = page.get_by_text("Có phải bạn muốn tìm:")
    expect(suggestion).to_be_visible()
    suggestion.get_by_role("link", name="xu ly nuoc thải").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “xu ly nuoc thải”")
    expect(page.get_by_text("25 kết quả")).to_be_visible()
    expect(page.get_by_text("Có phải bạn muốn tìm:")).to_have_count(0)
    expect(page.get_by_role("banner").get_by_label("Tìm kiếm")).to_have_value("xu ly nuoc thải")
    first = page.get_by_role("main").get_by_role("heading", level=3).first
    title = first.text_content().strip()
    first.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_search_that_finds_nothing_says_so_and_offers_other_ways(page, catalogue):
    page.goto("/")
    search_from_header(page, "zzzz")
    expect(page.get_by_text("Không tìm thấy kết quả nào.")).to_be_visible()
    expect(page.get_by_text("Có thể gõ không dấu")).to_be_visible()
    page.get_by_role("link", name="Xử lý nước thải", exact=True).click()
    # Browsing a sector lists its 22 offerings and the 4 suppliers that offer them.
    expect(page.get_by_text("26 kết quả")).to_be_visible()
    expect(page.get_by_role("link", name="Công ty Môi trường Phù Sa 0")).to_be_visible()
    expect(page.get_by_role("link", name=re.compile("Tháp hấp thụ"))).to_have_count(0)


def test_the_first_visitor_of_an_empty_directory_is_told_nothing_matches_yet(page):
    page.goto("/")
    search_from_header(page, "xu ly nuoc thai")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kết quả cho “xu ly nuoc thai”")
    expect(page.get_by_text("Không tìm thấy kết quả nào.")).to_be_visible()
    expect(
        page.get_by_role("link", name="Đăng nhu cầu để các nhà cung cấp tìm đến bạn")
    ).to_be_visible()
