"""Escaped text with <mark> around the words a query matched; snippets around the matches."""

import re

from markupsafe import Markup, escape

from .terms import fold_word

_WORD = re.compile(r"\w+")


def _spans(text: str, terms: set[str]) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _WORD.finditer(text) if fold_word(m.group()) in terms]


def _mark(text: str, spans, start: int, end: int) -> Markup:
    out, pos = [], start
    for s, e in spans:
        if s < start or e > end:
            continue
        out.append(escape(text[pos:s]))
        out.append(Markup("<mark>%s</mark>") % text[s:e])
        pos = e
    out.append(escape(text[pos:end]))
    return Markup("").join(out)


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
    best, best_count = 0, -1
    for s, _ in spans:
        count = sum(1 for s2, _ in spans if s <= s2 < s + width)
        if count > best_count:
            best, best_count = s, count
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
