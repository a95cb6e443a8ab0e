"""The API's match endpoints answer from the stored matches, as the pages do, and rank live
only for a record whose matches are not stored yet (issue 15, speed)."""

import pytest
from sqlalchemy import delete, select

from directory import search
from directory.extensions import db
from directory.matching import services as matching_services
from directory.matching.models import StoredMatch
from directory.search import outbox
from directory.search.models import SearchOutbox


@pytest.fixture
def market(make):
    """Two wastewater suppliers and a cluster's wastewater need, matches stored on commit."""
    green = make.organization(name="Công ty Môi trường Xanh Sa Đéc")
    plant = make.offering(
        green,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thi công trạm xử lý nước thải công nghệ SBR, 500 m³/ngày.",
    )
    press = make.offering(
        make.organization(name="Cơ khí Tân Thuận"),
        title="Máy ép bùn trục vít cho trạm xử lý nước thải",
        description="Máy ép bùn thải sau bể lắng của trạm xử lý nước thải.",
        type="equipment",
    )
    cluster = make.organization(name="Ban quản lý cụm công nghiệp Phú Hòa")
    need = make.need(
        cluster,
        title="Cần trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Nước thải cụm công nghiệp chưa được xử lý, cần trạm và máy ép bùn.",
        sectors=("wastewater",),
    )
    return {"plant": plant, "press": press, "need": need}


def stored_ids(need_id):
    return list(
        db.session.scalars(
            select(StoredMatch.offering_id)
            .where(StoredMatch.need_id == need_id)
            .order_by(StoredMatch.rank)
        )
    )


class Live:
    """Stands in for the live ranking and counts its calls."""

    def __init__(self, monkeypatch):
        self.calls = 0
        for name in ("matches_for_need", "needs_for_offering"):
            monkeypatch.setattr(search, name, self)

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return []


def test_need_matches_are_the_stored_ranking_without_searching(client, monkeypatch, market):
    need = market["need"]
    ranked = stored_ids(need.id)
    assert market["plant"].id in ranked
    live = Live(monkeypatch)

    body = client.get(f"/api/v1/needs/{need.id}/matches?limit=1").get_json()

    assert live.calls == 0
    assert [m["offering"]["id"] for m in body["matches"]] == ranked[:1]
    row = db.session.scalar(select(StoredMatch).where(StoredMatch.need_id == need.id))
    first = body["matches"][0]
    assert first["score"] == row.score and first["reasons"] == row.reasons["vi"]
    assert first["offering"]["organization"]["name"] == "Công ty Môi trường Xanh Sa Đéc"


def test_the_api_and_the_live_ranking_agree_when_stored(client, app, market):
    need = market["need"]
    with app.test_request_context():
        live = [m.id for m in search.matches_for_need(need, limit=10)]
    body = client.get(f"/api/v1/needs/{need.id}/matches").get_json()
    assert [m["offering"]["id"] for m in body["matches"]] == live


def test_a_need_whose_change_waits_for_the_index_is_ranked_live(client, monkeypatch, market):
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)
    db.session.add(SearchOutbox(entity="need", entity_id=market["need"].id))
    db.session.commit()
    live = Live(monkeypatch)

    body = client.get(f"/api/v1/needs/{market['need'].id}/matches").get_json()

    assert live.calls == 1 and body["matches"] == []


def test_a_need_without_stored_matches_is_ranked_live(client, monkeypatch, market):
    db.session.execute(delete(StoredMatch))
    db.session.commit()
    body = client.get(f"/api/v1/needs/{market['need'].id}/matches").get_json()
    assert market["plant"].id in [m["offering"]["id"] for m in body["matches"]]


def test_asking_for_more_than_a_need_keeps_ranks_live(client, monkeypatch, market):
    kept = len(stored_ids(market["need"].id))
    monkeypatch.setattr(matching_services, "KEEP", kept)
    live = Live(monkeypatch)

    client.get(f"/api/v1/needs/{market['need'].id}/matches?limit={kept}")
    assert live.calls == 0
    client.get(f"/api/v1/needs/{market['need'].id}/matches?limit={kept + 1}")
    assert live.calls == 1


def test_an_offering_hidden_since_the_matches_were_stored_is_left_out(client, market):
    ranked = stored_ids(market["need"].id)
    hidden = db.session.get(type(market["plant"]), ranked[0])
    # Hide it without the index hearing of it: the stored rows still list it.
    db.session.execute(
        type(hidden).__table__.update().where(type(hidden).id == hidden.id).values(hidden=True)
    )
    db.session.commit()

    body = client.get(f"/api/v1/needs/{market['need'].id}/matches").get_json()

    assert stored_ids(market["need"].id) == ranked
    assert hidden.id not in [m["offering"]["id"] for m in body["matches"]]
    assert [m["offering"]["id"] for m in body["matches"]] == ranked[1:]


def test_offering_matches_are_the_needs_that_store_it(client, monkeypatch, market):
    live = Live(monkeypatch)
    body = client.get(f"/api/v1/offerings/{market['plant'].id}/matches").get_json()
    assert live.calls == 0
    assert [m["need"]["id"] for m in body["matches"]] == [market["need"].id]
    assert body["matches"][0]["reasons"][0] in ("Rất phù hợp", "Phù hợp", "Có thể phù hợp")


def test_an_offering_no_need_stores_is_ranked_live(client, monkeypatch, make, market):
    other = make.offering(make.organization(), title="Hạt nhựa tái chế PP", type="product")
    assert not db.session.scalar(select(StoredMatch).where(StoredMatch.offering_id == other.id))
    live = Live(monkeypatch)

    client.get(f"/api/v1/offerings/{other.id}/matches")

    assert live.calls == 1


def test_stored_reasons_follow_the_visitor_language(client, market):
    # The API reads no session: the language comes from the Accept-Language header.
    body = client.get(
        f"/api/v1/needs/{market['need'].id}/matches", headers={"Accept-Language": "en"}
    ).get_json()
    assert any(r.startswith("Same sector") for m in body["matches"] for r in m["reasons"])
