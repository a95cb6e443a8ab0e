"""The index schema and its Vietnamese analyzers.

Whoosh pickles the schema, analyzers included, into the index: the import path of this module
and the names of its classes must never change (rename them and old indexes stop opening).
"""

import re
import unicodedata

from whoosh.analysis import Filter, LowercaseFilter, RegexTokenizer, ShingleFilter
from whoosh.fields import ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

WORD = r"\w+"

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d"})


def nfc(text: str | None) -> str:
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ→d): 'Nước thải' → 'nuoc thai'."""
    decomposed = unicodedata.normalize("NFD", text.translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


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


def make_schema() -> Schema:
    folded, exact, pairs = folded_analyzer(), exact_analyzer(), pairs_analyzer()
    return Schema(
        key=ID(unique=True, stored=True),  # "offering:12"
        kind=ID(stored=True, sortable=True),  # organization | offering | need
        id=NUMERIC(stored=True, bits=64),
        title=TEXT(analyzer=folded, stored=True, sortable=True),
        title_exact=TEXT(analyzer=exact),
        title_pairs=TEXT(analyzer=pairs),
        body=TEXT(analyzer=folded, stored=True),
        body_exact=TEXT(analyzer=exact),
        body_pairs=TEXT(analyzer=pairs),
        topics=TEXT(analyzer=folded, stored=True),  # names and examples of its sectors
        sector=KEYWORD(commas=True, stored=True),
        type=ID(stored=True, sortable=True),
        commune=ID(stored=True, sortable=True),  # the need's or the organization's commune code
        serves=KEYWORD(commas=True, stored=True),  # offering service area; "*" = province
        verified=ID(stored=True, sortable=True),  # "1" or "0"
        procurement=ID(stored=True, sortable=True),
        status=ID(stored=True, sortable=True),
        deadline=NUMERIC(stored=True, bits=64, sortable=True),  # date ordinal, 0 = none
        organization_id=NUMERIC(stored=True, bits=64),
        updated=STORED(),
    )
