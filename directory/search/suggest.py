"""Did you mean: the closest indexed word to an unknown one, at a bounded cost.

Whoosh's correctors compare a typed word with every word of the field (a multi-segment index
has no automaton to skip with), twice per field and distance: a query of twelve unknown long
words took about a second and stalled the site. Here candidates come from a deletion table
(after SymSpell): each indexed word is filed under itself and the strings left after deleting
one of its letters; the typed word's own deletions (up to two letters) are looked up in it,
and only the words found are compared with the typed word (Damerau-Levenshtein, at most two
edits). That finds every word one edit away and the two-edit ones a typist makes most (a
letter typed twice over, or once wrong and once extra); two wrong letters in one word are not
guessed. The table costs a few entries per word and is built once per index generation (the
reader), then shared by the process's requests.

Bounds: words of MIN_LENGTH to MAX_LENGTH letters, at most MAX_WORDS unknown words per query
and MAX_CANDIDATES words compared with each; past them the words are left as typed.
"""

import threading
from collections import defaultdict
from collections.abc import Callable, Iterable

from whoosh.support.levenshtein import distance

MAX_DISTANCE = 2
MIN_LENGTH = 3  # "xe", "ao": too short to guess
MAX_LENGTH = 15  # a Vietnamese syllable has at most 7 letters; longer words are left as typed
MAX_WORDS = 3  # unknown words looked up in one query
MAX_CANDIDATES = 60  # indexed words compared with one typed word
FIELDS = ("title", "body")


def deletions(word: str, depth: int) -> list[str]:
    """``word`` and the strings left after deleting up to ``depth`` of its letters, nearest
    first, without repeats."""
    found = {word: None}
    level = [word]
    for _ in range(depth):
        level = list(dict.fromkeys(w[:i] + w[i + 1 :] for w in level for i in range(len(w))))
        found.update(dict.fromkeys(level))
    return list(found)


class Suggester:
    """Words of the index within two edits of a typed word."""

    def __init__(self, words: Iterable[str], frequency: Callable[[str], int]):
        self.frequency = frequency
        self.table: dict[str, list[str]] = defaultdict(list)
        self.size = 0
        for word in words:
            if _usable(word, MIN_LENGTH - MAX_DISTANCE, MAX_LENGTH + MAX_DISTANCE):
                self.size += 1
                self.table[word].append(word)
                for i in range(len(word)):
                    self.table[word[:i] + word[i + 1 :]].append(word)
        self.examined = 0  # indexed words compared with typed words so far

    def candidates(self, word: str) -> list[str]:
        """Indexed words within MAX_DISTANCE edits of ``word``: nearest first, then the most
        frequent; none when ``word`` is too short or too long to guess."""
        if not guessable(word):
            return []
        compared: set[str] = {word}
        scored: list = []
        for key in deletions(word, MAX_DISTANCE):
            for other in self.table.get(key, ()):
                if other in compared:
                    continue
                if len(compared) > MAX_CANDIDATES:
                    return self._best(scored)
                compared.add(other)
                self.examined += 1
                edits = distance(word, other, limit=MAX_DISTANCE)
                if edits <= MAX_DISTANCE:
                    scored.append((edits, other))
        return self._best(scored)

    def _best(self, scored: list[tuple[int, str]]) -> list[str]:
        ranked = sorted((edits, -self.frequency(word), word) for edits, word in scored)
        return [word for _edits, _freq, word in ranked]


def guessable(word: str) -> bool:
    """Whether a typed word is one the suggester looks up: MIN_LENGTH to MAX_LENGTH letters."""
    return _usable(word, MIN_LENGTH, MAX_LENGTH)


def _usable(word: str, shortest: int, longest: int) -> bool:
    return shortest <= len(word) <= longest and word.isalpha()


_cache: dict = {"reader": None, "suggester": None}
_lock = threading.Lock()


def suggester_for(reader) -> Suggester:
    """The table of this index generation, built on first use."""
    with _lock:
        if _cache["reader"] is not reader:
            words = {term.decode("utf-8") for field in FIELDS for term in reader.lexicon(field)}

            def frequency(word: str) -> int:
                return sum(reader.doc_frequency(field, word) for field in FIELDS)

            _cache["suggester"] = Suggester(words, frequency)
            _cache["reader"] = reader
        return _cache["suggester"]
