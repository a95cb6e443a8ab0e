"""Visitors browse the public directory of organizations and offerings, filter and page it."""

import pytest

MY_THO = "28261"  # Phường Mỹ Tho
SA_DEC = "29905"  # Phường Sa Đéc


def test_visitors_filter_organizations_by_sector_commune_and_kind(client, make):
    water = make.organization(name="Công ty Nước Sạch Mỹ Tho", commune="Phường Mỹ Tho")
    make.offering(water, sectors=("water-supply",))
    recycler = make.organization(
        name="HTX Tái chế Sa Đéc", kind="cooperative", commune="Phường Sa Đéc"
    )
    make.offering(recycler, sectors=("recycling",))
    quiet = make.organization(name="Công ty Chỉ Nháp", commune="Phường Sa Đéc")
    make.offering(quiet, sectors=("recycling",), published=False)

    page = client.get("/organizations/").get_data(as_text=True)
    assert "<title>Doanh nghiệp và tổ chức" in page and "<h1>" in page
    assert all(
        name in page
        for name in ("Công ty Nước Sạch Mỹ Tho", "HTX Tái chế Sa Đéc", "Công ty Chỉ Nháp")
    )

    by_sector = client.get("/organizations/?sector=recycling").get_data(as_text=True)
    assert "HTX Tái chế Sa Đéc" in by_sector
    assert "Công ty Nước Sạch Mỹ Tho" not in by_sector
    assert "Công ty Chỉ Nháp" not in by_sector  # its only recycling offering is unpublished

    by_commune = client.get(f"/organizations/?commune={SA_DEC}").get_data(as_text=True)
    assert "HTX Tái chế Sa Đéc" in by_commune and "Công ty Nước Sạch Mỹ Tho" not in by_commune

    by_kind = client.get("/organizations/?kind=cooperative").get_data(as_text=True)
    assert "HTX Tái chế Sa Đéc" in by_kind and "Công ty Chỉ Nháp" not in by_kind
    assert '<option value="cooperative" selected>' in by_kind


def test_hidden_organizations_are_not_listed(client, make):
    make.organization(name="Tổ chức bị ẩn", hidden=True)
    make.organization(name="Tổ chức công khai")
    page = client.get("/organizations/").get_data(as_text=True)
    assert "Tổ chức công khai" in page and "Tổ chức bị ẩn" not in page


def test_verified_organizations_are_listed_first(client, make):
    make.organization(name="A Chưa xác minh")
    make.organization(name="Z Đã xác minh", verification="verified")
    page = client.get("/organizations/").get_data(as_text=True)
    assert page.index("Z Đã xác minh") < page.index("A Chưa xác minh")


@pytest.mark.app_config(PER_PAGE=2)
def test_the_organization_list_is_paginated_and_forgiving_about_page_numbers(client, make):
    for i in range(5):
        make.organization(name=f"Công ty số {i}")
    first = client.get("/organizations/").get_data(as_text=True)
    assert "Trang 1 / 3" in first and "Công ty số 0" in first and "Công ty số 2" not in first
    assert 'rel="next" href="/organizations/?page=2"' in first
    second = client.get("/organizations/?page=2").get_data(as_text=True)
    assert "Công ty số 2" in second and "Công ty số 0" not in second
    for odd in ("abc", "-1", "0", "1.5", "²", "%E2%80%8B"):
        response = client.get(f"/organizations/?page={odd}")
        assert response.status_code == 200 and "Trang 1 / 3" in response.get_data(as_text=True)
    for far in ("99999", "9" * 40):  # a number past the end, however long, is the last page
        last = client.get(f"/organizations/?page={far}").get_data(as_text=True)
        assert "Trang 3 / 3" in last and "Công ty số 4" in last


@pytest.mark.app_config(PER_PAGE=2)
@pytest.mark.parametrize("option", ["_external", "_scheme", "_anchor", "_method"])
def test_a_query_argument_named_like_a_url_for_option_stays_a_query_argument(client, make, option):
    """The pager's links keep the visitor's query as it was typed: url_for's own options
    (``_scheme``, ``_anchor``…) once turned such an argument into a crash or an absolute URL."""
    for i in range(3):
        make.organization(name=f"Công ty số {i}")
    response = client.get(f"/organizations/?{option}=x")
    assert response.status_code == 200
    assert f'rel="next" href="/organizations/?{option}=x&amp;page=2"' in response.get_data(
        as_text=True
    )


@pytest.mark.app_config(PER_PAGE=2)
def test_filters_stay_on_when_paging(client, make):
    for i in range(3):
        make.offering(make.organization(name=f"Nhà cung cấp {i}"), sectors=("air",))
    make.offering(make.organization(name="Khác lĩnh vực"), sectors=("consulting",))
    page = client.get("/offerings/?sector=air").get_data(as_text=True)
    assert "Trang 1 / 2" in page and "sector=air" in page.split('rel="next"')[1][:80]


def test_unknown_filter_values_are_ignored_not_errors(client, make):
    make.organization(name="Công ty Có Mặt")
    for query in ("sector=alchemy", "commune=000", "kind=spaceship", "sector=&commune=&kind="):
        response = client.get(f"/organizations/?{query}")
        assert response.status_code == 200 and "Công ty Có Mặt" in response.get_data(as_text=True)
    for query in ("sector=alchemy", "commune=000", "type=magic"):
        assert client.get(f"/offerings/?{query}").status_code == 200


def test_visitors_browse_offerings_by_sector_type_and_commune_served(client, make):
    org = make.organization(name="Công ty Môi trường Đồng Tháp")
    make.offering(
        org,
        title="Lò đốt rác Mỹ Tho",
        sectors=("solid-waste-treatment",),
        type="equipment",
        service_area=("Phường Mỹ Tho",),
    )
    make.offering(org, title="Tư vấn ĐTM toàn tỉnh", sectors=("consulting",), type="service")
    make.offering(
        org,
        title="Quan trắc Sa Đéc",
        sectors=("monitoring-services",),
        type="service",
        service_area=("Phường Sa Đéc",),
    )

    page = client.get("/offerings/").get_data(as_text=True)
    assert "<title>Giải pháp, sản phẩm và dịch vụ" in page and "3 giải pháp" in page

    by_type = client.get("/offerings/?type=service").get_data(as_text=True)
    assert "Tư vấn ĐTM toàn tỉnh" in by_type and "Lò đốt rác Mỹ Tho" not in by_type

    by_sector = client.get("/offerings/?sector=solid-waste-treatment").get_data(as_text=True)
    assert "Lò đốt rác Mỹ Tho" in by_sector and "Quan trắc Sa Đéc" not in by_sector

    # An offering serves a commune when it lists it, or when it serves the whole province.
    in_my_tho = client.get(f"/offerings/?commune={MY_THO}").get_data(as_text=True)
    assert "Lò đốt rác Mỹ Tho" in in_my_tho and "Tư vấn ĐTM toàn tỉnh" in in_my_tho
    assert "Quan trắc Sa Đéc" not in in_my_tho


def test_the_organization_page_shows_facts_and_its_published_offerings(client, make):
    org = make.organization(
        name="Công ty CP Xử lý Chất thải Sa Đéc",
        commune="Phường Sa Đéc",
        enterprise_code="1201234560",
        size="medium",
        address="45 Nguyễn Sinh Sắc, Phường Sa Đéc",
        phone="0277 3861 111",
        email="info@example.vn",
        website="https://example.vn",
    )
    make.offering(org, title="Thu gom chất thải nguy hại", sectors=("hazardous-waste",))
    make.offering(org, title="Bản chưa đăng", published=False)
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "<title>Công ty CP Xử lý Chất thải Sa Đéc" in page
    for fact in (
        "1201234560",
        "Vừa",
        "45 Nguyễn Sinh Sắc",
        "0277 3861 111",
        "info@example.vn",
        'href="https://example.vn"',
        '<span class="badge badge-muted">Công ty</span>',
        "Chưa xác minh",
    ):
        assert fact in page, fact
    assert "Thu gom chất thải nguy hại" in page and "Bản chưa đăng" not in page


def test_a_website_that_is_not_http_is_never_a_link(client, make):
    org = make.organization(name="Dữ liệu nhập cũ", website="javascript:alert(1)")
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert 'href="javascript:' not in page and "javascript:alert(1)" in page
