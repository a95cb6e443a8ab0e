"""Stored matches: computed when a need or an offering changes, read by the pages."""

import json

import pytest
from sqlalchemy import delete, select

from directory import search
from directory.extensions import db
from directory.matching.models import StoredMatch
from directory.needs import services as need_services


@pytest.fixture
def market(make):
    """A wastewater supplier, a compost supplier, and a cluster's wastewater need."""
    supplier = make.organization(name="Công ty Môi trường Xanh", verification="verified")
    plant = make.offering(
        supplier,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thi công trạm XLNT công suất 500–3.000 m³/ngày.",
    )
    compost = make.offering(
        supplier,
        title="Dây chuyền ủ phân compost",
        description="Ủ phân hữu cơ từ phụ phẩm nông nghiệp.",
        sectors=("solid-waste-treatment",),
    )
    owner = make.user()
    cluster = make.organization(owner=owner, name="Ban quản lý CCN Tân Hương")
    need = make.need(
        cluster,
        title="Cần đầu tư trạm XLNT tập trung cho cụm công nghiệp",
        description="Nước thải cụm công nghiệp khoảng 800 m³/ngày chưa được xử lý.",
        sectors=("wastewater",),
    )
    return {"plant": plant, "compost": compost, "need": need, "owner": owner}


def stored(need):
    rows = db.session.scalars(
        select(StoredMatch).where(StoredMatch.need_id == need.id).order_by(StoredMatch.rank)
    )
    return [(row.offering_id, row.rank) for row in rows]


def no_live_matching(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a page view ran the matching")

    monkeypatch.setattr(search, "matches_for_need", refuse)
    monkeypatch.setattr(search, "needs_for_offering", refuse)


def test_a_published_need_has_its_matches_stored_with_reasons_in_both_languages(app, market):
    row = db.session.scalar(select(StoredMatch).where(StoredMatch.need_id == market["need"].id))
    assert stored(market["need"])[0] == (market["plant"].id, 1)
    assert "Cùng lĩnh vực: Xử lý nước thải" in row.reasons["vi"]
    assert any(reason.startswith("Same sector") for reason in row.reasons["en"])


def test_the_need_page_reads_the_stored_matches_without_searching(
    client, auth, market, monkeypatch
):
    auth.login(market["owner"])
    no_live_matching(monkeypatch)

    page = client.get(f"/needs/{market['need'].id}").get_data(as_text=True)

    assert market["plant"].title in page
    assert "Cùng lĩnh vực" in page


def test_an_english_reader_sees_the_stored_reasons_in_english(client, auth, market):
    with client.session_transaction() as session:
        session["locale"] = "en"
    auth.login(market["owner"])

    page = client.get(f"/needs/{market['need'].id}").get_data(as_text=True)

    assert "Same sector" in page


def test_the_offering_page_lists_the_open_needs_that_stored_it(
    client, auth, make, market, monkeypatch
):
    auth.login(make.user(role="officer"))
    no_live_matching(monkeypatch)

    page = client.get(f"/offerings/{market['plant'].id}").get_data(as_text=True)

    assert market["need"].title in page


def test_a_new_offering_enters_the_matches_of_the_needs_it_fits(make, market):
    newcomer = make.organization(name="Công ty Cơ điện Sa Đéc")
    offering = make.offering(
        newcomer,
        title="Xây dựng trạm xử lý nước thải tập trung cụm công nghiệp",
        description="Trạm XLNT cho cụm công nghiệp, 1.000 m³/ngày.",
    )
    assert offering.id in [offering_id for offering_id, _ in stored(market["need"])]


def test_a_hidden_offering_leaves_the_page_at_once(client, auth, market):
    market["plant"].hidden = True
    db.session.commit()
    auth.login(market["owner"])

    page = client.get(f"/needs/{market['need'].id}").get_data(as_text=True)

    assert market["plant"].title not in page


def test_a_closed_need_keeps_its_last_matches_for_the_record(make, market):
    need = market["need"]
    before = stored(need)
    need_services.close_need(market["owner"], need, "fulfilled")
    later = make.offering(
        make.organization(),
        title="Trạm xử lý nước thải tập trung cụm công nghiệp giá tốt",
    )

    assert stored(need) == before
    assert later.id not in [offering_id for offering_id, _ in stored(need)]


def test_refresh_matches_recomputes_them_all(app, runner, market):
    db.session.execute(delete(StoredMatch))
    db.session.commit()

    result = runner.invoke(args=["refresh-matches"])

    assert result.exit_code == 0, result.output
    assert "Stored matches refreshed for 1 needs." in result.stdout
    assert stored(market["need"])[0] == (market["plant"].id, 1)


def test_reindex_recomputes_the_stored_matches(app, runner, market):
    db.session.execute(delete(StoredMatch))
    db.session.commit()

    result = runner.invoke(args=["reindex"])

    assert result.exit_code == 0, result.output
    assert stored(market["need"])[0] == (market["plant"].id, 1)


def test_an_import_stores_the_matches_of_its_needs(app, runner, tmp_path):
    data = {
        "format": "ecodirectory/v1",
        "organizations": [
            {"ref": f"ORG-{i}", "name": f"Công ty Môi trường {i}", "kind": "company"}
            for i in range(1, 5)
        ],
        "offerings": [
            {
                "ref": f"OFF-{i}",
                "organization": f"ORG-{i}",
                "type": "technology",
                "title": f"Hệ thống xử lý nước thải công nghệ MBR {i}",
                "sectors": ["wastewater"],
            }
            for i in range(1, 4)
        ],
        "needs": [
            {
                "ref": "NEED-1",
                "organization": "ORG-4",
                "title": "Cần hệ thống xử lý nước thải MBR",
                "sectors": ["wastewater"],
            }
        ],
    }
    path = tmp_path / "data.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")

    result = runner.invoke(args=["import-data", str(path)])

    assert result.exit_code == 0, result.output
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(StoredMatch)) == 3


def test_a_draft_has_no_stored_matches(make, market):
    draft = make.need(market["need"].organization, status="draft")
    assert stored(draft) == []


def test_the_yearly_report_counts_stored_matches_without_searching(
    app, client, auth, make, market, monkeypatch
):
    from directory.reports.services import build_report
    from directory.timeutil import today_in_vietnam

    no_live_matching(monkeypatch)
    year = today_in_vietnam().year
    with app.test_request_context():
        summary = {row[0]: row[1:] for row in build_report(year).summary.all_rows()}
    assert summary["Nhu cầu có giải pháp phù hợp"] == [1]
    auth.login(make.user(role="officer"))
    assert client.get(f"/officer/reports/{year}").status_code == 200
    assert client.get(f"/officer/reports/{year}/export.xlsx").status_code == 200


def test_a_need_closed_before_matches_were_stored_gets_them_once(app, runner, make, market):
    closed = make.need(
        market["need"].organization,
        title="Cần trạm xử lý nước thải tập trung cụm công nghiệp khu B",
        sectors=("wastewater",),
        status="closed",
        close_reason="fulfilled",
    )
    db.session.execute(delete(StoredMatch))
    db.session.commit()

    runner.invoke(args=["refresh-matches"])

    assert market["plant"].id in [offering_id for offering_id, _ in stored(closed)]


def test_an_offering_edit_in_a_request_leaves_the_needs_it_reaches_to_the_worker(
    app, make, market, monkeypatch
):
    from directory.jobs import services as jobs
    from directory.jobs.models import Job
    from directory.matching import services

    for n in range(6):
        make.need(
            market["need"].organization,
            title=f"Cần trạm xử lý nước thải tập trung cụm công nghiệp số {n}",
            sectors=("wastewater",),
        )
    refreshed = []
    real = services.refresh_matches_for_need

    def counting(need_id):
        refreshed.append(need_id)
        return real(need_id)

    monkeypatch.setattr(services, "refresh_matches_for_need", counting)
    with app.test_request_context():
        market["plant"].description += " Bảo hành 5 năm."
        db.session.commit()
    assert refreshed == []  # the supplier's save does not wait for seven rankings
    job = db.session.scalars(select(Job).where(Job.kind == "refresh-matches")).one()
    assert job.payload == {"offerings": [market["plant"].id]}

    done = jobs.run_next("test-worker")
    assert done.status == "done" and done.result == {"needs": 7}
    assert len(refreshed) == 7  # the worker reaches every need that lists it or it fits

    refreshed.clear()
    market["plant"].description += " Vận hành thử miễn phí."
    db.session.commit()
    assert len(refreshed) == 7  # a command (no request) refreshes them at once
