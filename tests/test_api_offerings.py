"""GET /api/v1/offerings and /api/v1/offerings/<id>: published offerings, filters, errors."""

import pytest


@pytest.fixture
def offerings(make):
    green = make.organization(name="Công ty Môi trường Xanh", verification="verified")
    river = make.organization(name="Công ty Sông Tiền")
    mbr = make.offering(
        green,
        title="Hệ thống xử lý nước thải MBR",
        capacity="20–500 m³/ngày",
        standards=["QCVN 14:2025/BTNMT"],
        ref="OFF-001",
    )
    dust = make.offering(
        river,
        title="Lọc bụi túi vải",
        sectors=("air",),
        type="equipment",
        service_area=("Xã Tân Hương",),
    )
    make.offering(river, title="Bể lọc nước ẩn", hidden=True)
    make.offering(river, title="Bể lọc nước nháp", published=False)
    return mbr, dust


def test_the_list_is_paginated_and_shows_only_published_offerings(client, offerings):
    body = client.get("/api/v1/offerings").get_json()
    assert set(body) >= {"items", "page", "per_page", "total"}
    assert body["total"] == 2
    assert {item["title"] for item in body["items"]} == {
        "Hệ thống xử lý nước thải MBR",
        "Lọc bụi túi vải",
    }
    page = client.get("/api/v1/offerings?per_page=1&page=2").get_json()
    assert (page["page"], page["per_page"], page["total"], len(page["items"])) == (2, 1, 2, 1)


def test_an_offering_carries_its_contract_fields(client, offerings):
    mbr, _ = offerings
    item = client.get(f"/api/v1/offerings/{mbr.id}").get_json()
    assert item["id"] == mbr.id and item["ref"] == "OFF-001"
    assert item["organization"]["name"] == "Công ty Môi trường Xanh"
    assert item["organization"]["verified"] is True
    assert item["sectors"] == ["wastewater"]
    assert item["service_area"] == []
    assert item["standards"] == ["QCVN 14:2025/BTNMT"]
    assert item["featured"] is False


@pytest.mark.parametrize(
    "query, titles",
    [
        ("sector=air", ["Lọc bụi túi vải"]),
        ("type=equipment", ["Lọc bụi túi vải"]),
        ("verified=true", ["Hệ thống xử lý nước thải MBR"]),
        ("verified=false", ["Lọc bụi túi vải"]),
        ("q=nuoc thai", ["Hệ thống xử lý nước thải MBR"]),
        ("q=XLNT&sector=wastewater", ["Hệ thống xử lý nước thải MBR"]),
        ("q=lọc&type=technology", []),
    ],
)
def test_filters_narrow_the_list(client, offerings, query, titles):
    body = client.get(f"/api/v1/offerings?{query}").get_json()
    assert [item["title"] for item in body["items"]] == titles
    assert body["total"] == len(titles)


def test_the_commune_filter_keeps_offerings_serving_it(client, offerings):
    body = client.get("/api/v1/offerings?commune=Phường Mỹ Tho").get_json()
    assert [item["title"] for item in body["items"]] == ["Hệ thống xử lý nước thải MBR"]
    both = client.get("/api/v1/offerings?commune=Xã Tân Hương").get_json()
    assert both["total"] == 2


@pytest.mark.parametrize(
    "query",
    [
        "sector=nope",
        "type=robot",
        "verified=maybe",
        "commune=Atlantis",
        "page=0",
        "per_page=101",
        "page=abc",
        "page=" + "9" * 40,
    ],
)
def test_bad_arguments_get_a_json_400(client, offerings, query):
    response = client.get(f"/api/v1/offerings?{query}")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == 400


def test_hidden_unpublished_and_unknown_offerings_are_404(client, make, offerings):
    org = make.organization()
    hidden = make.offering(org, title="Ẩn", hidden=True)
    draft = make.offering(org, title="Nháp", published=False)
    for offering_id in (hidden.id, draft.id, 99999):
        response = client.get(f"/api/v1/offerings/{offering_id}")
        assert response.status_code == 404
        assert response.get_json()["error"]["code"] == 404
