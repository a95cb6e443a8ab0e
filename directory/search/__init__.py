"""Search: the only package that imports Whoosh (schema, analysis, index, queries, matching).

The rest of the application uses only what this module exports:

- ``init_app(app)``: wire the outbox listener and the after-commit drain.
- ``drain_outbox() -> int``: apply pending changes to the index, return how many were applied.
- ``reindex(progress=None)``: rebuild the index from the database and swap it in.
- ``search(q, kind=None, filters=None, page=1, per_page=20, public_only=True) -> SearchResults``
- ``search_ids(q, kind, limit=1000) -> list[int]``: ranked ids, for lists with a ``q`` filter.
- ``matches_for_need(need, limit=10) -> list[Match]``: offerings that fit a need, best first.
- ``needs_for_offering(offering, limit=10) -> list[Match]``: open needs an offering fits.

Results are plain dataclasses (ids, scores, reasons); no Whoosh object leaks out. The
searching calls raise ``SearchUnavailable`` when the index is missing or damaged (logged);
pages show "Tìm kiếm tạm thời gián đoạn" and the API answers 503 (``init_app`` registers the
handler), and the worker rebuilds the index.
"""

import functools
import logging

from .errors import IndexUnavailable as SearchUnavailable
from .results import Facet, FacetValue, Hit, Match, SearchResults

log = logging.getLogger(__name__)

__all__ = [
    "Facet",
    "FacetValue",
    "Hit",
    "Match",
    "SearchResults",
    "SearchUnavailable",
    "drain_outbox",
    "init_app",
    "matches_for_need",
    "needs_for_offering",
    "reindex",
    "search",
    "search_ids",
]


def init_app(app) -> None:
    from . import outbox, views

    outbox.init_app(app)
    app.register_error_handler(SearchUnavailable, views.unavailable)


def _guarded(fn):
    """Reading a damaged index (a truncated segment) raises SearchUnavailable, not a 500."""

    @functools.wraps(fn)
    def call(*args, **kwargs):
        from . import index

        try:
            return fn(*args, **kwargs)
        except SearchUnavailable:
            log.error("search is unavailable: the index is missing or cannot be read")
            raise
        except index.READ_ERRORS as exc:
            log.exception("search is unavailable: the index cannot be read")
            index.forget_searchers()
            raise SearchUnavailable(repr(exc)) from exc

    return call


def drain_outbox() -> int:
    """Apply every pending outbox row to the index; a busy index leaves them for later."""
    from . import outbox

    return outbox.drain()


def reindex(progress=None) -> int:
    """Rebuild the whole index from the database into a new folder and swap it in.

    ``progress(done, total)`` is called as records are written; returns the number indexed.
    """
    from . import index

    return index.rebuild(progress=progress)


@_guarded
def search(q="", kind=None, filters=None, page=1, per_page=20) -> SearchResults:
    """Public records matching ``q`` (any may be empty), with facets and highlighted snippets.

    ``kind`` is "organization", "offering", "need" or None (all); ``filters`` maps facet names
    (sector, type, commune, verified, procurement) to the selected value.
    """
    from . import query

    return query.search(q, kind=kind, filters=filters or {}, page=page, per_page=per_page)


@_guarded
def search_ids(q, kind, limit=1000) -> list[int]:
    """Ids of public records of ``kind`` ("organization", "offering", "need") matching ``q``,
    ranked as the search page ranks them; for lists that take a ``q`` filter (the API)."""
    from . import query

    return query.ranked_ids(q, kind, limit=limit)


@_guarded
def matches_for_need(need, limit=10) -> list[Match]:
    """Public offerings that fit ``need``, best first, each with plain-Vietnamese reasons."""
    from . import matching

    return matching.offerings_for_need(need, limit=limit)


@_guarded
def needs_for_offering(offering, limit=10) -> list[Match]:
    """Public open needs that ``offering`` fits, best first, each with reasons."""
    from . import matching

    return matching.needs_for_offering(offering, limit=limit)
