"""Keep the index in step with committed changes, through the search_outbox table.

A flush that changes an organization, offering or need writes outbox rows in the same
transaction. After the commit the same process drains the outbox under the index writer lock;
when the lock is busy or the process dies first, the rows stay for the next drain (the
worker, a later request in any process, ``flask drain-index``, an import, a reindex).

A web request applies at most ``REQUEST_ROWS`` rows and never rebuilds: anything larger is
the worker's (``flask --app directory worker``), so no request's time grows with the data.
"""

import logging
import time

from flask import current_app, has_request_context
from sqlalchemy import delete, event, func, insert, inspect, select
from sqlalchemy.orm import Session

from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from . import documents, index
from .models import SearchOutbox
from .signals import index_applied, tell

log = logging.getLogger(__name__)

BATCH = 2000
BULK_FROM = 500  # changes from which a drain may rebuild the index instead (an import)
REQUEST_ROWS = 50  # the most outbox rows a web request applies; the worker does the rest
RETRY_EVERY = 5.0  # seconds between a process's checks for work others left behind

_ENTITIES = {Organization: "organization", Offering: "offering", Need: "need"}
_last_check = {"at": 0.0}


def init_app(app) -> None:
    if not event.contains(db.session, "after_flush", _record_changes):  # once per process
        event.listen(db.session, "after_flush", _record_changes)
        event.listen(db.session, "after_commit", _after_commit)
    app.after_request(_drain_left_overs)
    index.warm_up_in_background(app)


def _record_changes(session, flush_context) -> None:
    """Write an outbox row for every changed record (and the children of a changed org)."""
    changed: set[tuple[str, int]] = set()
    org_ids = set()
    for obj in (*session.new, *session.dirty, *session.deleted):
        kind = _ENTITIES.get(type(obj))
        if kind is None or obj.id is None:
            continue
        changed.add((kind, obj.id))
        if kind == "organization":
            org_ids.add(obj.id)
        elif kind == "offering":
            # The organization's document lists its offerings' sectors (its sector facet).
            history = inspect(obj).attrs.organization_id.history
            for org_id in (obj.organization_id, *history.deleted):
                if org_id is not None:
                    changed.add(("organization", org_id))
    if not changed:
        return
    conn = session.connection()
    if org_ids:
        for model, kind in ((Offering, "offering"), (Need, "need")):
            stmt = select(model.id).where(model.organization_id.in_(org_ids))
            changed.update((kind, id_) for id_ in conn.scalars(stmt))
    conn.execute(
        insert(SearchOutbox), [{"entity": kind, "entity_id": id_} for kind, id_ in sorted(changed)]
    )
    session.info["search_outbox_pending"] = True


def _after_commit(session) -> None:
    if session.info.pop("search_outbox_pending", False):
        drain_quietly()


def _drain_left_overs(response):
    """Now and then, a request picks up a few rows a busy writer or a crashed process left."""
    now = time.monotonic()
    if now - _last_check["at"] >= RETRY_EVERY:
        _last_check["at"] = now
        drain_quietly()
    return response


def drain_quietly() -> int:
    """drain(), never raising: the index may lag, the user's action already succeeded.

    Inside a web request only a few rows are applied and the index is never rebuilt."""
    in_request = has_request_context()
    try:
        return drain(limit=REQUEST_ROWS if in_request else None, rebuild=not in_request)
    except index.IndexUnavailable as exc:
        log.error("search index unavailable (%s); the outbox keeps the changes", exc)
        return 0
    except Exception:  # noqa: BLE001 - the rows stay in the outbox for the next drain
        log.exception("search index update failed; the outbox keeps the changes")
        return 0


def drain(timeout: float | None = None, limit: int | None = None, rebuild: bool = True) -> int:
    """Apply pending outbox rows to the index (at most ``limit``, oldest first); returns how
    many rows were applied. With ``rebuild``, an import-sized backlog rebuilds the index.

    With ``rebuild``, a missing or unreadable index is rebuilt from the database first; without
    (web requests), IndexUnavailable is raised and the rows stay. Returns 0 and leaves the rows
    when another process holds the writer lock for ``timeout``.
    """
    timeout = index.WRITE_TIMEOUT if timeout is None else timeout
    applied = 0
    batch = BATCH if limit is None else min(BATCH, limit)
    with Session(db.engine) as session:
        if rebuild and (not _index_readable() or _worth_rebuilding(session)):
            applied = _drain_by_rebuild(session, timeout)
            if not applied:
                return 0
        while True:
            rows = session.execute(
                select(SearchOutbox.id, SearchOutbox.entity, SearchOutbox.entity_id)
                .order_by(SearchOutbox.id)
                .limit(batch)
            ).all()
            session.rollback()  # start the index write from a fresh snapshot
            if not rows:
                return applied
            changes: dict[str, set[int]] = {}
            for _, kind, id_ in rows:
                changes.setdefault(kind, set()).add(id_)
            try:
                index.write(changes, session, timeout=timeout)
            except index.IndexBusy:
                _last_check["at"] = 0.0  # try again on this process's next request
                current_app.logger.info("search index busy; %d changes wait", len(rows))
                return applied
            session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_([r[0] for r in rows])))
            session.commit()
            applied += len(rows)
            tell(index_applied, changes=changes)
            if len(rows) < batch or (limit is not None and applied >= limit):
                return applied


def _index_readable() -> bool:
    """Whether the live index opens; outside requests a missing or broken one is rebuilt
    (from the database, never replaced by an empty one)."""
    try:
        index.check(deep=False)
    except index.IndexUnavailable as exc:
        log.error("search index unavailable (%s): rebuilding it", exc)
        return False
    return True


def _worth_rebuilding(session) -> bool:
    """Whether the waiting changes touch so much of the database (an import) that a rebuild,
    which writes in bulk, is faster than updating the documents one by one (about 3× as
    fast per record, and no segment merges)."""
    waiting = session.scalar(select(func.count()).select_from(SearchOutbox))
    if waiting < BULK_FROM:
        return False
    records = sum(documents.count(session, kind) for kind in documents.KINDS)
    session.rollback()
    return waiting * 3 >= records


def _drain_by_rebuild(session, timeout: float) -> int:
    """Rebuild the index, then delete the outbox rows read before it started (their changes
    were committed before it read the database; rows written meanwhile stay)."""
    ids = list(session.scalars(select(SearchOutbox.id)))
    session.rollback()
    try:
        index.rebuild(timeout=timeout)
    except index.IndexBusy:
        _last_check["at"] = 0.0
        current_app.logger.info("search index busy; %d changes wait", len(ids))
        return 0
    for start in range(0, len(ids), BATCH):
        chunk = ids[start : start + BATCH]
        session.execute(delete(SearchOutbox).where(SearchOutbox.id.in_(chunk)))
    session.commit()
    tell(index_applied, changes=None)
    return len(ids)


def pending() -> int:
    """How many changes wait for the index."""
    with Session(db.engine) as session:
        return session.scalars(select(func.count()).select_from(SearchOutbox)).one()


def waiting(kind: str, id_: int) -> bool:
    """Whether a change of this record waits for the index (and so for its stored matches)."""
    found = db.session.scalar(
        select(SearchOutbox.id)
        .where(SearchOutbox.entity == kind, SearchOutbox.entity_id == id_)
        .limit(1)
    )
    return found is not None


def queue(session, kind: str, ids) -> None:
    """Have the index re-read these records after the session's commit: for changes that live
    outside the records' own rows (an organization admitted to an incubator)."""
    session.add_all(SearchOutbox(entity=kind, entity_id=id_) for id_ in ids)
    session.info["search_outbox_pending"] = True
