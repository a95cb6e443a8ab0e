"""Search: the only package that imports Whoosh (schema, analysis, index, queries, matching).

The rest of the application uses only what this module exports:

- ``init_app(app)``: wire the outbox listener and the after-commit drain.
- ``drain_outbox() -> int``: apply pending changes to the index, return how many were applied.
- ``index_applied``: a blinker signal sent after the index applied changes (``changes``);
  ``index_rebuilt``: sent after ``flask reindex``.
- ``reindex(progress=None)``: rebuild the index from the database and swap it in.
- ``search(q, kind=None, filters=None, page=1, per_page=20, public_only=True) -> SearchResults``
- ``search_ids(q, kind, limit=1000) -> list[int]``: ranked ids, for lists with a ``q`` filter.
- ``matches_for_need(need, limit=10) -> list[Match]``: offerings that fit a need, best first.
- ``needs_for_offering(offering, limit=10) -> list[Match]``: open needs an offering fits.

Results are plain dataclasses (ids, scores, reasons); no Whoosh object leaks out.
"""

from .results import Facet, FacetValue, Hit, Match, SearchResults
from .signals import index_applied, index_rebuilt

__all__ = [
    "Facet",
    "FacetValue",
    "Hit",
    "Match",
    "SearchResults",
    "drain_outbox",
    "index_applied",
    "index_rebuilt",
    "init_app",
    "matches_for_need",
    "needs_for_offering",
    "reindex",
    "search",
    "search_ids",
]


def init_app(app) -> None:
    from . import outbox

    outbox.init_app(app)


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


def search(q="", kind=None, filters=None, page=1, per_page=20) -> SearchResults:
    """Public records matching ``q`` (any may be empty), with facets and highlighted snippets.

    ``kind`` is "organization", "offering", "need" or None (all); ``filters`` maps facet names
    (sector, type, commune, verified, procurement) to the selected value.
    """
    from . import query

    return query.search(q, kind=kind, filters=filters or {}, page=page, per_page=per_page)


def search_ids(q, kind, limit=1000) -> list[int]:
    """Ids of public records of ``kind`` ("organization", "offering", "need") matching ``q``,
    ranked as the search page ranks them; for lists that take a ``q`` filter (the API)."""
    from . import query

    return query.ranked_ids(q, kind, limit=limit)


def matches_for_need(need, limit=10) -> list[Match]:
    """Public offerings that fit ``need``, best first, each with plain-Vietnamese reasons."""
    from . import matching

    return matching.offerings_for_need(need, limit=limit)


def needs_for_offering(offering, limit=10) -> list[Match]:
    """Public open needs that ``offering`` fits, best first, each with reasons."""
    from . import matching

    return matching.needs_for_offering(offering, limit=limit)
