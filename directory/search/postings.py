"""Document-number sets straight from the index's postings, cached.

Whoosh's own query matchers score every posting through layers of Python objects: too slow
for a long OR at 10,000 records. Search and matching instead read plain sets of document
numbers (C-speed unions and intersections) and score only a few hundred candidates.

Two caches: per segment (a segment's postings never change, only its deleted documents do,
so an edit elsewhere costs no re-reading) and per searcher (the live sets, ready to use).
"""

import threading
from collections import OrderedDict

from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import TermNotFound

MAX_CACHED = 4000  # (field, term) sets kept per searcher
MAX_SEGMENT_CACHED = 20_000  # (segment, field, term) sets
_segments: OrderedDict = OrderedDict()
WARM_FIELDS = ("title", "body", "topics", "title_pairs", "body_pairs", "kind", "sector", "status")

_lock = threading.Lock()
_cache: dict = {"searcher": None, "sets": OrderedDict(), "terms": {}}


def _state(searcher) -> dict:
    if _cache["searcher"] is not searcher:
        _cache.update(searcher=searcher, sets=OrderedDict(), terms={})
    return _cache


def docs(searcher, field: str, term: str) -> frozenset:
    """Live documents with ``term`` in ``field``."""
    return _cached(searcher, (field, term), lambda: _live(searcher.reader(), field, term))


def derived(searcher, key: tuple, compute) -> frozenset:
    """A set computed from posting sets (a typed word's union over fields), kept with them for
    the searcher: common words' unions are large, and the same words come back."""
    return _cached(searcher, ("derived", *key), compute)


def _cached(searcher, key: tuple, compute) -> frozenset:
    """The set under ``key`` for this searcher, computed outside the lock when missing; the
    least recently used sets go first when there are more than MAX_CACHED."""
    with _lock:
        state = _state(searcher)
        found = state["sets"].get(key)
        if found is not None:
            state["sets"].move_to_end(key)
            return found
    found = compute()
    with _lock:
        state = _state(searcher)
        state["sets"][key] = found
        if len(state["sets"]) > MAX_CACHED:
            state["sets"].popitem(last=False)
    return found


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


def _live(reader, field: str, term: str) -> frozenset:
    """Live document numbers of the whole index: each segment's cached postings, less its
    deleted documents, shifted by the segment's document base."""
    parts = []
    for leaf, base in reader.leaf_readers():
        found = _segment_ids(leaf, field, term)
        deleted = leaf.deleted_docs_set if leaf.has_deletions() else None
        if deleted:
            found = found - deleted
        parts.append(found if not base else frozenset(i + base for i in found))
    return frozenset().union(*parts)


def _segment_ids(leaf, field: str, term: str) -> frozenset:
    segment = leaf.segment()
    if segment is None:
        # Not backed by a segment (an empty index's EmptyReader, e.g. a new site or an index
        # whose every document was deleted and merged away): nothing to cache, read it as is.
        return _read(leaf, field, term)
    key = (segment.segment_id(), field, term)
    with _lock:
        found = _segments.get(key)
        if found is not None:
            _segments.move_to_end(key)
            return found
    found = _read(leaf, field, term)
    with _lock:
        _segments[key] = found
        if len(_segments) > MAX_SEGMENT_CACHED:
            _segments.popitem(last=False)
    return found


def _read(leaf, field: str, term: str) -> frozenset:
    """Every document number of ``term`` in this leaf, deleted ones included."""
    try:
        matcher = leaf.postings(field, term)
    except TermNotFound:
        return frozenset()
    if isinstance(matcher, FilterMatcher):  # the deleted documents are filtered by _live
        matcher = matcher.child
    matcher.reset()
    return frozenset(matcher.all_ids())


def warm(searcher, min_share: float = 0.1, fields=WARM_FIELDS) -> int:
    """Read the posting sets of every common term (in at least ``min_share`` of the records)
    into the segment cache: the terms every query needs are the costly ones to read cold."""
    reader = searcher.reader()
    least = max(2, int(reader.doc_count_all() * min_share))
    done = 0
    for field in fields:
        for term in [t.decode("utf-8") for t in reader.lexicon(field)]:
            if reader.doc_frequency(field, term) >= least:
                for leaf, _base in reader.leaf_readers():
                    _segment_ids(leaf, field, term)
                done += 1
    return done
