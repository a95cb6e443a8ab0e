"""Text → weighted syllables and syllable pairs, for matching (query side and document side)."""

import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .schema import fold, nfc

_WORD = re.compile(r"\w+")


@lru_cache(maxsize=100_000)
def fold_word(word: str) -> str:
    """fold() for one syllable; Vietnamese has a few thousand, so this cache nearly always hits."""
    return fold(word)


def tokens(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for each syllable of ``text``."""
    return [(fold_word(w), w) for w in _WORD.findall(nfc(text))]


@dataclass(frozen=True)
class DocTerms:
    title: Counter
    body: Counter
    topics: Counter
    title_len: int
    body_len: int
    topics_len: int


_CHUNK = re.compile(r"[^\w\s]+")


@lru_cache(maxsize=60_000)
def field_terms(text: str) -> tuple[Counter, int]:
    """Counts of unigrams ("u", folded syllable) and adjacent pairs ("p", "a_b") of an NFC text,
    and its length in syllables. Pairs do not cross punctuation: "rác, bùn" is not a pair.
    The hot path of ranking candidates; cached per text."""
    counts: Counter = Counter()
    length = 0
    for chunk in _CHUNK.split(text):
        ws = [fold_word(w) for w in _WORD.findall(chunk)]
        length += len(ws)
        counts.update([("u", w) for w in ws if len(w) > 1 or w.isdigit()])
        counts.update([("p", a + "_" + b) for a, b in zip(ws, ws[1:], strict=False)])
    return counts, max(1, length)


@dataclass(frozen=True)
class Spelling:
    """How each folded term of a text is written: accents tell 'lập' from 'Lấp', 'hôi' from 'hơi'.

    ``forms``: folded term → the lower-case ways the text writes it; ``plain``: the folded terms
    the text also writes without accents (a text typed without accents, an abbreviation, an
    English word), which may stand for any accented form.
    """

    forms: dict
    plain: frozenset

    def agrees(self, other: "Spelling", term) -> bool:
        """Whether both texts write ``term`` the same way, or either writes it without accents."""
        if term in self.plain or term in other.plain:
            return True
        return not self.forms[term].isdisjoint(other.forms[term])

    def clashes(self, other: "Spelling") -> frozenset:
        """Terms both texts contain, written with different accents ('lập' and 'Lấp')."""
        shared = self.forms.keys() & other.forms.keys()
        return frozenset(t for t in shared if not self.agrees(other, t))


@lru_cache(maxsize=60_000)
def spelling(*texts: str) -> Spelling:
    """The Spelling of some texts (cached: stored texts come back with every search)."""
    forms: dict = {}
    for chunk in _CHUNK.split(nfc("\n".join(texts))):
        toks = tokens(chunk)
        for f, w in toks:
            forms.setdefault(("u", f), set()).add(w.lower())
        for (fa, wa), (fb, wb) in zip(toks, toks[1:], strict=False):
            forms.setdefault(("p", f"{fa}_{fb}"), set()).add(f"{wa}_{wb}".lower())
    plain = frozenset(t for t, ws in forms.items() if t[1] in ws)
    return Spelling({t: frozenset(ws) for t, ws in forms.items()}, plain)


def doc_terms(title: str, body: str, topics: str = "") -> DocTerms:
    """A candidate's terms per field."""
    (t, tl), (b, bl), (p, pl) = field_terms(title), field_terms(body), field_terms(topics)
    return DocTerms(t, b, p, tl, bl, pl)


def field_averages(searcher) -> tuple[float, float, float]:
    return tuple(max(1.0, searcher.avg_field_length(f)) for f in ("title", "body", "topics"))


def bm25f(
    weights: dict, idf, doc: DocTerms, avg, params: dict, skip: frozenset = frozenset()
) -> tuple[float, list]:
    """BM25F of a document against weighted terms; returns (score, matched terms, best first).

    ``params`` holds k1, b, field_title, field_topics and pair (the factor for syllable pairs);
    terms in ``skip`` do not count (the same letters with other accents).
    """
    k1, b = params["k1"], params["b"]
    lengths = (doc.title_len, doc.body_len, doc.topics_len)
    norms = [1 - b + b * n / a for n, a in zip(lengths, avg, strict=True)]
    wt, wp = params["field_title"] / norms[0], params["field_topics"] / norms[2]
    wb = 1 / norms[1]
    score, matched = 0.0, []
    for term in _shared(weights, doc, skip):
        tf = wt * doc.title.get(term, 0) + wb * doc.body.get(term, 0) + wp * doc.topics.get(term, 0)
        if not tf:
            continue
        contribution = weights[term] * idf(term) * tf / (k1 + tf)
        if term[0] == "p":
            contribution *= params["pair"]
        score += contribution
        matched.append((contribution, term))
    matched.sort(reverse=True)
    return score, [t for _, t in matched]


FEW_TERMS = 16  # a typed search's terms: cheaper to look each up than to intersect sets


def _shared(weights: dict, doc: DocTerms, skip: frozenset):
    """The weighted terms that may occur in ``doc``, in one order whatever the hashes (equal
    texts tie). A search's few terms are looked up one by one; a need's hundreds are
    intersected with the document's terms (set operations in C)."""
    if len(weights) <= FEW_TERMS:
        return [term for term in weights if term not in skip]
    present = (weights.keys() & doc.title.keys()) | (weights.keys() & doc.body.keys())
    present |= weights.keys() & doc.topics.keys()
    return sorted(present - skip)


_IDF_CACHED = 50_000  # terms whose idf a process keeps for its current searcher
_idf_state: dict = {"searcher": None, "cache": {}}


class Idf:
    """Inverse document frequencies from the live index, looked up once per term and searcher
    (shared by the requests that use the same searcher: a frequency lookup reads the term
    tables of every segment)."""

    def __init__(self, searcher):
        self.s = searcher
        # Frequencies still count replaced documents until segments merge: so must N.
        self.n = max(1, searcher.doc_count_all())
        state = _idf_state
        if state["searcher"] is not searcher or len(state["cache"]) > _IDF_CACHED:
            state.update(searcher=searcher, cache={})
        self.cache: dict = state["cache"]

    def df(self, term) -> int:
        kind, text = term
        fields = ("title_pairs", "body_pairs") if kind == "p" else ("title", "body")
        return max(self.s.doc_frequency(f, text) for f in fields)

    def __call__(self, term) -> float:
        if term not in self.cache:
            df = self.df(term)
            n = max(self.n, df)
            self.cache[term] = 0.0 if df == 0 else math.log(1 + (n - df + 0.5) / (df + 0.5))
        return self.cache[term]
