"""GET /api/v1/search and the matches endpoints: shapes, ranking, errors (contracts.md §3)."""

import pytest

from directory import search


@pytest.fixture
def market(make):
    green = make.organization(name="Công ty Môi trường Xanh", verification="verified", ref="ORG-1")
    plant = make.offering(
        green,
        title="Trạm xử lý nước thải tập trung",
        description="Công nghệ SBR cho cụm công nghiệp.",
        ref="OFF-1",
    )
    make.offering(green, title="Lọc bụi túi vải", sectors=("air",), type="equipment")
    cluster = make.organization(name="Ban quản lý CCN", kind="industrial_cluster", ref="ORG-2")
    need = make.need(
        cluster,
        title="Cần trạm xử lý nước thải tập trung cho cụm công nghiệp",
        sectors=("wastewater",),
        ref="NEED-1",
    )
    return plant, need


def test_search_answers_ranked_items_with_snippets(client, market):
    plant, need = market
    body = client.get("/api/v1/search?q=xu ly nuoc thai").get_json()
    assert set(body) >= {"items", "page", "per_page", "total"}
    kinds = {(item["kind"], item["id"]) for item in body["items"]}
    assert ("offering", plant.id) in kinds and ("need", need.id) in kinds
    first = body["items"][0]
    assert set(first) >= {"kind", "id", "ref", "title", "score", "snippet", "highlight", "url"}
    assert "<mark>" in first["highlight"]["title"]
    assert all("<mark>" not in item["snippet"] for item in body["items"])


def test_search_by_kind_ranks_as_the_web_search(client, app, market):
    plant, _ = market
    body = client.get("/api/v1/search?q=nước thải&kind=offering").get_json()
    assert body["items"][0]["id"] == plant.id
    assert body["items"][0]["approximate"] is False
    assert body["items"][0]["organization"] == {
        "id": plant.organization.id,
        "ref": "ORG-1",
        "name": "Công ty Môi trường Xanh",
    }
    with app.test_request_context():
        web = search.search("nước thải", kind="offering")
    assert [h.id for h in web.hits + web.related] == [item["id"] for item in body["items"]]


@pytest.mark.parametrize("query", ["", "?q=", "?q=abc&kind=people", "?q=a&per_page=500"])
def test_search_needs_a_query_and_valid_arguments(client, market, query):
    response = client.get(f"/api/v1/search{query}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert set(error) == {"code", "type", "message", "parameter"}  # type, parameter: §10
    assert error["parameter"] in ("q", "kind", "per_page")


def test_need_matches_have_exactly_the_contract_shape(client, market):
    plant, need = market
    body = client.get(f"/api/v1/needs/{need.id}/matches?limit=5").get_json()
    assert set(body) == {"need", "matches"}
    assert body["need"] == {"id": need.id, "ref": "NEED-1", "title": need.title}
    first = body["matches"][0]
    assert set(first) == {"offering", "score", "reasons"}
    assert first["offering"] == {
        "id": plant.id,
        "ref": "OFF-1",
        "title": plant.title,
        "organization": {
            "id": plant.organization.id,
            "ref": "ORG-1",
            "name": "Công ty Môi trường Xanh",
        },
    }
    assert isinstance(first["score"], float)
    assert any(r.startswith("Cùng lĩnh vực") for r in first["reasons"])


def test_offering_matches_list_open_needs(client, market):
    plant, need = market
    body = client.get(f"/api/v1/offerings/{plant.id}/matches").get_json()
    assert set(body) == {"offering", "matches"}
    assert body["offering"] == {"id": plant.id, "ref": "OFF-1", "title": plant.title}
    assert [m["need"]["id"] for m in body["matches"]] == [need.id]
    assert set(body["matches"][0]) == {"need", "score", "reasons"}
    assert set(body["matches"][0]["need"]) == {"id", "ref", "title", "organization"}


def test_limit_is_respected_and_checked(client, make, market):
    plant, need = market
    for n in range(3):
        make.offering(plant.organization, title=f"Bể xử lý nước thải hợp khối số {n}")
    body = client.get(f"/api/v1/needs/{need.id}/matches?limit=2").get_json()
    assert len(body["matches"]) == 2
    for bad in ("0", "51", "x", "-1"):
        response = client.get(f"/api/v1/needs/{need.id}/matches?limit={bad}")
        assert response.status_code == 400


def test_matches_of_unpublished_or_hidden_records_are_404(client, make, market):
    plant, need = market
    draft = make.need(need.organization, title="Nháp", status="draft")
    hidden = make.offering(plant.organization, title="Ẩn", hidden=True)
    for path in (
        f"/api/v1/needs/{draft.id}/matches",
        "/api/v1/needs/999999/matches",
        f"/api/v1/offerings/{hidden.id}/matches",
        "/api/v1/offerings/999999/matches",
    ):
        response = client.get(path)
        assert response.status_code == 404, path
        assert response.get_json()["error"]["code"] == 404


def test_the_needs_list_takes_a_q_filter(client, market):
    _, need = market
    body = client.get("/api/v1/needs?q=xlnt").get_json()
    assert [item["id"] for item in body["items"]] == [need.id]
    assert client.get("/api/v1/needs?q=lò đốt rác").get_json()["total"] == 0


def test_openapi_describes_every_path(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    for path in (
        "/organizations",
        "/organizations/{id}",
        "/offerings",
        "/offerings/{id}",
        "/offerings/{id}/matches",
        "/needs",
        "/needs/{id}",
        "/needs/{id}/matches",
        "/search",
    ):
        assert "get" in spec["paths"][path], path
    assert "Error" in spec["components"]["schemas"]


def test_the_total_and_the_near_matches_do_not_depend_on_the_page_size(client, make):
    """Three records have every word, four only some: 7 in all at any page size, and walking
    the pages lists every record once, the exact ones first."""
    org = make.organization()
    for n in range(3):
        make.offering(org, title=f"Máy ép bùn trục vít số {n}", description="Cho trạm xử lý.")
    for n in range(4):
        make.offering(org, title=f"Bùn vi sinh mẫu {n}", description="Chế phẩm men.")
    for per_page in (1, 2, 5, 20):
        seen, approximate = [], []
        for page in range(1, 8):
            body = client.get(
                f"/api/v1/search?q=ép bùn&kind=offering&page={page}&per_page={per_page}"
            ).get_json()
            assert body["total"] == 7
            seen += [item["id"] for item in body["items"]]
            approximate += [item["approximate"] for item in body["items"]]
        assert len(seen) == len(set(seen)) == 7, per_page
        assert approximate == [False] * 3 + [True] * 4, per_page
