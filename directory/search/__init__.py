"""Search: the only package that imports Whoosh (schema, analysis, index, queries, matching).

The rest of the application uses only what this module exports:

- ``init_app(app)``: wire the outbox listener and the after-commit drain, and add the matches
  to the need and offering pages (``directory.signals``).
- ``register_provider(name, fn)``: an area above search answers one of its questions
  ("featured", "incubatee"; see ``providers``).
- ``reindex_later(kind, ids)``: re-read these records after the session's commit, for changes
  outside their own rows (an organization admitted to an incubator).
- ``drain_outbox() -> int``: apply pending changes to the index, return how many were applied.
- ``reindex(progress=None)``: rebuild the index from the database and swap it in.
- ``search(q, kind=None, filters=None, page=1, per_page=20, public_only=True) -> SearchResults``
- ``search_ids(q, kind, limit=1000) -> list[int]``: ranked ids, for lists with a ``q`` filter.
- ``matches_for_need(need, limit=10) -> list[Match]``: offerings that fit a need, best first.
- ``needs_for_offering(offering, limit=10) -> list[Match]``: open needs an offering fits.

- ``records_for(hits)``: the public records behind hits, keyed by (kind, id).

Results are plain dataclasses (ids, scores, reasons); no Whoosh object leaks out.
"""

from .results import Facet, FacetValue, Hit, Match, SearchResults

__all__ = [
    "Facet",
    "FacetValue",
    "Hit",
    "Match",
    "SearchResults",
    "drain_outbox",
    "init_app",
    "matches_for_need",
    "needs_for_offering",
    "register_provider",
    "reindex",
    "reindex_later",
    "records_for",
    "search",
    "search_ids",
]


def init_app(app) -> None:
    from .. import signals
    from . import display, outbox

    outbox.init_app(app)
    signals.need_page.connect(display.need_page_matches)
    signals.offering_page.connect(display.offering_page_matches)


def register_provider(name: str, provider) -> None:
    """Answer one of search's questions from an area above it (see ``providers``)."""
    from . import providers

    providers.register(name, provider)


def reindex_later(kind: str, ids) -> None:
    """Have the index re-read these records of ``kind`` after the session's commit."""
    from ..extensions import db
    from . import outbox

    outbox.queue(db.session, kind, ids)


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


def records_for(hits) -> dict[tuple[str, int], object]:
    """The public records behind ``hits``, keyed by (kind, id); hidden ones are left out."""
    from . import display

    return display.records_for(hits)
