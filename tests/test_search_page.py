"""The /search page as a visitor uses it: results, facets, snippets, empty state."""

import pytest


@pytest.fixture
def listed(make):
    org = make.organization(name="Công ty Môi trường Xanh", verification="verified")
    offering = make.offering(
        org,
        title="Hệ thống xử lý nước thải cá tra",
        description="Tuyển nổi DAF cho nhà máy phi lê cá tra <b>đông lạnh</b>.",
    )
    need = make.need(org, title="Cần xử lý nước thải cá tra 500 m³/ngày", procurement="order")
    return offering, need


def test_a_visitor_finds_offerings_and_needs_with_marked_words(client, listed):
    offering, need = listed
    page = client.get("/search?q=ca tra").get_data(as_text=True)
    assert "<title>Tìm “ca tra”" in page
    assert f'href="/offerings/{offering.id}"' in page
    assert f'href="/needs/{need.id}"' in page
    assert "<mark>cá</mark> <mark>tra</mark>" in page
    assert "&lt;b&gt;đông lạnh&lt;/b&gt;" in page  # descriptions are escaped
    assert "2 kết quả" in page


def test_facets_show_counts_and_link_to_narrower_results(client, listed):
    page = client.get("/search?q=nuoc thai").get_data(as_text=True)
    assert "Loại kết quả" in page and "Lĩnh vực" in page
    assert "Xử lý nước thải</a> (1)" in page
    assert "kind=need" in page
    narrowed = client.get("/search?q=nuoc thai&kind=need").get_data(as_text=True)
    assert "1 kết quả" in narrowed
    assert "Bỏ mọi bộ lọc" in narrowed
    offering, need = listed
    by_mode = client.get("/search?q=nuoc thai&procurement=order").get_data(as_text=True)
    assert f'href="/needs/{need.id}"' in by_mode
    assert f'href="/offerings/{offering.id}"' not in by_mode


def test_a_browse_by_sector_needs_no_words(client, listed):
    page = client.get("/search?sector=wastewater").get_data(as_text=True)
    assert "Hệ thống xử lý nước thải cá tra" in page


def test_nothing_found_suggests_a_spelling_and_other_ways(client, listed):
    page = client.get("/search?q=nuoc thaii").get_data(as_text=True)
    assert "Có phải bạn muốn tìm" in page and "nuoc thải" in page
    empty = client.get("/search?q=zzzz").get_data(as_text=True)
    assert "Không tìm thấy kết quả nào." in empty
    assert "Xem theo lĩnh vực" in empty
    assert "/needs/new" in empty


def test_the_empty_search_page_invites_browsing(client, listed):
    page = client.get("/search").get_data(as_text=True)
    assert "Nhập từ khóa" in page
    assert "/search?sector=wastewater" in page


@pytest.mark.parametrize(
    "query",
    [
        "q=nuoc&page=abc",
        "q=nuoc&page=-5",
        "q=nuoc&page=99999999999999999999999",
        "q=%E2%80%8B%ff",
        "q=" + "a" * 3000,
        "kind=robot&q=nuoc",
        "sector=" + "x" * 500,
        "verified=%F0%9F%98%80",
    ],
)
def test_odd_parameters_never_break_the_page(client, listed, query):
    assert client.get(f"/search?{query}").status_code == 200


@pytest.mark.parametrize("page", ["abc", "0", "-5", " 1 ", "٢", "1_0", "2.0"])
def test_a_page_number_that_is_not_a_plain_number_shows_the_first_page(client, listed, page):
    """?page= is read as on every list: an Arabic-Indic two or a Python-style 1_0 is no page
    number of ours (int() took them for 2 and 10, and the visitor saw an empty page)."""
    offering, need = listed
    html = client.get("/search", query_string={"q": "ca tra", "page": page}).get_data(as_text=True)
    assert f'href="/offerings/{offering.id}"' in html
    assert f'href="/needs/{need.id}"' in html


def test_hidden_records_do_not_show_even_before_the_index_catches_up(
    client, app, listed, monkeypatch
):
    from directory.extensions import db
    from directory.search import outbox

    offering, _ = listed
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)  # the index lags behind
    with app.app_context():
        db.session.get(type(offering), offering.id).hidden = True
        db.session.commit()
    page = client.get("/search?q=ca tra&kind=offering").get_data(as_text=True)
    assert "Hệ thống xử lý nước thải cá tra" not in page
