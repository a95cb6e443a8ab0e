"""GET /api/v1/needs and /api/v1/needs/<id> (contracts.md §3): published needs only."""

import pytest

from directory.reference.services import find_zone


def test_a_client_reads_a_published_need_with_everything_the_contract_names(client, make):
    org = make.organization(name="Ban quản lý KCN Tân Hương", ref="ORG-050")
    need = make.need(
        org,
        ref="NEED-001",
        title="Cần nâng cấp trạm xử lý nước thải tập trung",
        sectors=["wastewater", "monitoring-equipment"],
        commune="Xã Tân Hương",
        industrial_zone=find_zone("KCN Tân Hương"),
        quantity="1.500 m³/ngày",
        budget_vnd=12_000_000_000,
        procurement="quotation",
    )
    response = client.get(f"/api/v1/needs/{need.id}")
    assert response.status_code == 200
    body = response.json
    assert body["id"] == need.id and body["ref"] == "NEED-001"
    assert body["title"] == "Cần nâng cấp trạm xử lý nước thải tập trung"
    assert body["organization"] == {"id": org.id, "ref": "ORG-050", "name": org.name}
    assert body["sectors"] == ["wastewater", "monitoring-equipment"]
    assert body["commune"]["name"] == "Xã Tân Hương" and body["commune"]["code"]
    assert body["industrial_zone"]["name"] == "KCN Tân Hương"
    assert body["quantity"] == "1.500 m³/ngày"
    assert body["budget_vnd"] == 12_000_000_000
    assert body["deadline"] == need.deadline.isoformat()
    assert body["procurement"] == "quotation"
    assert body["status"] == "open"
    assert body["url"].endswith(f"/needs/{need.id}")
    assert "description" in body


def test_the_list_holds_every_public_need_with_its_effective_status(client, make):
    org = make.organization()
    make.need(org, title="Đang mở")
    make.need(org, title="Đã đóng", status="closed")
    make.need(org, title="Hết hạn", deadline_in_days=-2)
    make.need(org, title="Bản nháp", status="draft")
    make.need(org, title="Bị ẩn", hidden=True)
    make.need(make.organization(hidden=True), title="Tổ chức bị ẩn")

    body = client.get("/api/v1/needs").json
    assert body["total"] == 3 and body["page"] == 1 and body["per_page"] == 20
    assert {n["title"]: n["status"] for n in body["items"]} == {
        "Đang mở": "open",
        "Đã đóng": "closed",
        "Hết hạn": "expired",
    }
    for status, title in (("open", "Đang mở"), ("closed", "Đã đóng"), ("expired", "Hết hạn")):
        items = client.get(f"/api/v1/needs?status={status}").json["items"]
        assert [n["title"] for n in items] == [title]


def test_drafts_and_hidden_needs_are_not_found_even_for_their_members(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner)
    draft = make.need(org, status="draft")
    hidden = make.need(org, hidden=True)
    auth.login(owner)  # the API is public and shows published records only
    for need in (draft, hidden):
        response = client.get(f"/api/v1/needs/{need.id}")
        assert response.status_code == 404
        assert response.json["error"]["code"] == 404


def test_needs_filter_by_sector_and_commune_by_code_or_name(client, make):
    org = make.organization()
    make.need(org, title="Nước thải", sectors=["wastewater"], commune="Phường Mỹ Tho")
    make.need(org, title="Rác", sectors=["waste-collection"], commune="Xã Tân Hương")

    def titles(query):
        return [n["title"] for n in client.get(f"/api/v1/needs?{query}").json["items"]]

    assert titles("sector=wastewater") == ["Nước thải"]
    assert titles("commune=28261") == ["Nước thải"]
    assert titles("commune=xã tân hương") == ["Rác"]
    assert titles("sector=wastewater&commune=Xã Tân Hương") == []


def test_the_list_is_paginated_newest_first(client, make):
    org = make.organization()
    for n in range(5):
        make.need(org, title=f"Nhu cầu {n}")
    body = client.get("/api/v1/needs?per_page=2&page=2").json
    assert body["total"] == 5 and body["per_page"] == 2 and body["page"] == 2
    assert [n["title"] for n in body["items"]] == ["Nhu cầu 2", "Nhu cầu 1"]
    assert client.get("/api/v1/needs?page=9").json["items"] == []


@pytest.mark.parametrize(
    "query",
    [
        "status=draft",
        "status=anything",
        "sector=water",
        "commune=Hà Nội",
        "commune=99999",
        "page=abc",
        "page=0",
        "per_page=101",
        "page=99999999999999999999",
    ],
)
def test_bad_filters_are_json_400s(client, make, query):
    make.need(make.organization())
    response = client.get(f"/api/v1/needs?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == 400 and response.json["error"]["message"]


def test_the_api_speaks_utf8_json(client, make):
    make.need(make.organization(), title="Xử lý khí thải lò hơi đốt trấu")
    response = client.get("/api/v1/needs")
    assert response.mimetype == "application/json"
    assert response.json["items"][0]["title"] == "Xử lý khí thải lò hơi đốt trấu"
