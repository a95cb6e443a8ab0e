"""Document-number sets straight from the index's postings, cached per searcher.

Whoosh's own query matchers score every posting through layers of Python objects: too slow
for a long OR at 10,000 records. Search and matching instead read plain sets of document
numbers (C-speed unions and intersections) and score only a few hundred candidates.
"""

import threading
from collections import OrderedDict

from whoosh.reading import TermNotFound

MAX_CACHED = 4000  # (field, term) sets kept per searcher

_lock = threading.Lock()
_cache: dict = {"searcher": None, "sets": OrderedDict(), "terms": {}}


def _state(searcher) -> dict:
    if _cache["searcher"] is not searcher:
        _cache.update(searcher=searcher, sets=OrderedDict(), terms={})
    return _cache


def docs(searcher, field: str, term: str) -> frozenset:
    """Live documents with ``term`` in ``field``."""
    with _lock:
        state = _state(searcher)
        key = (field, term)
        found = state["sets"].get(key)
        if found is not None:
            state["sets"].move_to_end(key)
            return found
    try:
        found = frozenset(searcher.reader().postings(field, term).all_ids())
    except TermNotFound:
        found = frozenset()
    with _lock:
        state = _state(searcher)
        state["sets"][key] = found
        if len(state["sets"]) > MAX_CACHED:
            state["sets"].popitem(last=False)
    return found


def any_of(searcher, pairs) -> frozenset:
    """Documents with any of these (field, term) pairs."""
    result = frozenset()
    for field, term in pairs:
        result = result | docs(searcher, field, term)
    return result


def values(searcher, field: str) -> list[str]:
    """Every term of a field (the values of a facet)."""
    with _lock:
        state = _state(searcher)
        if field in state["terms"]:
            return state["terms"][field]
    found = [t.decode("utf-8") for t in searcher.reader().lexicon(field)]
    with _lock:
        _state(searcher)["terms"][field] = found
    return found
