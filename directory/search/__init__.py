"""Search: the only package that imports Whoosh (schema, analysis, index, queries, matching).

The rest of the application uses only what this module exports:

- ``init_app(app)``: wire the outbox listener and the after-commit drain.
- ``register_provider(name, fn)``: an area above search answers one of its questions
  ("featured", "incubatee", "eco_labelled"; see ``providers``).
- ``reindex_later(kind, ids)``: re-read these records after the session's commit, for changes
  outside their own rows (an organization admitted to an incubator).
- ``drain_outbox() -> int``: apply pending changes to the index, return how many were applied.
- ``repair_index(deep=False)``: rebuild a missing or unreadable index (the worker).
- ``index_applied``: a blinker signal sent after the index applied changes (``changes``);
  ``index_rebuilt``: sent after ``flask reindex``.
- ``reindex(progress=None)``: rebuild the index from the database and swap it in.
- ``search(q, kind=None, filters=None, page=1, per_page=20, sort=None) -> SearchResults``
- ``new_records(q, kind, filters, since, limit=50) -> list[(kind, id)]``: records the search
  finds with every word, created at or after ``since`` (seconds since 1970), newest first.
- ``search_ids(q, kind, limit=1000) -> list[int]``: ranked ids, for lists with a ``q`` filter.
- ``matches_for_need(need, limit=10) -> list[Match]``: offerings that fit a need, best first.
- ``needs_for_offering(offering, limit=10) -> list[Match]``: open needs an offering fits.

- ``waiting(kind, id) -> bool``: a change of that record has not reached the index yet.
- ``records_for(hits)``: the public records behind hits, keyed by (kind, id).
- ``describe(kind, filters, locale)``: a search's kind and filters in words, (title, value);
  ``describe_all(searches, locale)``: the same for each (kind, filters) of a list, in one go.
- ``kinds()``, ``filter_names()``: the record kinds and the filter names ``search`` takes.

Results are plain dataclasses (ids, scores, reasons); no Whoosh object leaks out. A match's
``strength`` is a ``MatchStrength`` code, with its label. The
searching calls raise ``SearchUnavailable`` when the index is missing or damaged (logged);
pages show "Tìm kiếm tạm thời gián đoạn" and the API answers 503 (``init_app`` registers the
handler), and the worker rebuilds the index.
"""

import functools
import logging

from .errors import IndexBusy as SearchBusy
from .errors import IndexUnavailable as SearchUnavailable
from .results import Facet, FacetValue, Hit, Match, MatchStrength, SearchResults
from .signals import index_applied, index_rebuilt

log = logging.getLogger(__name__)

__all__ = [
    "Facet",
    "FacetValue",
    "Hit",
    "Match",
    "MatchStrength",
    "SearchBusy",
    "SearchResults",
    "SearchUnavailable",
    "describe",
    "describe_all",
    "drain_outbox",
    "filter_names",
    "index_applied",
    "index_rebuilt",
    "init_app",
    "kinds",
    "matches_for_need",
    "needs_for_offering",
    "new_records",
    "register_provider",
    "reindex",
    "reindex_later",
    "repair_index",
    "records_for",
    "search",
    "search_ids",
    "waiting",
]


def init_app(app) -> None:
    from . import index, outbox, views

    outbox.init_app(app)
    app.register_error_handler(SearchUnavailable, views.unavailable)

    @app.teardown_request
    def close_thread_searchers(_exc=None) -> None:
        """A threaded server (flask run, the browser tests) runs each request in a thread of its
        own, which ends with it: close that thread's searcher rather than leave its files to
        the garbage collector. Gunicorn's sync workers keep theirs from request to request."""
        from flask import request

        if request.environ.get("wsgi.multithread"):
            index.forget_searchers()


def register_provider(name: str, provider) -> None:
    """Answer one of search's questions from an area above it (see ``providers``)."""
    from . import providers

    providers.register(name, provider)


def reindex_later(kind: str, ids) -> None:
    """Have the index re-read these records of ``kind`` after the session's commit."""
    from ..extensions import db
    from . import outbox

    outbox.queue(db.session, kind, ids)


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


def repair_index(deep: bool = False) -> int | None:
    """Rebuild a missing or unreadable index from the database (the worker's first step).

    ``deep`` reads every segment, not only the table of contents. Returns the number of records
    written by a rebuild, or None when the index was readable.
    """
    from . import index

    try:
        index.check(deep=deep)
        return None
    except SearchUnavailable as exc:
        log.error("search index unavailable (%s): rebuilding it from the database", exc)
    index.forget_searchers()
    return index.rebuild()


def reindex(progress=None) -> int:
    """Rebuild the whole index from the database into a new folder and swap it in.

    ``progress(done, total)`` is called as records are written; returns the number indexed.
    """
    from . import index

    return index.rebuild(progress=progress)


@_guarded
def search(
    q="", kind=None, filters=None, page=1, per_page=20, sort=None, facets=True
) -> SearchResults:
    """Public records matching ``q`` (any may be empty), with facets and highlighted snippets.

    ``kind`` is "organization", "offering", "need" or None (all); ``filters`` maps facet names
    (sector, type, commune — where it is located —, verified, eco_label, procurement) and
    ``serves`` (a commune an offering serves) to the selected value. ``sort``: "newest",
    "deadline" or None (relevance; the title when ``q`` has no words). ``facets=False`` leaves
    the facet counts out (a caller that shows none, the API).
    """
    from . import query

    return query.search(
        q,
        kind=kind,
        filters=filters or {},
        page=page,
        per_page=per_page,
        sort=sort,
        facets=facets,
    )


@_guarded
def new_records(q, kind=None, filters=None, since=0, limit=50) -> list[tuple[str, int]]:
    """(kind, id) of the records ``search`` finds with every word and the filters, created at
    or after ``since`` (seconds since 1970), newest first: what entered a saved search."""
    from . import query

    return query.new_records(q, kind=kind, filters=filters or {}, since=since, limit=limit)


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


def waiting(kind: str, id_: int) -> bool:
    """Whether a change of this record ("organization", "offering", "need") waits for the
    index: what was computed from the index (stored matches) may not include it yet."""
    from . import outbox

    return outbox.waiting(kind, id_)


def records_for(hits) -> dict[tuple[str, int], object]:
    """The public records behind ``hits``, keyed by (kind, id); hidden ones are left out."""
    from . import display

    return display.records_for(hits)


def kinds() -> tuple[str, ...]:
    """The record kinds ``search`` takes: "organization", "offering", "need"."""
    from .documents import KINDS

    return tuple(KINDS)


def filter_names() -> tuple[str, ...]:
    """The filter names ``search`` takes (the facets besides the kind, and "serves")."""
    from .query import FILTERS

    return tuple(name for name in FILTERS if name != "kind")


def describe(kind: str, filters: dict, locale: str) -> list[tuple[str, str]]:
    """A search's kind and filters in words, as the search page names them: (title, value)."""
    from . import display

    return display.describe(kind, filters, locale)


def describe_all(searches, locale: str) -> list[list[tuple[str, str]]]:
    """``describe`` for each (kind, filters) of a list: the names are read once, not per search
    (the saved searches page)."""
    from . import display

    return display.describe_all(searches, locale)
