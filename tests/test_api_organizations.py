"""Other systems read organizations through the JSON API (contracts.md §3)."""

import pytest

from directory.extensions import db
from directory.reference.models import IndustrialZone

SA_DEC = "29905"

KEYS = {
    "sectors",  # contracts.md §10 (open data)
    "created_at",
    "updated_at",
    "id",
    "ref",
    "name",
    "kind",
    "enterprise_code",
    "size",
    "commune",
    "industrial_zone",
    "address",
    "phone",
    "email",
    "website",
    "description",
    "verified",
    "incubatee",
    "featured",
    "url",
}


def test_an_organization_as_json(client, make):
    zone = db.session.scalars(db.select(IndustrialZone).filter_by(name="KCN Mỹ Tho")).one()
    org = make.organization(
        name="Công ty CP Môi trường Sa Đéc",
        ref="ORG-001",
        commune="Phường Sa Đéc",
        enterprise_code="1201234560",
        size="small",
        industrial_zone=zone,
        website="https://example.vn",
        verification="verified",
    )
    response = client.get(f"/api/v1/organizations/{org.id}")
    assert response.status_code == 200 and response.mimetype == "application/json"
    body = response.json
    assert set(body) == KEYS
    assert body["id"] == org.id and body["ref"] == "ORG-001"
    assert body["name"] == "Công ty CP Môi trường Sa Đéc" and body["kind"] == "company"
    assert body["commune"] == {"code": SA_DEC, "name": "Phường Sa Đéc"}
    assert body["industrial_zone"]["name"] == "KCN Mỹ Tho"
    assert body["verified"] is True and body["incubatee"] is False and body["featured"] is False
    assert body["url"].endswith(f"/organizations/{org.id}")


def test_hidden_and_unknown_organizations_are_json_404s(client, make):
    hidden = make.organization(hidden=True)
    for path in (
        f"/api/v1/organizations/{hidden.id}",
        "/api/v1/organizations/987654",
        "/api/v1/organizations/99999999999999999999",
        "/api/v1/organizations/abc",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json["error"]["code"] == 404, path


def test_the_list_is_paginated_with_the_contract_envelope(client, make):
    for i in range(7):
        make.organization(name=f"Tổ chức {i}")
    make.organization(name="Bị ẩn", hidden=True)
    body = client.get("/api/v1/organizations").json
    assert set(body) == {"items", "page", "per_page", "total"}
    assert (body["page"], body["per_page"], body["total"]) == (1, 20, 7)
    assert [o["name"] for o in body["items"]] == [f"Tổ chức {i}" for i in range(7)]

    body = client.get("/api/v1/organizations?page=2&per_page=3").json
    assert [o["name"] for o in body["items"]] == ["Tổ chức 3", "Tổ chức 4", "Tổ chức 5"]
    assert (body["page"], body["per_page"], body["total"]) == (2, 3, 7)
    assert client.get("/api/v1/organizations?per_page=100").status_code == 200
    beyond = client.get("/api/v1/organizations?page=99999").json
    assert beyond["items"] == [] and beyond["total"] == 7


@pytest.mark.parametrize(
    "query",
    [
        "page=abc",
        "page=0",
        "page=-1",
        "per_page=101",
        "per_page=0",
        "per_page=1.5",
        "page=99999999999999999999",
        "page=%00",
        "per_page=²",
        "verified=maybe",
        "kind=spaceship",
        "sector=alchemy",
        "commune=Atlantis",
    ],
)
def test_bad_arguments_are_json_400s(client, make, query):
    response = client.get(f"/api/v1/organizations?{query}")
    assert response.status_code == 400
    assert response.json["error"]["code"] == 400 and response.json["error"]["message"]


def test_the_list_filters_by_sector_commune_kind_and_verification(client, make):
    water = make.organization(name="Nước", commune="Phường Mỹ Tho", verification="verified")
    make.offering(water, sectors=("water-supply",))
    htx = make.organization(name="HTX", kind="cooperative", commune="Phường Sa Đéc")
    make.offering(htx, sectors=("recycling",))
    make.offering(htx, sectors=("water-supply",), published=False)

    def names(query):
        return sorted(o["name"] for o in client.get(f"/api/v1/organizations?{query}").json["items"])

    assert names("sector=water-supply") == ["Nước"]
    assert names("sector=recycling") == ["HTX"]
    assert names(f"commune={SA_DEC}") == ["HTX"]
    assert names("commune=Phường Sa Đéc") == ["HTX"]
    assert names("kind=cooperative") == ["HTX"]
    assert names("verified=true") == ["Nước"]
    assert names("verified=false") == ["HTX"]
    assert names("verified=1&kind=cooperative") == []
