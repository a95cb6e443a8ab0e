"""The words a search matched are marked in titles and snippets: whole words only, as typed
where the user typed accents, everything else escaped."""

from directory.search.highlight import Marks, highlight, snippet


def test_only_whole_words_are_marked_in_any_case_and_text_is_escaped():
    marks = Marks.typed(["bùn", "thai"])
    text = 'Xử lý BÙN thải <b>"bùn_thải"</b> & thaiX, bùn2 — Thải bùn.'
    assert str(highlight(text, marks)) == (
        "Xử lý <mark>BÙN</mark> <mark>thải</mark> &lt;b&gt;&#34;bùn_thải&#34;&lt;/b&gt; &amp; "
        "thaiX, bùn2 — <mark>Thải</mark> <mark>bùn</mark>."
    )


def test_an_accented_word_is_marked_as_typed_or_unaccented_but_not_as_another_word():
    marks = Marks.typed(["hôi"])
    assert str(highlight("mùi hôi, mui hoi, lò hơi", marks)) == (
        "mùi <mark>hôi</mark>, mui <mark>hoi</mark>, lò hơi"
    )


def test_a_snippet_shows_the_densest_run_of_matches_in_a_long_text():
    filler = "Công ty có nhiều năm kinh nghiệm phục vụ khách hàng trong tỉnh. " * 8
    text = filler + "Bể lắng bùn, máy ép bùn và sân phơi bùn cho trạm xử lý. " + filler
    shown = str(snippet(text, Marks.typed(["bùn"]), width=120))
    assert shown.startswith("… ") and shown.endswith(" …")
    assert shown.count("<mark>bùn</mark>") == 3
    assert len(shown.replace("<mark>", "").replace("</mark>", "")) <= 120 + 4
