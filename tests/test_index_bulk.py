"""Bulk indexing: a rebuild or an import-sized drain writes fast and loses nothing."""

import unicodedata

from sqlalchemy.orm import Session

from directory import search
from directory.extensions import db
from directory.offerings.models import Offering
from directory.search import index, outbox, schema
from directory.search.models import SearchOutbox

ODD_TEXTS = [
    "",
    "x",
    "Hệ thống xử lý nước thải chế biến cá tra",
    "Đ đ ð Ð",
    unicodedata.normalize("NFD", "Nước thải lò hơi"),  # accents typed as combining marks
    "XLNT_ab 12 3,5 m³/ngày-đêm QCVN 40:2011/BTNMT",
    "𝔵𝔲 ̉ ly \x00 ﬁlter ǅ",
    "một",
]


def terms(analyzer, text):
    return [(t.text, t.pos, t.boost) for t in analyzer(text, positions=True, mode="index")]


def test_the_one_pass_analysis_gives_exactly_the_terms_of_the_original_chains():
    for mode, chain in schema._CHAINS.items():
        fast = schema.SyllableAnalyzer(mode)
        for text in ODD_TEXTS:
            assert terms(fast, text) == terms(chain(), text), (mode, text)
            # Character offsets (not used when indexing) still come from the chain.
            with_chars = [(t.text, t.startchar) for t in fast(text, chars=True)]
            assert with_chars == [(t.text, t.startchar) for t in chain()(text, chars=True)]
    assert schema.analysed("nước thải")["pairs"] == ["nuoc_thai"]
    assert schema.analysed("thải")["pairs"] == ["thai"]


def catalogue(make, n=8):
    org = make.organization(name="Công ty Môi trường Sen Hồng")
    for i in range(n):
        make.offering(org, title=f"Hệ thống xử lý nước thải số {i}", description="Công nghệ MBR.")
    make.offering(org, title="Lọc bụi túi vải lò hơi", sectors=("air",), type="equipment")
    make.need(org, title="Cần xử lý nước thải nhà máy cá tra")


def ranked(app):
    with app.test_request_context():
        need_id = search.search("nha may ca tra", kind="need").hits[0].id
        from directory.needs.models import Need

        # The same records with the same scores. Records that tie may come in either order
        # (the document numbers differ), and matching's feedback and diversity follow that
        # order: for matches, the same offerings.
        return (
            sorted(
                (h.kind, h.id, round(h.score, 6)) for h in search.search("xu ly nuoc thai").hits
            ),
            [(h.kind, h.id, round(h.score, 6)) for h in search.search("lò hơi").hits],
            sorted(m.id for m in search.matches_for_need(db.session.get(Need, need_id))),
        )


def test_two_writer_processes_build_the_index_that_one_builds(app, make, monkeypatch):
    catalogue(make)
    with app.test_request_context():
        assert search.reindex() == 11  # the organization, nine offerings, the need
        alone = ranked(app)
        monkeypatch.setattr(index, "PARALLEL_FROM", 1)
        monkeypatch.setattr(index, "PARALLEL_BATCH", 4)
        assert search.reindex() == 11
        assert len(index.searcher().reader().leaf_readers()) == 2  # one segment per process
    assert ranked(app) == alone
    assert alone[0] and alone[2]


def test_an_import_sized_drain_rebuilds_once_and_keeps_what_came_after(app, make, monkeypatch):
    monkeypatch.setattr(outbox, "BULK_FROM", 5)
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)  # the rows wait, as after an import
    catalogue(make)
    monkeypatch.undo()
    monkeypatch.setattr(outbox, "BULK_FROM", 5)
    rebuilt = []
    original = index.rebuild

    def rebuild(**kwargs):
        written = original(**kwargs)
        rebuilt.append(written)
        # Another process commits a change after the rebuild read the database.
        with Session(db.engine) as other:
            late = Offering(organization_id=1, type="product", title="Than hoạt tính dừa")
            other.add(late)
            other.flush()
            other.add(SearchOutbox(entity="offering", entity_id=late.id))
            other.commit()
        return written

    monkeypatch.setattr(index, "rebuild", rebuild)
    with app.test_request_context():
        before = index.current_index()[0]
        assert search.drain_outbox() >= 11
        assert rebuilt == [11]
        assert index.current_index()[0] != before
        assert db.session.scalars(db.select(SearchOutbox.id)).all() == []
        assert search.search("than hoạt tính").total == 1  # the late row was applied, not lost
        assert search.search("xử lý nước thải", kind="offering").total == 8


def test_a_few_changes_are_applied_one_by_one(app, make, monkeypatch):
    monkeypatch.setattr(index, "rebuild", lambda **kwargs: 1 / 0)
    catalogue(make, n=2)
    with app.test_request_context():
        assert search.search("xử lý nước thải", kind="offering").total == 2


def test_a_page_view_applies_a_few_changes_and_leaves_a_large_backlog_to_the_worker(
    client, app, make, monkeypatch
):
    """Issue 16 item 11: a large catch-up left behind is never rebuilt inside a request."""
    from directory.worker import Worker

    monkeypatch.setattr(outbox, "BULK_FROM", 5)
    monkeypatch.setattr(outbox, "REQUEST_ROWS", 4)
    real = outbox.drain_quietly
    monkeypatch.setattr(outbox, "drain_quietly", lambda: 0)  # the rows wait, as after an import
    catalogue(make)
    monkeypatch.setattr(outbox, "drain_quietly", real)
    monkeypatch.setattr(outbox, "_last_check", {"at": 0.0})

    def no_rebuild(**kwargs):
        raise AssertionError("a web request rebuilt the index")

    monkeypatch.setattr(index, "rebuild", no_rebuild)
    with app.app_context():
        waiting = outbox.pending()
    assert client.get("/").status_code == 200
    with app.app_context():
        assert outbox.pending() == waiting - 4  # a few rows, not the whole backlog
    monkeypatch.undo()
    with app.app_context():
        assert Worker().round()
        assert outbox.pending() == 0
        assert search.search("xử lý nước thải", kind="offering").total == 8
