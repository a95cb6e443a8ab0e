"""Did you mean stays cheap: a query of made-up words cannot make the site compare it with the
whole vocabulary (it used to take a second and stall every other visitor)."""

import random
import string

import pytest

from directory import search
from directory.search import suggest
from directory.search.suggest import MAX_CANDIDATES, MAX_WORDS, Suggester


def made_up_words(n: int, length: int, seed: int = 1) -> list[str]:
    rnd = random.Random(seed)
    return ["".join(rnd.choice(string.ascii_lowercase) for _ in range(length)) for _ in range(n)]


def vocabulary_suggester(words) -> Suggester:
    words = list(words)
    return Suggester(words, frequency=lambda word: words.count(word))


def test_a_typo_is_found_among_twenty_thousand_words_by_comparing_a_few():
    suggester = vocabulary_suggester(made_up_words(20_000, 6) + ["nuoc", "thai", "hoi", "thaii"])

    assert suggester.candidates("nuocc")[0] == "nuoc"
    assert suggester.candidates("thia")[0] == "thai"  # one transposition
    assert 0 < suggester.examined < 100


def test_a_word_with_hundreds_of_close_neighbours_is_compared_with_a_bounded_number():
    neighbours = [f"th{a}{b}i" for a in string.ascii_lowercase for b in string.ascii_lowercase]
    suggester = vocabulary_suggester(neighbours)

    found = suggester.candidates("thxxi")

    assert found and all(word.startswith("th") for word in found)
    assert suggester.examined <= MAX_CANDIDATES


@pytest.mark.parametrize("word", ["qwertyuiopasdfgh", "xy", "12345", "ab1cd"])
def test_words_too_long_too_short_or_not_letters_are_left_as_typed(word):
    suggester = vocabulary_suggester(["qwertyuiopasdfgx", "xyz", "12346", "abcd"])

    assert suggester.candidates(word) == []
    assert suggester.examined == 0


def test_twelve_unknown_words_look_up_three_and_compare_few(app, make, monkeypatch):
    org = make.organization()
    vocabulary = made_up_words(160, 7, seed=2)
    for start in range(0, 160, 20):
        make.offering(org, title="Máy " + " ".join(vocabulary[start : start + 20]))
    looked_up = []
    real = Suggester.candidates
    monkeypatch.setattr(
        Suggester, "candidates", lambda self, word: looked_up.append(word) or real(self, word)
    )
    query = " ".join(made_up_words(12, 7, seed=3))

    with app.test_request_context():
        found = search.search(query)
        table = suggest.suggester_for(search.index.searcher().reader())

    assert len(looked_up) == MAX_WORDS
    assert table.size >= 160 and table.examined <= MAX_WORDS * MAX_CANDIDATES
    assert found.total == 0


def test_a_long_query_still_corrects_its_first_misspelt_words(app, make):
    org = make.organization()
    make.offering(org, title="Lọc bụi túi vải cho lò hơi đốt trấu")
    with app.test_request_context():
        found = search.search("loc bui tui vai cho lo hoii dot trauu zzzqqq wwwkkk")
    assert found.suggestion == "loc bui tui vai cho lo hơi dot trấu zzzqqq wwwkkk"


def test_words_too_long_to_guess_do_not_use_up_the_look_ups(app, make):
    org = make.organization()
    make.offering(org, title="Lọc bụi túi vải cho lò hơi đốt trấu")
    long_words = " ".join(made_up_words(4, 16, seed=4))
    with app.test_request_context():
        found = search.search(f"{long_words} lo hoii")
    assert found.suggestion == f"{long_words} lo hơi"


def test_the_accents_of_a_correction_follow_records_added_since(app, make):
    """The accents tally is cached per index segment: an edit's new segment counts at once."""
    org = make.organization()
    make.offering(org, title="Bộ lọc khí thải cho lò hơi")
    with app.test_request_context():
        assert search.search("lo hoii").suggestion == "lo hơi"
    for n in range(3):
        make.offering(org, title=f"Phiếu hỏi ý kiến khách hàng số {n}")
    with app.test_request_context():
        assert search.search("lo hoii").suggestion == "lo hỏi"
