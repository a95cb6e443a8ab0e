"""What a text is for, read from its words (applications.txt): with accents, or folded only
where the text itself was typed without them."""

from directory.search.applications import read


def test_a_farmer_writing_with_accents_is_read_as_aquaculture():
    assert "aquaculture" in read("Cần xử lý nước ao nuôi tôm tuần hoàn", "application")


def test_a_farmer_typing_without_accents_is_read_the_same():
    assert "aquaculture" in read("can xu ly nuoc ao nuoi tom", "application")


def test_other_accents_on_the_same_letters_are_other_words():
    # "áo nuối" folds to "ao nuoi" but is written with other accents: not a pond.
    assert "aquaculture" not in read("Áo nuối tôm giống", "application")


def test_a_one_syllable_cue_is_never_matched_folded():
    # "chợ" (market) must not be read from "chờ" (waiting) or a bare "cho".
    assert "market" not in read("Đang chờ báo giá cho dự án", "application")
    assert "market" in read("Ban quản lý chợ Cao Lãnh", "application")


def test_odd_text_is_read_without_error():
    for text in ["", "   ", "\u0301\u0323", "x\u0301\u0301y Đ đ", "ao\u200bnuôi", "🐟 ao nuôi"]:
        assert isinstance(read(text, "application"), frozenset)
    assert "aquaculture" in read("🐟 ao nuôi", "application")
