"""Open data (contracts.md §10): bulk export, reference lists, the root and openapi.json."""

import csv
import io
import json

import pytest
from flask import current_app

from directory.extensions import db


def test_ndjson_export_has_one_line_per_public_record_with_the_api_fields(client, make):
    org = make.organization()
    for n in range(7):
        make.offering(org, title=f"Giải pháp {n}")
    make.offering(org, title="Nháp", published=False)
    response = client.get("/api/v1/export/offerings.ndjson")
    assert response.status_code == 200
    assert response.mimetype == "application/x-ndjson"
    licence = current_app.config["OPEN_DATA_LICENSE_URL"]
    assert response.headers["Link"] == f'<{licence}>; rel="license"'
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    lines = response.get_data(as_text=True).splitlines()
    total = client.get("/api/v1/offerings").get_json()["total"]
    assert len(lines) == total == 7
    first = json.loads(lines[0])
    assert set(first) == set(client.get(f"/api/v1/offerings/{first['id']}").get_json())


def test_csv_export_escapes_commas_newlines_and_formulas(client, make):
    org = make.organization(name='=HYPERLINK("http://evil")', description="a, b\nc")
    make.need(org, title="+1 cần, gấp\nngay")
    make.need(org, title="@SUM(A1)", status="draft")
    for kind in ("organizations", "needs"):
        response = client.get(f"/api/v1/export/{kind}.csv")
        assert response.status_code == 200 and response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert len(rows) == client.get(f"/api/v1/{kind}").get_json()["total"] == 1
    orgs = list(csv.DictReader(io.StringIO(client.get("/api/v1/export/organizations.csv").text)))
    assert orgs[0]["name"] == '\'=HYPERLINK("http://evil")'
    assert orgs[0]["description"] == "a, b\nc"
    assert orgs[0]["commune.code"] == "28261"
    needs = list(csv.DictReader(io.StringIO(client.get("/api/v1/export/needs.csv").text)))
    assert needs[0]["title"] == "'+1 cần, gấp\nngay"
    assert needs[0]["organization.id"] == str(org.id)


def test_export_etag_follows_the_change_log(client, make):
    org = make.organization()
    make.offering(org)
    first = client.get("/api/v1/export/offerings.ndjson")
    etag = first.headers["ETag"]
    assert (
        client.get("/api/v1/export/offerings.ndjson", headers={"If-None-Match": etag}).status_code
        == 304
    )
    org.name = "Tên mới"
    db.session.commit()
    assert client.get("/api/v1/export/offerings.ndjson").headers["ETag"] != etag


def test_export_of_an_unknown_kind_or_format_is_404(client):
    for url in ("/api/v1/export/users.csv", "/api/v1/export/offerings.xlsx"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.get_json()["error"]["type"] == "not_found"


def test_reference_lists_give_codes_and_names_in_both_languages(client):
    sectors = client.get("/api/v1/sectors").get_json()["items"]
    assert len(sectors) == 14
    wastewater = sectors[0]
    assert wastewater == {
        "code": "wastewater",
        "name_vi": "Xử lý nước thải",
        "name_en": "Wastewater treatment",
        "plan_target": "70-80%",
    }
    communes = client.get("/api/v1/communes").get_json()["items"]
    assert len(communes) == 102
    my_tho = next(c for c in communes if c["code"] == "28261")
    assert (my_tho["name_vi"], my_tho["name_en"], my_tho["type"]) == (
        "Phường Mỹ Tho",
        "Mỹ Tho Ward",
        "ward",
    )
    zones = client.get("/api/v1/industrial-zones").get_json()["items"]
    park = next(z for z in zones if z["name_vi"] == "KCN Mỹ Tho")
    assert park["name_en"] == "Mỹ Tho Industrial Park" and park["kind"] == "park"
    assert park["commune"]["name"] == "Phường Trung An"


def test_the_root_links_every_resource_and_names_licence_publisher_and_contact(client, app):
    body = client.get("/api/v1/").get_json()
    assert body["license"] == {
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    }
    assert body["publisher"] == "Sở Công Thương tỉnh Đồng Tháp"
    assert body["contact"]["url"] == "http://localhost/"  # SITE_URL until an address is set
    assert "email" not in body["contact"]
    for name in ("organizations", "offerings", "needs", "changes", "sectors", "communes"):
        path = body["links"][name].split("localhost", 1)[1]
        assert client.get(path).status_code == 200, name
    path = body["links"]["export"]["needs"]["csv"].split("localhost", 1)[1]
    assert client.get(path).status_code == 200


@pytest.mark.app_config(OPEN_DATA_CONTACT_EMAIL="du-lieu@example.vn")
def test_openapi_names_licence_contact_operation_ids_tags_and_limits(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert spec["info"]["license"]["name"] == "CC BY 4.0"
    assert spec["info"]["contact"]["email"] == "du-lieu@example.vn"
    ids = []
    for path, item in spec["paths"].items():
        for operation in item.values():
            assert operation["tags"], path
            ids.append(operation["operationId"])
    assert len(ids) == len(set(ids))
    for path in ("/changes", "/export/{kind}.{format}", "/sectors", "/communes", "/"):
        assert path in spec["paths"]
    params = {p["name"]: p["schema"] for p in spec["paths"]["/needs"]["get"]["parameters"]}
    assert params["page"]["maximum"] == 100_000 and params["per_page"]["maximum"] == 100
    assert "28261" in params["commune"]["enum"] and "Phường Mỹ Tho" in params["commune"]["enum"]
    search = {p["name"]: p for p in spec["paths"]["/search"]["get"]["parameters"]}
    assert search["q"]["required"] and search["q"]["schema"]["pattern"]
