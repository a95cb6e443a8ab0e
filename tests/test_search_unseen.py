"""Search and matching on listings the site has never seen: English queries, accents that tell
different words apart, the buyer's application, weak matches and reasons that read as noise.

Every record here is made up for the test; none is copied from an evaluation file.
"""

from directory import search


def titles(found):
    return [str(h.title).replace("<mark>", "").replace("</mark>", "") for h in found.hits]


def test_an_english_query_finds_the_vietnamese_listings(app, make):
    org = make.organization()
    make.offering(
        org,
        title="Bể lắng và lọc sinh học cho nhà máy nước đá",
        description="Công nghệ hiếu khí cho nước thải công nghiệp nhẹ.",
    )
    make.offering(
        org,
        title="Xe đẩy và thùng chứa rác cho khu phố",
        description="Thu gom rác tận nhà mỗi sáng.",
        sectors=("waste-collection",),
    )
    make.offering(
        org,
        title="Tư vấn lập hồ sơ môi trường cho xưởng cơ khí",
        description="Hồ sơ pháp lý về môi trường.",
        sectors=("consulting",),
    )
    with app.test_request_context():
        assert titles(search.search("wastewater treatment")) == [
            "Bể lắng và lọc sinh học cho nhà máy nước đá"
        ]
        assert titles(search.search("garbage collection")) == [
            "Xe đẩy và thùng chứa rác cho khu phố"
        ]
        assert titles(search.search("environmental consulting"))[0].startswith("Tư vấn")


def test_accents_tell_words_apart_when_both_sides_write_them(app, make):
    """'hôi' (a smell) is not 'hơi' (steam), and 'Lấp Vò' (a place) is not 'lập' (to draw up)."""
    org = make.organization()
    boiler = make.offering(
        org,
        title="Lò hơi đốt trấu cho trại gà, trại heo",
        description="Lò hơi 1 tấn hơi/giờ, lập hồ sơ nghiệm thu.",
        sectors=("energy-efficiency",),
    )
    odour = make.offering(
        org,
        title="Men vi sinh khử mùi cho trại gà",
        description="Phun men giảm mùi chuồng nuôi.",
        sectors=("eco-products",),
    )
    farm = make.organization(name="Trại gà Bảy Hòa")
    need = make.need(
        farm,
        title="Giảm hôi thối trại gà ở xã Lấp Vò",
        description="Trại gà 10.000 con, hôi thối bay sang nhà dân ở Lấp Vò.",
        commune="Xã Lấp Vò",
    )
    with app.test_request_context():
        found = search.matches_for_need(need)
    ids = [m.id for m in found]
    assert ids[0] == odour.id
    boiler_reasons = " ".join(next((m.reasons for m in found if m.id == boiler.id), []))
    assert "hơi" not in boiler_reasons and "lập" not in boiler_reasons


def test_a_need_typed_without_accents_still_matches_every_accented_form(app, make):
    org = make.organization()
    bun = make.offering(org, title="Máy ép bùn trục vít", description="Ép bùn trạm xử lý.")
    farm = make.organization(name="Ho nuoi ca")
    need = make.need(farm, title="can may ep bun cho tram xu ly", description="bun nhieu")
    with app.test_request_context():
        found = search.matches_for_need(need)
    assert found[0].id == bun.id
    assert "ép bùn" in " ".join(found[0].reasons)


def test_reasons_quote_phrases_not_single_syllables(app, make):
    org = make.organization()
    make.offering(
        org,
        title="Quan trắc nước thải tự động, truyền dữ liệu về Sở",
        description="Trạm đo liên tục pH, COD; lưu dữ liệu 5 năm; bảo hành 24 tháng.",
        sectors=("monitoring-equipment",),
    )
    park = make.organization(name="KCN Bình Thành", kind="industrial_park")
    need = make.need(
        park,
        title="Lắp trạm quan trắc nước thải tự động",
        description="Cần số liệu theo ngày, dữ liệu chuẩn, chứng nhận.",
        sectors=("monitoring-equipment",),
    )
    with app.test_request_context():
        found = search.matches_for_need(need)
    quoted = next(r for r in found[0].reasons if r.startswith("Khớp từ khóa"))
    phrases = quoted.split(": ", 1)[1].split(", ")
    assert "quan trắc nước thải tự động" in phrases
    assert all(len(p.split()) >= 2 for p in phrases), phrases


def test_a_search_typed_with_accents_finds_and_marks_those_words_only(app, make):
    org = make.organization()
    make.offering(
        org,
        title="Khử mùi hôi cho lò hơi và chuồng trại",
        description="Hết hôi, không ám hơi nước.",
        sectors=("air",),
    )
    make.offering(org, title="Lò hơi đốt trấu", sectors=("energy-efficiency",))
    with app.test_request_context():
        typed = search.search("hôi")
        bare = search.search("hoi")
    assert titles(typed) == ["Khử mùi hôi cho lò hơi và chuồng trại"]
    assert str(typed.hits[0].title) == "Khử mùi <mark>hôi</mark> cho lò hơi và chuồng trại"
    assert "<mark>hơi</mark>" not in str(typed.hits[0].snippet)
    assert len(bare.hits) == 2  # typed without accents: every form


def test_weak_matches_are_not_shown_and_each_match_has_a_strength(app, client, make):
    org = make.organization()
    tank = make.offering(
        org,
        title="Bể lắng và lọc sinh học cho nước thải trại vịt",
        description="Xử lý nước thải chăn nuôi vịt, bể lắng hai ngăn, lọc sinh học, hồ thả bèo.",
    )
    pellets = make.offering(
        org,
        title="Hạt nhựa PP tái chế màu",
        description="Hạt nhựa tái chế từ bao bì, giao theo tấn; xử lý đơn hàng nhanh.",
        sectors=("recycling",),
        type="product",
    )
    farm = make.organization(name="Trại vịt Út Hiền")
    need = make.need(
        farm,
        title="Xử lý nước thải trại vịt 3.000 con",
        description="Nước thải chuồng vịt chảy ra kênh; cần bể lắng, lọc sinh học.",
        sectors=("wastewater",),
    )
    with app.test_request_context():
        found = search.matches_for_need(need)
    assert [m.id for m in found] == [tank.id]
    assert pellets.id not in [m.id for m in found]
    assert found[0].strength == "strong" and found[0].reasons[0] == "Rất phù hợp"
    body = client.get(f"/api/v1/needs/{need.id}/matches").get_json()
    assert [(m["offering"]["id"], m["reasons"][0]) for m in body["matches"]] == [
        (tank.id, "Rất phù hợp")
    ]


def test_a_system_built_for_the_buyers_application_ranks_first_and_says_so(app, make):
    """A shrimp farm's pond water: the pond system first, the town's sewage plant after."""
    org = make.organization()
    town = make.offering(
        org,
        title="Hệ thống xử lý nước MBBR cho khu dân cư, tòa nhà",
        description="Giá thể di động MBBR, lắng, lọc, khử trùng; tái sử dụng nước.",
    )
    pond = make.offering(
        org,
        title="Hệ thống lọc tuần hoàn cho ao nuôi tôm",
        description="Lắng, lọc sinh học, khử trùng; tái sử dụng nước ao.",
    )
    farm = make.organization(name="HTX Tôm Sáu Thành", kind="cooperative")
    need = make.need(
        farm,
        title="Hệ thống xử lý nước tuần hoàn cho 3 ha ao nuôi tôm",
        description="Xử lý MBBR hoặc lọc sinh học, tái sử dụng nước, khử trùng.",
        sectors=("wastewater",),
    )
    with app.test_request_context():
        found = search.matches_for_need(need)
    assert [m.id for m in found][:2] == [pond.id, town.id]
    reasons = found[0].reasons
    assert "Cùng đối tượng áp dụng: Nuôi trồng thủy sản" in reasons
    assert "Đúng loại cần tìm: Hệ thống trọn gói" in reasons
