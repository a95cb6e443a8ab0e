"""The index follows the database: outbox in the same transaction, drains, crashes, rebuilds."""

import multiprocessing
import os

import pytest
from sqlalchemy import select

from directory import search
from directory.extensions import db
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.search import index, outbox
from directory.search.models import SearchOutbox


def found(q, kind="offering"):
    return [h.id for h in search.search(q, kind=kind).hits]


def queued(kind="offering"):
    """Ids of the records of ``kind`` waiting for the index."""
    stmt = select(SearchOutbox.entity_id).where(SearchOutbox.entity == kind)
    return sorted(set(db.session.scalars(stmt)))


def nothing_queued():
    return db.session.scalars(select(SearchOutbox.id)).all() == []


def test_a_committed_change_is_searchable_at_once_and_the_outbox_is_empty(app, make):
    org = make.organization()
    offering = make.offering(org, title="Máy ép bùn băng tải")
    with app.test_request_context():
        assert found("ép bùn") == [offering.id]
        assert nothing_queued()


def test_a_rolled_back_change_leaves_no_outbox_row_and_no_document(app, make):
    org = make.organization()
    with app.test_request_context():
        offering = Offering(organization=org, type="product", title="Than hoạt tính")
        db.session.add(offering)
        db.session.flush()
        assert queued() == [offering.id]  # written in the same transaction as the offering
        db.session.rollback()
        assert nothing_queued()
        assert found("than hoạt tính") == []


def test_a_crash_between_commit_and_index_write_is_repaired_by_the_next_drain(
    app, make, monkeypatch
):
    org = make.organization()
    with app.test_request_context():
        monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)  # the process "dies" here
        offering = make.offering(org, title="Tháp hấp thụ khí thải")
        assert found("hấp thụ") == []
        assert queued() == [offering.id]
        monkeypatch.undo()
        assert search.drain_outbox() >= 1
        assert found("hấp thụ") == [offering.id]
        assert nothing_queued()


def test_a_failing_index_write_never_reaches_the_user(client, app, make, monkeypatch):
    org = make.organization()

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(index, "write", broken)
    offering = make.offering(org, title="Bể lọc nước nhiễm phèn")  # commits without raising
    monkeypatch.undo()
    with app.test_request_context():
        assert queued() == [offering.id]
        search.drain_outbox()
        assert found("nhiễm phèn") == [offering.id]


def test_a_busy_writer_leaves_the_change_for_later(app, make, monkeypatch):
    org = make.organization()
    monkeypatch.setattr(index, "WRITE_TIMEOUT", 0.1)
    with app.test_request_context():
        _, ix = index.current_index()
        holder = ix.writer()  # another process holds the lock
        try:
            offering = make.offering(org, title="Xe ép rác chuyên dùng")
            assert queued() == [offering.id]
            assert search.drain_outbox() == 0
        finally:
            holder.cancel()
        assert search.drain_outbox() >= 1
        assert found("xe ép rác") == [offering.id]


def test_changing_an_organization_reindexes_its_offerings(app, make):
    org = make.organization(name="Công ty Xanh")
    offering = make.offering(org, title="Chế phẩm vi sinh khử mùi")
    with app.test_request_context():
        assert search.search("khử mùi", filters={"verified": "1"}).hits == []
        org.verification = "verified"
        db.session.commit()
        assert [h.id for h in search.search("khử mùi", filters={"verified": "1"}).hits] == [
            offering.id
        ]


def test_deleting_an_offering_removes_it(app, make):
    org = make.organization()
    offering = make.offering(org, title="Lò đốt chất thải y tế")
    with app.test_request_context():
        db.session.delete(offering)
        db.session.commit()
        assert found("lò đốt") == []


def test_each_process_keeps_one_searcher_and_renews_it_after_a_change(app, make):
    org = make.organization()
    with app.test_request_context():
        first = index.searcher()
        assert index.searcher() is first
        make.offering(org, title="Đèn LED tiết kiệm điện")
        renewed = index.searcher()
        assert renewed is not first
        assert index.searcher() is renewed


def _write_offerings(config, worker, count):
    """One 'gunicorn worker': its own app, committing offerings one by one."""
    from directory import create_app

    app = create_app(config)
    with app.app_context():
        org = Organization(name=f"Công ty số {worker}", kind="company")
        db.session.add(org)
        db.session.commit()
        for n in range(count):
            db.session.add(
                Offering(
                    organization=org,
                    type="service",
                    title=f"Dịch vụ môi trường mã{worker}x{n}",
                )
            )
            db.session.commit()
        db.engine.dispose()


def test_several_processes_writing_at_once_lose_nothing(app):
    workers, each = 3, 4
    config = {k: app.config[k] for k in ("SQLALCHEMY_DATABASE_URI", "SEARCH_INDEX_DIR")}
    config.update(DIRECTORY_ENV="testing", SECRET_KEY="x", MAIL_DIR=app.config["MAIL_DIR"])
    if "SQLALCHEMY_ENGINE_OPTIONS" in app.config:
        config["SQLALCHEMY_ENGINE_OPTIONS"] = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    context = multiprocessing.get_context("spawn")
    processes = [
        context.Process(target=_write_offerings, args=(config, w, each)) for w in range(workers)
    ]
    for p in processes:
        p.start()
    for p in processes:
        p.join(120)
        assert p.exitcode == 0
    with app.test_request_context():
        search.drain_outbox()  # whatever a busy writer left behind
        assert nothing_queued()
        for w in range(workers):
            for n in range(each):
                assert len(found(f"mã{w}x{n}")) == 1, (w, n)
        assert search.search("dịch vụ môi trường", kind="offering").total == workers * each


def test_reindex_rebuilds_from_the_database_and_swaps_folders(app, make, runner):
    org = make.organization()
    kept = make.offering(org, title="Giá thể vi sinh MBBR")
    with app.test_request_context():
        # A record that reached the database behind the index's back (e.g. a restore).
        db.session.add(Offering(organization=org, type="product", title="Giá thể vi sinh dạng cầu"))
        db.session.commit()
        db.session.execute(db.delete(SearchOutbox))
        db.session.commit()
        before = index.current_index()[0]
        searcher_before = index.searcher()
    result = runner.invoke(args=["reindex"])
    assert result.exit_code == 0, result.output
    assert "Indexed" in result.output
    with app.test_request_context():
        assert index.current_index()[0] != before
        assert index.searcher() is not searcher_before
        assert len(found("giá thể vi sinh")) == 2
        assert kept.id in found("giá thể vi sinh")
        folders = [f for f in os.listdir(app.config["SEARCH_INDEX_DIR"]) if f.startswith("gen-")]
        assert len(folders) <= 2


def test_drain_index_command_applies_what_is_waiting(app, make, runner, monkeypatch):
    org = make.organization()
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)
    offering = make.offering(org, title="Quan trắc khí thải tự động")
    monkeypatch.undo()
    result = runner.invoke(args=["drain-index"])
    assert result.exit_code == 0, result.output
    assert "0 still waiting." in result.output
    with app.test_request_context():
        assert found("quan trắc") == [offering.id]


def test_a_request_picks_up_changes_another_process_left(client, app, make, monkeypatch):
    org = make.organization()
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)
    offering = make.offering(org, title="Hầm biogas phủ bạt HDPE")
    monkeypatch.undo()
    monkeypatch.setitem(outbox._last_check, "at", 0.0)
    client.get("/")
    with app.test_request_context():
        assert found("biogas") == [offering.id]


@pytest.mark.app_config(SEARCH_INDEX_DIR=None)
def test_the_index_lives_in_the_instance_folder_by_default(app):
    assert app.config["SEARCH_INDEX_DIR"].endswith("index")


def test_many_small_edits_keep_every_result_exact(app, make):
    """Each commit adds a segment and edits delete older copies: results stay exact."""
    org = make.organization()
    offerings = [make.offering(org, title=f"Máy thổi khí số {n}") for n in range(6)]
    with app.test_request_context():
        assert sorted(found("máy thổi khí")) == sorted(o.id for o in offerings)
        offerings[0].title = "Bơm định lượng hóa chất"
        db.session.commit()
        offerings[1].hidden = True
        db.session.commit()
        db.session.delete(offerings[2])
        db.session.commit()
        offerings[3].title = "Máy thổi khí Root (bản mới)"
        db.session.commit()
        assert sorted(found("máy thổi khí")) == sorted(o.id for o in offerings[3:])
        assert found("bơm định lượng") == [offerings[0].id]


@pytest.mark.app_config(SEARCH_WARM_UP=True)
def test_a_process_warms_the_common_terms_on_its_first_request(client, app, make):
    from directory.search import postings, query

    query._segment_forms.clear()
    org = make.organization()
    for n in range(3):
        make.offering(org, title=f"Hệ thống xử lý nước thải số {n}")
    postings._segments.clear()
    client.get("/")
    app.extensions["search_warm_up"].join(30)
    warmed = {(field, term) for _, field, term in postings._segments}
    assert ("title", "nuoc") in warmed and ("body_pairs", "mang_sinh") in warmed
    segments = {segment for segment, _field, _term in postings._segments}
    assert segments and segments <= set(query._segment_forms)  # did-you-mean's accents too
    with app.test_request_context():
        assert len(found("nước thải")) == 3


def test_reindex_while_another_process_writes_says_who_and_exits_cleanly(app, make, runner):
    """Issue 16 item 10: no raw IndexBusy traceback; the message names the lock's holder."""
    make.offering(make.organization(), title="Máy ép bùn")
    with app.app_context():
        _, ix = index.current_index()
        holder = ix.writer()
        try:
            result = runner.invoke(args=["reindex", "--timeout", "0.2"])
        finally:
            holder.cancel()
    assert result.exit_code == 1
    assert isinstance(result.exception, SystemExit)
    assert "locked by" in result.output and str(os.getpid()) in result.output


def test_the_worker_command_does_one_round_with_once(app, make, runner, monkeypatch):
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)
    offering = make.offering(make.organization(), title="Tháp hấp thụ khí thải")
    monkeypatch.undo()
    result = runner.invoke(args=["worker", "--once"])
    assert result.exit_code == 0, result.output
    with app.test_request_context():
        assert found("hấp thụ") == [offering.id]
        assert nothing_queued()


def test_the_organization_sector_facet_follows_its_offerings(app, make):
    """An organization is listed under a sector while one of its offerings is in it."""
    org = make.organization(name="Công ty Kỹ thuật Bến Tre")
    make.offering(org, title="Máy ép bùn", sectors=("wastewater",))
    dust = make.offering(org, title="Lọc bụi túi vải", sectors=("air",))

    def listed(sector):
        found = search.search("", kind="organization", filters={"sector": sector})
        return [h.id for h in found.hits]

    with app.test_request_context():
        assert listed("air") == [org.id]
        dust.sectors = [make.sector("monitoring-equipment")]
        db.session.commit()
        assert listed("air") == []
        assert listed("monitoring-equipment") == [org.id]
        db.session.delete(dust)
        db.session.commit()
        assert listed("monitoring-equipment") == []
        assert listed("wastewater") == [org.id]
