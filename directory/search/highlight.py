"""Escaped text with <mark> around the words a query matched; snippets around the matches."""

import re
from dataclasses import dataclass, field
from functools import lru_cache

from markupsafe import Markup

from .terms import fold_word

_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Marks:
    """The words to mark: ``folded`` ones in any spelling; ``accented`` ones (folded → forms as
    typed) only as typed or where the text writes them without accents ('hôi' marks 'hôi' and
    'hoi', not 'hơi')."""

    folded: frozenset = frozenset()
    accented: dict = field(default_factory=dict)

    @classmethod
    def typed(cls, words) -> "Marks":
        folded: set[str] = set()
        accented: dict = {}
        for word in words:
            f = fold_word(word)
            if f == word:
                folded.add(f)
            else:
                accented.setdefault(f, set()).add(word)
        return cls(frozenset(folded), accented)

    def plus(self, folded_words) -> "Marks":
        """These marks and some folded words (a lexicon alternative) in any spelling."""
        return Marks(self.folded | set(folded_words), self.accented)

    def __contains__(self, word: str) -> bool:
        f = fold_word(word)
        if f in self.folded:
            return True
        forms = self.accented.get(f)
        return forms is not None and (word.lower() in forms or word.lower() == f)


def _spans(text: str, terms) -> list[tuple[int, int]]:
    """Where the marked words stand: each distinct word of the text is judged once, then one
    regular expression finds the marked ones (whole words only) in C."""
    marks = terms if isinstance(terms, Marks) else Marks(frozenset(terms))
    marked = sorted(word for word in set(_WORD.findall(text)) if word in marks)
    if not marked:
        return []
    return [m.span() for m in _whole_words(tuple(marked)).finditer(text)]


@lru_cache(maxsize=2048)
def _whole_words(words: tuple[str, ...]) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, words)) + r")(?!\w)")


# markupsafe.escape's replacements, applied to a whole piece at once (no Markup per piece)
_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;"})


def _mark(text: str, spans, start: int, end: int) -> Markup:
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(text[pos:s].translate(_ESCAPES))
        out.append("<mark>" + text[s:e].translate(_ESCAPES) + "</mark>")
        pos = e
    out.append(text[pos:end].translate(_ESCAPES))
    return Markup("".join(out))


def highlight(text: str, terms: set[str]) -> Markup:
    """All of ``text``, escaped, matched words marked."""
    text = text or ""
    return _mark(text, _spans(text, terms), 0, len(text))


def snippet(text: str, terms: set[str], width: int = 220) -> Markup:
    """About ``width`` characters of ``text`` around its densest run of matched words."""
    text = " ".join((text or "").split())
    spans = _spans(text, terms)
    if len(text) <= width:
        return _mark(text, spans, 0, len(text))
    # The window of ``width`` characters starting at a match that holds the most matches
    # (two pointers over the sorted spans: a long text with many matches stays linear).
    best, best_count, last = 0, -1, 0
    for first, (s, _) in enumerate(spans):
        last = max(last, first)
        while last < len(spans) and spans[last][0] < s + width:
            last += 1
        if last - first > best_count:
            best, best_count = s, last - first
    start = max(0, best - width // 4) if spans else 0
    start = _word_boundary(text, start)
    end = min(len(text), start + width)
    while end < len(text) and text[end - 1].isalnum() and text[end].isalnum():
        end -= 1
    body = _mark(text, spans, start, end)
    prefix = Markup("… ") if start > 0 else Markup("")
    suffix = Markup(" …") if end < len(text) else Markup("")
    return prefix + body + suffix


def _word_boundary(text: str, pos: int) -> int:
    while 0 < pos < len(text) and text[pos - 1].isalnum():
        pos -= 1
    return pos
