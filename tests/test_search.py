"""Search as people type it: with or without accents, abbreviations, typos, facets."""

import pytest

from directory import search
from directory.extensions import db


@pytest.fixture
def catalogue(make):
    """A small province: two wastewater suppliers, a dust-filter maker, an agency with a need."""
    green = make.organization(name="Công ty Môi trường Xanh", verification="verified")
    river = make.organization(name="Công ty Kỹ thuật Sông Tiền", commune="Xã Tân Hương")
    make.offering(
        green,
        title="Hệ thống xử lý nước thải chế biến cá tra",
        description="Tuyển nổi DAF và sinh học AAO cho nhà máy phi lê cá tra.",
    )
    make.offering(
        river,
        title="Trạm XLNT tập trung công nghệ SBR",
        description="Cho khu dân cư, cụm công nghiệp.",
        type="service",
    )
    make.offering(
        river,
        title="Lọc bụi túi vải cho lò hơi đốt trấu",
        description="Bụi sau lọc đạt QCVN 19.",
        sectors=("air",),
        type="equipment",
    )
    agency = make.organization(name="Ban quản lý KCN Sa Đéc", kind="public_agency")
    make.need(agency, title="Cần thu gom chất thải nguy hại trong KCN", procurement="quotation")
    return green, river


def titles(found):
    return [str(h.title).replace("<mark>", "").replace("</mark>", "") for h in found.hits]


def test_a_query_without_accents_finds_the_accented_offering(app, catalogue):
    with app.test_request_context():
        typed = search.search("xu ly nuoc thai ca tra")
        accented = search.search("xử lý nước thải cá tra")
    assert titles(typed)[0] == "Hệ thống xử lý nước thải chế biến cá tra"
    assert titles(typed) == titles(accented)


def test_d_with_stroke_folds_to_d(app, make):
    org = make.organization()
    make.offering(org, title="Lập báo cáo đánh giá tác động môi trường", sectors=("consulting",))
    with app.test_request_context():
        assert titles(search.search("danh gia tac dong"))[0].startswith("Lập báo cáo đánh giá")


def test_an_abbreviation_finds_the_words_it_stands_for(app, catalogue):
    with app.test_request_context():
        found = titles(search.search("XLNT"))
        assert "Hệ thống xử lý nước thải chế biến cá tra" in found
        # ... and the words find the abbreviation
        assert "Trạm XLNT tập trung công nghệ SBR" in titles(search.search("xử lý nước thải"))


def test_a_synonym_finds_the_other_word(app, make):
    org = make.organization()
    make.offering(org, title="Hầm khí sinh học cho trang trại", sectors=("waste-to-energy",))
    with app.test_request_context():
        assert titles(search.search("biogas")) == ["Hầm khí sinh học cho trang trại"]


def test_the_accented_match_ranks_before_the_other_tone(app, make):
    org = make.organization()
    make.offering(org, title="Dịch vụ thái lát phụ phẩm", description="Thiết bị thái.")
    make.offering(org, title="Dịch vụ thải lát phụ phẩm", description="Thiết bị thải.")
    with app.test_request_context():
        assert titles(search.search("thải"))[0] == "Dịch vụ thải lát phụ phẩm"
        assert titles(search.search("thái"))[0] == "Dịch vụ thái lát phụ phẩm"


def test_results_carry_facet_counts_and_filters_narrow_them(app, catalogue):
    with app.test_request_context():
        found = search.search("nước thải")
        kinds = {v.value: v.count for v in found.facets["kind"].values}
        assert kinds == {"offering": 2}
        sectors = {v.value: v.count for v in found.facets["sector"].values}
        assert sectors["wastewater"] == 2
        verified = {v.value: v.count for v in found.facets["verified"].values}
        assert verified == {"0": 1, "1": 1}
        narrowed = search.search("nước thải", filters={"verified": "1"})
    assert titles(narrowed) == ["Hệ thống xử lý nước thải chế biến cá tra"]
    assert narrowed.total == 1


def test_needs_have_a_procurement_facet(app, catalogue):
    with app.test_request_context():
        found = search.search("chất thải nguy hại", kind="need")
    assert titles(found) == ["Cần thu gom chất thải nguy hại trong KCN"]
    assert [(v.value, v.count) for v in found.facets["procurement"].values] == [("quotation", 1)]


def test_snippets_mark_matches_and_escape_everything_else(app, make):
    org = make.organization()
    make.offering(
        org,
        title="Bể <b>lọc</b> nước",
        description="<script>alert(1)</script> Bể lọc nước giếng nhiễm phèn cho hộ gia đình.",
    )
    with app.test_request_context():
        hit = search.search("phen")
    snippet = str(hit.hits[0].snippet)
    assert "<mark>phèn</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert "&lt;b&gt;" in str(hit.hits[0].title)


def test_a_misspelt_word_gets_a_did_you_mean(app, catalogue):
    with app.test_request_context():
        found = search.search("loc bui tui vai lo hoii")
        assert found.suggestion == "loc bui tui vai lo hơi"
        assert search.search("lọc bụi").suggestion is None


def test_hidden_and_unpublished_records_are_never_found(app, make):
    org = make.organization()
    shown = make.offering(org, title="Máy ép bùn băng tải")
    hidden = make.offering(org, title="Máy ép bùn khung bản", hidden=True)
    draft = make.offering(org, title="Máy ép bùn trục vít", published=False)
    make.need(org, title="Cần máy ép bùn cho trạm", status="draft")
    secret = make.organization(name="Công ty ép bùn ẩn", hidden=True)
    make.offering(secret, title="Máy ép bùn ly tâm")
    with app.test_request_context():
        assert titles(search.search("máy ép bùn")) == ["Máy ép bùn băng tải"]
        # Hiding after the fact takes it out of the index too.
        shown.hidden = True
        db.session.commit()
        assert search.search("máy ép bùn").hits == []
        hidden.hidden = False
        draft.published = True
        db.session.commit()
        assert len(search.search("máy ép bùn").hits) == 2


def test_hiding_an_organization_takes_its_offerings_out(app, catalogue):
    green, _ = catalogue
    with app.test_request_context():
        assert search.search("cá tra").hits
        green.hidden = True
        db.session.commit()
        assert search.search("cá tra").hits == []


def test_odd_queries_do_not_break_search(app, catalogue):
    with app.test_request_context():
        for q in ["", "   ", "*", "AND OR NOT", '"', "(", "x" * 5000, "𝔵𝔲 ̉ ly", "\x00", "a:b"]:
            found = search.search(q)
            assert found.total >= 0
        assert search.search("nước thải", page=10**9).hits == []


def assert_nothing_is_found(app, need, offering):
    with app.test_request_context():
        for q in ["xu ly nuoc thai", "lo hoii", ""]:
            found = search.search(q)
            assert (found.total, found.hits, found.suggestion) == (0, [], None)
            assert all(v.count == 0 for f in found.facets.values() for v in f.values)
        assert search.search("bùn", kind="need", filters={"procurement": "quotation"}).hits == []
        assert search.search_ids("bùn", "offering") == []
        assert search.matches_for_need(need) == []
        assert search.needs_for_offering(offering) == []


def test_the_first_search_of_an_empty_directory_finds_nothing_and_fails_nothing(app, make):
    org = make.organization(hidden=True)  # nothing public yet: the index has no document
    need = make.need(org, title="Cần xử lý nước thải", status="draft")
    offering = make.offering(org, title="Máy ép bùn xử lý nước thải", published=False)
    assert_nothing_is_found(app, need, offering)


def test_an_index_whose_only_record_was_deleted_finds_nothing(app, make):
    org = make.organization()
    gone = make.offering(org, title="Máy ép bùn lò hơi xử lý nước thải")
    with app.test_request_context():
        assert search.search("may ep bun").total == 1
    db.session.delete(gone)
    db.session.commit()
    org.hidden = True
    db.session.commit()
    need = make.need(org, title="Cần xử lý nước thải", status="draft")
    offering = make.offering(org, title="Máy ép bùn xử lý nước thải", published=False)
    assert_nothing_is_found(app, need, offering)
