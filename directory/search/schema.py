"""The index schema and its Vietnamese analyzers.

Whoosh pickles the schema, analyzers included, into the index: the import path of this module
and the names of its classes must never change (rename them and old indexes stop opening).
"""

import re
import unicodedata

from whoosh.analysis import Analyzer, Filter, LowercaseFilter, RegexTokenizer, ShingleFilter, Token
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from ..text import fold  # noqa: F401  (re-exported: search code folds through this module)

WORD = r"\w+"


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def words(text: str) -> list[str]:
    """Syllables of ``text`` as typed (NFC, lower-case)."""
    return re.findall(WORD, nfc(text).lower())


class NfcFilter(Filter):
    """Compose every token (NFC) so that 'ả' typed in two code points equals 'ả' in one."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = unicodedata.normalize("NFC", t.text)
            yield t


class FoldFilter(Filter):
    """Diacritic folding, đ→d included, so that 'nuoc thai' finds 'nước thải'."""

    def __call__(self, tokens):
        for t in tokens:
            t.text = fold(t.text)
            yield t


def exact_analyzer():
    """Syllables with their accents: ranks 'thải' above 'thái' for an accented query."""
    return RegexTokenizer(WORD) | NfcFilter() | LowercaseFilter()


def folded_analyzer():
    """Syllables without accents: the field that finds things however they were typed."""
    return RegexTokenizer(WORD) | LowercaseFilter() | FoldFilter()


def pairs_analyzer():
    """Adjacent folded syllables ('nuoc_thai'): most Vietnamese words are two syllables."""
    return RegexTokenizer(WORD) | LowercaseFilter() | FoldFilter() | ShingleFilter(2, sep="_")


_WORD_RE = re.compile(WORD)
_CHAINS = {"exact": exact_analyzer, "folded": folded_analyzer, "pairs": pairs_analyzer}
MAX_TEXTS = 512  # analysed texts kept: a document's title and body, sector topics that repeat
MAX_WORDS = 200_000  # distinct syllables kept (a language's syllables are a few thousand)
_texts: dict[str, dict[str, list[str]]] = {}
_words: dict[str, tuple[str, str]] = {}


def _word_forms(word: str) -> tuple[str, str]:
    """(exact, folded) of one syllable as the regex found it; cached, syllables repeat."""
    forms = _words.get(word)
    if forms is None:
        lower = word.lower()
        forms = (unicodedata.normalize("NFC", word).lower(), fold(lower))
        if len(_words) >= MAX_WORDS:
            _words.clear()
        _words[word] = forms
    return forms


def analysed(text: str) -> dict[str, list[str]]:
    """A text's terms in the three ways it is indexed, computed once for all three fields:
    the same string goes to title, title_exact and title_pairs (and body…)."""
    found = _texts.get(text)
    if found is None:
        forms = [_word_forms(w) for w in _WORD_RE.findall(text)]
        folded = [f for _, f in forms]
        pairs = [f"{a}_{b}" for a, b in zip(folded, folded[1:], strict=False)] or folded[:1]
        found = {"exact": [e for e, _ in forms], "folded": folded, "pairs": pairs}
        if len(_texts) >= MAX_TEXTS:
            _texts.clear()
        _texts[text] = found
    return found


class SyllableAnalyzer(Analyzer):
    """The exact, folded or pairs analysis in one step, each text split and folded once.

    Gives the same terms and positions as ``exact_analyzer()``, ``folded_analyzer()`` and
    ``pairs_analyzer()`` (tests/test_index.py compares them); requests for character offsets
    or untokenised values go to those chains.
    """

    def __init__(self, mode: str):
        self.mode = mode  # "exact" | "folded" | "pairs"

    def __repr__(self):
        return f"{self.__class__.__name__}({self.mode!r})"

    def __call__(
        self,
        value,
        positions=False,
        chars=False,
        keeporiginal=False,
        removestops=True,
        start_pos=0,
        start_char=0,
        tokenize=True,
        mode="",
        **kwargs,
    ):
        if chars or keeporiginal or not tokenize or not isinstance(value, str):
            yield from _CHAINS[self.mode]()(
                value,
                positions=positions,
                chars=chars,
                keeporiginal=keeporiginal,
                removestops=removestops,
                start_pos=start_pos,
                start_char=start_char,
                tokenize=tokenize,
                mode=mode,
                **kwargs,
            )
            return
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        for pos, text in enumerate(analysed(value)[self.mode], start_pos):
            token.text = text
            token.boost = 1.0
            token.stopped = False
            token.pos = pos
            yield token


def make_schema() -> Schema:
    folded, exact, pairs = (SyllableAnalyzer(m) for m in ("folded", "exact", "pairs"))
    return Schema(
        key=ID(unique=True, stored=True),  # "offering:12"
        kind=ID(stored=True, sortable=True),  # organization | offering | need
        id=NUMERIC(stored=True, bits=64),
        title=TEXT(analyzer=folded, phrase=False, stored=True, sortable=True),
        title_exact=TEXT(analyzer=exact, phrase=False),
        title_pairs=TEXT(analyzer=pairs, phrase=False),
        body=TEXT(analyzer=folded, phrase=False, stored=True),
        body_exact=TEXT(analyzer=exact, phrase=False),
        body_pairs=TEXT(analyzer=pairs, phrase=False),
        topics=TEXT(
            analyzer=folded, phrase=False, stored=True
        ),  # names and examples of its sectors
        sector=KEYWORD(commas=True, stored=True),
        type=ID(stored=True, sortable=True),
        commune=ID(stored=True, sortable=True),  # the need's or the organization's commune code
        serves=KEYWORD(commas=True, stored=True),  # offering service area; "*" = province
        verified=ID(stored=True, sortable=True),  # "1" or "0"
        incubatee=ID(stored=True, sortable=True),  # organizations: "1" while incubated, or "0"
        eco_label=ID(stored=True, sortable=True),  # offerings: "1" with a current verified label
        installed=KEYWORD(commas=True, stored=True),  # communes of its reference installations
        procurement=ID(stored=True, sortable=True),
        status=ID(stored=True, sortable=True),
        deadline=NUMERIC(stored=True, bits=64, sortable=True),  # date ordinal, 0 = none
        organization_id=NUMERIC(stored=True, bits=64),
        created=NUMERIC(stored=True, bits=64, sortable=True),  # seconds since 1970 ("newest")
        updated=STORED(),
    )
