"""The domain lexicon: abbreviations and near-synonyms (lexicon.txt) and English trade terms
with their Vietnamese equivalents (english.txt), applied to queries."""

import os
import re
from functools import lru_cache

from .schema import fold

HERE = os.path.dirname(__file__)
PATHS = (os.path.join(HERE, "lexicon.txt"), os.path.join(HERE, "english.txt"))


def folded_words(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r"\w+", fold(text)))


@lru_cache(maxsize=1)
def groups() -> tuple[tuple[tuple[str, ...], ...], ...]:
    """Each group: the folded word sequences that mean the same thing."""
    result = []
    for path in PATHS:
        with open(path, encoding="utf-8") as fh:
            for line in fh:
                line = line.split("#", 1)[0].strip()
                if not line:
                    continue
                parts = [folded_words(p) for p in re.split(r"[=~]", line)]
                parts = [p for p in parts if p]
                if len(parts) > 1:
                    result.append(tuple(parts))
    return tuple(result)


def _contains(seq: tuple[str, ...], sub: tuple[str, ...]) -> bool:
    n = len(sub)
    return any(seq[i : i + n] == sub for i in range(len(seq) - n + 1))


def expansions(folded: list[str] | tuple[str, ...]) -> list[tuple[str, ...]]:
    """Word sequences to look for as well, given the folded words of a query."""
    return list(_expansions(tuple(folded)))


def alternatives(folded: list[str] | tuple[str, ...]) -> list[tuple[int, int, tuple[str, ...]]]:
    """(start, end, other words): query words [start:end] may also be read as the other words."""
    return list(_alternatives(tuple(folded)))


# A query's words are read against every group of the lexicon (a few milliseconds); the same
# query comes again from the next page, the re-ranking and other users.
@lru_cache(maxsize=4096)
def _expansions(seq: tuple[str, ...]) -> tuple[tuple[str, ...], ...]:
    found: list[tuple[str, ...]] = []
    for group in groups():
        if any(_contains(seq, part) for part in group):
            for part in group:
                if not _contains(seq, part) and part not in found:
                    found.append(part)
    return tuple(found)


@lru_cache(maxsize=4096)
def _alternatives(seq: tuple[str, ...]) -> tuple[tuple[int, int, tuple[str, ...]], ...]:
    found = []
    for group in groups():
        for part in group:
            n = len(part)
            for i in range(len(seq) - n + 1):
                if seq[i : i + n] == part:
                    found += [(i, i + n, other) for other in group if other != part]
    return tuple(found)
