"""Write audit entries inside the caller's transaction (the caller commits)."""

from datetime import date, datetime

from ..extensions import db
from .models import AuditEntry


def snapshot(obj, fields) -> dict:
    """The named attributes of ``obj`` as JSON-safe values, for before/after columns."""
    values = {}
    for name in fields:
        value = getattr(obj, name)
        if isinstance(value, (date, datetime)):
            value = value.isoformat()
        elif isinstance(value, list):
            value = [getattr(v, "code", getattr(v, "id", v)) for v in value]
        values[name] = value
    return values


def record(actor, action: str, obj, summary: str = "", before=None, after=None) -> AuditEntry:
    """Add an entry for ``actor`` doing ``action`` to ``obj``; committed with the action itself."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        action=action,
        object_type=type(obj).__tablename__ if hasattr(obj, "__tablename__") else str(obj),
        object_id=getattr(obj, "id", None),
        summary=summary[:500],
        before=before,
        after=after,
    )
    db.session.add(entry)
    return entry
