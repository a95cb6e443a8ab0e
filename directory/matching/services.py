"""Compute and keep each need's matches (issue 9, item 1).

- ``refresh_matches_for_need(need_id)``: recompute one open need's matches; a closed or expired
  need keeps its last ones for the record (one that has none yet, e.g. closed before matches
  were stored, gets them once); a draft, hidden or deleted need has none.
- ``refresh_matches_for_offering(offering_id)``: an offering changed, so recompute the needs
  it may enter or leave: those that list it now and the open needs it fits best.
- ``refresh_all(progress)``: every need, for the CLI after an import or a reindex.

The search index applies a change first; ``on_index_applied`` then refreshes the records of a
small change: a changed need at once (its owner sees its matches on the next page), the needs a
changed offering reaches in the background worker when the change came from a web request (a
ranking per need: about a second at ten times a province's size, too slow for a request), at
once from a command. A larger change (an import, a rebuild) is left to ``refresh_all``: bulk
work never runs inside a web request.
"""

import logging

from flask import current_app, has_request_context
from flask_babel import force_locale
from sqlalchemy import delete, select
from sqlalchemy.orm import selectinload

from .. import signals
from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering
from ..timeutil import utcnow
from .models import StoredMatch

log = logging.getLogger(__name__)

KEEP = 20  # offerings kept per need (pages show the first 10)
CASCADE = 10  # open needs an offering fits best, refreshed when it changes
IN_REQUEST_MOST = 5  # changed records refreshed right after a drain; more wait for the CLI
JOB_KIND = "refresh-matches"  # the worker's job: the needs changed offerings reach


def init_app(app) -> None:
    from .. import jobs
    from ..search import index_applied, index_rebuilt
    from .cli import refresh_after_reindex

    index_applied.connect(on_index_applied, app)
    index_rebuilt.connect(refresh_after_reindex, app)
    jobs.register(JOB_KIND, run_job)
    signals.need_page.connect(need_page_matches)
    signals.offering_page.connect(offering_page_matches)


def need_page_matches(need, viewer) -> tuple[str, object]:
    """The need page's part (``signals.need_page``): its stored matching offerings."""
    from .queries import offerings_matching

    return "matches", offerings_matching(need, viewer)


def offering_page_matches(offering, viewer) -> tuple[str, object]:
    """The offering page's part (``signals.offering_page``): open needs it is stored for."""
    from .queries import needs_matching

    return "matches", needs_matching(offering, viewer)


def on_index_applied(app, changes) -> None:
    """After the index applied a change: refresh the matches of the records it touched."""
    if changes is None:
        return  # a rebuild: refresh_all follows it (import-data, reindex)
    needs = changes.get("need", set())
    offerings = changes.get("offering", set())
    if len(needs) + len(offerings) > IN_REQUEST_MOST:
        log.info("%d changed records: stored matches wait for refresh-matches", len(needs))
        return
    # A session of its own (a fresh app context): the caller's session may be mid-commit.
    with app.app_context():
        try:
            for need_id in sorted(needs):
                refresh_matches_for_need(need_id)
            if offerings and has_request_context():
                from .. import jobs

                jobs.enqueue(JOB_KIND, {"offerings": sorted(offerings)})
            elif offerings:
                refresh_reached(sorted(offerings))
        except Exception:  # noqa: BLE001 - the user's change succeeded; refresh-matches repairs
            log.exception("stored matches were not refreshed")
            db.session.rollback()


def run_job(job, progress) -> dict:
    """The worker's "refresh-matches" job: the needs the offerings of a web request reach."""
    return {"needs": refresh_reached(job.payload.get("offerings", []), progress)}


def refresh_reached(offering_ids: list[int], progress=None) -> int:
    """Refresh every need the changes of ``offering_ids`` may affect; returns how many."""
    reached = list(
        dict.fromkeys(
            n for offering_id in offering_ids for n in needs_reached_by_offering(offering_id)
        )
    )
    for done, need_id in enumerate(reached, 1):
        refresh_matches_for_need(need_id)
        if progress:
            progress(done, len(reached))
    return len(reached)


def _load_need(need_id: int) -> Need | None:
    return db.session.scalar(
        select(Need)
        .where(Need.id == need_id)
        .options(
            selectinload(Need.sectors), selectinload(Need.commune), selectinload(Need.organization)
        )
    )


def refresh_matches_for_need(need_id: int) -> int:
    """Recompute one need's stored matches and commit; returns how many it has."""
    need = _load_need(need_id)
    if need is None:
        return 0  # deleted: its rows went with it
    kept = _count(need_id)
    if need.effective_status in ("closed", "expired") and kept:
        return kept  # kept for the record (one closed before matches were stored gets its first)
    if not need.is_public:
        db.session.execute(delete(StoredMatch).where(StoredMatch.need_id == need_id))
        db.session.commit()
        return 0
    _store(need, _compute(need))
    db.session.commit()
    return _count(need_id)


def needs_reached_by_offering(offering_id: int) -> list[int]:
    """The needs whose matches an offering's change may alter, likeliest first: the open needs
    it fits best, then those that list it now (by its rank there)."""
    from ..search import needs_for_offering

    offering = db.session.get(Offering, offering_id)
    fits = []
    if offering is not None and offering.is_public:
        fits = [m.id for m in needs_for_offering(offering, limit=CASCADE)]
    listed = db.session.scalars(
        select(StoredMatch.need_id)
        .where(StoredMatch.offering_id == offering_id)
        .order_by(StoredMatch.rank, StoredMatch.need_id)
    )
    return list(dict.fromkeys([*fits, *listed]))


def refresh_all(progress=None) -> int:
    """Recompute the matches of every open need (closed and expired ones keep theirs);
    ``progress(done, total)`` follows along. Returns the number of needs refreshed."""
    ids = list(db.session.scalars(select(Need.id).order_by(Need.id)))
    db.session.rollback()
    for done, need_id in enumerate(ids, 1):
        refresh_matches_for_need(need_id)
        if progress:
            progress(done, len(ids))
    return len(ids)


def _compute(need: Need) -> dict[int, tuple[float, dict[str, list[str]], str]]:
    """{offering id: (score, {locale: reasons}, strength)}, best first: ranked once, in the default
    language, and the reasons worded again for the other languages."""
    from ..search import matches_for_need

    default, *others = current_app.config["LANGUAGES"]
    with force_locale(default):
        matches = matches_for_need(need, limit=KEEP)
    found = {m.id: (m.score, {default: list(m.reasons)}, m.strength) for m in matches}
    for locale in others:
        with force_locale(locale):
            for m in matches:
                found[m.id][1][locale] = m.explain() if m.explain else list(m.reasons)
    return found


def _store(need: Need, found) -> None:
    """Replace the need's rows by ``found``, keeping ``found_at`` of pairs found before, and
    tell the areas above of the new pairs (``signals.matches_found``)."""
    rows = {
        row.offering_id: row
        for row in db.session.scalars(select(StoredMatch).where(StoredMatch.need_id == need.id))
    }
    now = utcnow()
    new = []
    for rank, (offering_id, (score, reasons, strength)) in enumerate(found.items(), 1):
        row = rows.pop(offering_id, None)
        if row is None:
            row = StoredMatch(need_id=need.id, offering_id=offering_id, found_at=now)
            db.session.add(row)
            new.append((offering_id, strength))
        row.score, row.rank, row.reasons, row.strength = score, rank, reasons, strength
    for row in rows.values():
        db.session.delete(row)
    if new:
        signals.matches_found.send(need, found=new)


def _count(need_id: int) -> int:
    return db.session.scalar(  # type: ignore[return-value]
        select(db.func.count()).select_from(StoredMatch).where(StoredMatch.need_id == need_id)
    )
