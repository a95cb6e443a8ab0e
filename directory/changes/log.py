"""Writing the change log from the session (see the package's docstring)."""

from sqlalchemy import and_, func, insert, inspect, select
from sqlalchemy.orm import Session

from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..timeutil import utcnow
from .models import Change

CHUNK = 500
_KINDS = {Organization: "organization", Offering: "offering", Need: "need"}


def public_clauses():
    """kind -> (model, the condition under which the API shows a row). Offerings and needs
    are joined to their organization; keep in step with the record areas' public queries."""
    return {
        "organization": (Organization, Organization.hidden.is_(False)),
        "offering": (
            Offering,
            and_(
                Offering.published.is_(True),
                Offering.hidden.is_(False),
                Organization.hidden.is_(False),
            ),
        ),
        "need": (
            Need,
            and_(Need.status != "draft", Need.hidden.is_(False), Organization.hidden.is_(False)),
        ),
    }


def record_changes(session: Session, flush_context) -> None:
    """After a flush: an upsert for each changed public record, a tombstone for each record
    that stopped being public (an organization's change reaches its offerings and needs)."""
    changed, known_refs = _changed_records(session)
    if not changed:
        return
    conn = session.connection()
    org_ids = changed.pop("organization", set())
    if org_ids:
        changed["organization"] = org_ids
        for model, kind in ((Offering, "offering"), (Need, "need")):
            children = conn.scalars(select(model.id).where(model.organization_id.in_(org_ids)))
            changed.setdefault(kind, set()).update(children)
    now = utcnow()
    rows = []
    for kind, ids in sorted(changed.items()):
        ordered = sorted(ids)
        for start in range(0, len(ordered), CHUNK):  # bounded IN lists on a bulk import
            rows += _rows_for(conn, kind, ordered[start : start + CHUNK], known_refs, now)
    if rows:
        conn.execute(insert(Change), rows)


def _changed_records(session: Session):
    changed: dict[str, set[int]] = {}
    known_refs: dict[tuple[str, int], str | None] = {}
    dirty = [obj for obj in session.dirty if session.is_modified(obj)]
    for obj in (*session.new, *dirty, *session.deleted):
        kind = _KINDS.get(type(obj))
        if kind is None or obj.id is None:
            continue
        changed.setdefault(kind, set()).add(obj.id)
        known_refs[(kind, obj.id)] = obj.ref  # a removed row can no longer be read
        if kind == "offering":
            # An organization shows the sectors of its public offerings: it changed too.
            history = inspect(obj).attrs.organization_id.history
            for org_id in (obj.organization_id, *history.deleted):
                if org_id is not None:
                    changed.setdefault("organization", set()).add(org_id)
    return changed, known_refs


def _rows_for(conn, kind: str, ids: list[int], known_refs, now) -> list[dict]:
    model, public = public_clauses()[kind]
    stmt = select(model.id, model.ref).where(model.id.in_(ids), public)
    if model is not Organization:
        stmt = stmt.join(Organization, model.organization_id == Organization.id)
    public_refs = dict(conn.execute(stmt).all())
    refs = dict(conn.execute(select(model.id, model.ref).where(model.id.in_(ids))).all())
    last = _last_actions(conn, kind, ids)
    rows = []
    for id_ in ids:
        if id_ in public_refs:
            rows.append(_row(kind, id_, public_refs[id_], "upsert", now))
        elif last.get(id_) == "upsert":  # it was public: a tombstone
            rows.append(_row(kind, id_, refs.get(id_, known_refs.get((kind, id_))), "delete", now))
    return rows


def _last_actions(conn, kind: str, ids: list[int]) -> dict[int, str]:
    latest = (
        select(func.max(Change.id))
        .where(Change.kind == kind, Change.record_id.in_(ids))
        .group_by(Change.record_id)
    )
    stmt = select(Change.record_id, Change.action).where(Change.id.in_(latest))
    return dict(conn.execute(stmt).all())


def _row(kind, id_, ref, action, now) -> dict:
    return {"kind": kind, "record_id": id_, "ref": ref, "action": action, "at": now}
