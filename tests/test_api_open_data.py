"""Open data (contracts.md §10): a consumer mirrors the public records through /changes,
lists know when records changed, and the API speaks plain HTTP: ETag/304, CORS, Link."""

import re

import pytest

from directory.extensions import db


def all_pages(client, url):
    """Every item of a paginated list, following the Link header's next."""
    items, next_url = [], url
    while next_url:
        response = client.get(next_url)
        assert response.status_code == 200, response.get_json()
        items += response.get_json()["items"]
        found = re.search(r'<([^>]+)>; rel="next"', response.headers["Link"])
        next_url = found.group(1) if found else None
    return items


class Mirror:
    """What a consumer keeps: the public records, updated from the change feed."""

    def __init__(self, client):
        self.client = client
        self.records: dict[tuple[str, int], dict] = {}
        self.since = None

    def poll(self):
        url = "/api/v1/changes?per_page=3" + (f"&since={self.since}" if self.since else "")
        for change in all_pages(self.client, url):
            key = (change["kind"], change["id"])
            if change["action"] == "delete":
                self.records.pop(key, None)
            else:
                path = f"/api/v1/{change['kind']}s/{change['id']}"
                self.records[key] = self.client.get(path).get_json()
            self.since = change["at"]

    def of(self, kind):
        return {id_: record for (k, id_), record in self.records.items() if k == kind}


def api_lists(client):
    return {
        kind: {item["id"]: item for item in all_pages(client, f"/api/v1/{kind}s?per_page=100")}
        for kind in ("organization", "offering", "need")
    }


def test_a_consumer_mirrors_the_data_through_changes_and_stays_in_step(client, make):
    green = make.organization(name="Công ty Môi trường Xanh", ref="ORG-1")
    river = make.organization(name="Công ty Sông Tiền")
    mbr = make.offering(green, title="Hệ thống MBR", ref="OFF-1")
    dust = make.offering(river, title="Lọc bụi túi vải", sectors=("air",))
    make.offering(river, title="Bản nháp", published=False)
    need = make.need(river, title="Cần trạm xử lý nước thải")
    draft = make.need(green, title="Nhu cầu nháp", status="draft")

    mirror = Mirror(client)
    mirror.poll()
    assert {k: set(v) for k, v in api_lists(client).items()} == {
        k: set(mirror.of(k)) for k in ("organization", "offering", "need")
    }
    assert mirror.of("offering")[mbr.id]["ref"] == "OFF-1"

    mbr.title = "Hệ thống MBR thế hệ mới"  # an edit
    river.hidden = True  # a hide: its offering and need go too
    db.session.commit()
    draft.status = "open"  # a draft published
    db.session.commit()
    mirror.poll()
    lists = api_lists(client)
    assert mirror.of("offering")[mbr.id]["title"] == "Hệ thống MBR thế hệ mới"
    assert dust.id not in mirror.of("offering") and need.id not in mirror.of("need")
    assert {k: set(v) for k, v in lists.items()} == {
        k: set(mirror.of(k)) for k in ("organization", "offering", "need")
    }

    river.hidden = False
    db.session.commit()
    mbr.published = False  # an unpublish
    need.status = "closed"  # a need closing: still public, with its new status
    draft.status = "draft"  # a need turned back into a draft
    db.session.commit()
    gone = make.offering(green, title="Gỡ bỏ")
    db.session.delete(gone)  # removed
    db.session.commit()
    mirror.poll()
    lists = api_lists(client)
    for kind in ("organization", "offering", "need"):
        assert mirror.of(kind) == lists[kind], kind
    assert mirror.of("need")[need.id]["status"] == "closed"
    assert mbr.id not in mirror.of("offering") and draft.id not in mirror.of("need")


def test_a_removed_record_leaves_a_tombstone_with_its_ref(client, make):
    org = make.organization()
    offering = make.offering(org, ref="OFF-9")
    offering_id = offering.id
    db.session.delete(offering)
    db.session.commit()
    changes = client.get("/api/v1/changes").get_json()["items"]
    last = [c for c in changes if c["kind"] == "offering"][-1]
    assert last == {
        "kind": "offering",
        "id": offering_id,
        "ref": "OFF-9",
        "action": "delete",
        "at": last["at"],
    }
    assert last["at"].endswith("Z")


def test_a_record_never_public_leaves_no_tombstone(client, make):
    org = make.organization()
    draft = make.need(org, status="draft")
    draft.title = "Vẫn là nháp"
    db.session.commit()
    kinds = [(c["kind"], c["action"]) for c in client.get("/api/v1/changes").get_json()["items"]]
    assert kinds == [("organization", "upsert")]


def test_records_carry_timestamps_and_lists_filter_and_sort_by_them(client, make):
    org = make.organization(name="B")
    older = make.offering(org, title="Cũ")
    newer = make.offering(org, title="Mới")
    make.need(org)
    older.created_at = older.updated_at = older.updated_at.replace(year=2025)
    db.session.commit()
    item = client.get(f"/api/v1/offerings/{newer.id}").get_json()
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", item["updated_at"])
    assert item["created_at"] <= item["updated_at"]
    body = client.get("/api/v1/offerings?updated_since=2026-01-01T00:00:00Z").get_json()
    assert [i["id"] for i in body["items"]] == [newer.id]
    ascending = client.get("/api/v1/offerings?sort=updated_at").get_json()["items"]
    assert [i["id"] for i in ascending] == [older.id, newer.id]
    by_title = client.get("/api/v1/offerings?sort=-title").get_json()["items"]
    assert [i["title"] for i in by_title] == ["Mới", "Cũ"]
    for kind in ("organizations", "needs"):
        url = f"/api/v1/{kind}?sort=-updated_at&updated_since=2026-01-01"
        assert client.get(url).status_code == 200


def test_offerings_and_needs_filter_by_organization_and_organizations_list_sectors(client, make):
    green = make.organization(ref="ORG-G")
    other = make.organization()
    make.offering(green, sectors=("wastewater", "air"))
    make.offering(other)
    make.need(green)
    make.need(other)
    for value in (str(green.id), "ORG-G"):
        for kind in ("offerings", "needs"):
            body = client.get(f"/api/v1/{kind}?organization={value}").get_json()
            assert body["total"] == 1
            assert body["items"][0]["organization"]["id"] == green.id
    assert client.get("/api/v1/offerings?organization=NO-SUCH").get_json()["total"] == 0
    org = client.get(f"/api/v1/organizations/{green.id}").get_json()
    assert sorted(org["sectors"]) == ["air", "wastewater"]
    listed = client.get("/api/v1/organizations").get_json()["items"]
    assert {o["id"]: o["sectors"] for o in listed}[other.id] == ["wastewater"]


@pytest.mark.parametrize(
    "url, parameter",
    [
        ("/api/v1/offerings?updated_since=yesterday", "updated_since"),
        ("/api/v1/needs?updated_since=2026-13-45", "updated_since"),
        ("/api/v1/changes?since=2026-02-30", "since"),
        ("/api/v1/organizations?sort=password", "sort"),
        ("/api/v1/offerings?sort=--title", "sort"),
        ("/api/v1/offerings?page=0", "page"),
        ("/api/v1/needs?commune=Atlantis", "commune"),
        ("/api/v1/changes?since=" + "9" * 5000, "since"),
    ],
)
def test_bad_parameters_are_named_in_a_stable_error(client, url, parameter):
    response = client.get(url)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == 400
    assert (error["type"], error["parameter"]) == ("invalid_parameter", parameter)
    assert response.headers["Access-Control-Allow-Origin"] == "*"


def test_an_unchanged_list_answers_304_and_an_edit_changes_the_etag(client, make):
    org = make.organization()
    offering = make.offering(org)
    first = client.get("/api/v1/offerings")
    etag = first.headers["ETag"]
    assert first.headers["Cache-Control"] == "public, max-age=60"
    again = client.get("/api/v1/offerings", headers={"If-None-Match": etag})
    assert again.status_code == 304 and again.data == b""
    offering.title = "Tên mới"
    db.session.commit()
    changed = client.get("/api/v1/offerings", headers={"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_cors_on_get_and_on_a_preflight_and_no_session_is_read(client, make, auth):
    officer = make.user(role="officer")
    auth.login(officer)
    response = client.get("/api/v1/sectors", headers={"Origin": "https://portal.example"})
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response.headers["Access-Control-Expose-Headers"]
    assert "Set-Cookie" not in response.headers
    assert "Cookie" not in response.headers.get("Vary", "")
    assert response.headers["Cache-Control"] == "public, max-age=60"
    preflight = client.options(
        "/api/v1/offerings",
        headers={
            "Origin": "https://portal.example",
            "Access-Control-Request-Method": "GET",
            "Access-Control-Request-Headers": "If-None-Match",
        },
    )
    assert preflight.status_code == 200
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    assert "If-None-Match" in preflight.headers["Access-Control-Allow-Headers"]


def test_wrong_method_answers_405_with_allow(client):
    response = client.post("/api/v1/offerings")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["type"] == "method_not_allowed"


def test_lists_link_their_pages(client, make):
    org = make.organization()
    for n in range(5):
        make.offering(org, title=f"Giải pháp {n}")
    links = client.get("/api/v1/offerings?per_page=2&page=2&sector=wastewater").headers["Link"]
    rels = dict((rel, url) for url, rel in re.findall(r'<([^>]+)>; rel="(\w+)"', links))
    assert set(rels) == {"first", "prev", "next", "last"}
    assert "page=3" in rels["next"] and "sector=wastewater" in rels["next"]
    assert "page=3" in rels["last"] and "page=1" in rels["prev"]


@pytest.mark.app_config(API_RATE_LIMIT_ENABLED=True, API_RATE_LIMIT="3 per minute")
def test_a_client_over_the_rate_limit_gets_429_with_retry_after(client):
    for remaining in (2, 1, 0):
        response = client.get("/api/v1/sectors")
        assert response.status_code == 200
        assert response.headers["RateLimit-Limit"] == "3"
        assert response.headers["RateLimit-Remaining"] == str(remaining)
    refused = client.get("/api/v1/sectors")
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert refused.get_json()["error"]["type"] == "rate_limited"
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    other = client.get("/api/v1/sectors", environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert other.status_code == 200  # counted per client address
    assert client.get("/").status_code == 200  # the web site is not limited


def test_an_unchanged_page_answers_304_without_reading_the_records(client, make, count_queries):
    org = make.organization()
    for n in range(30):
        make.offering(org, title=f"Giải pháp {n}")
    url = "/api/v1/offerings?per_page=100"
    etag = client.get(url).headers["ETag"]
    with count_queries() as counter:
        response = client.get(url, headers={"If-None-Match": etag})
    assert response.status_code == 304
    assert not any("FROM offerings" in s for s in counter.statements)
    assert counter.n <= 4  # the change log's head, the features, the incubator badges
    other = client.get(url + "&sector=air", headers={"If-None-Match": etag})
    assert other.status_code == 200  # another query string is another answer
