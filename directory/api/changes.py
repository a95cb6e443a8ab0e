"""API: the change feed (contracts.md §10) — how a consumer keeps a mirror in step."""

from ..changes.queries import changes_since
from . import bp
from .common import datetime_arg, iso, paginated


def change_json(change) -> dict:
    return {
        "kind": change.kind,
        "id": change.record_id,
        "ref": change.ref,
        "action": change.action,
        "at": iso(change.at),
    }


@bp.get("/changes")
def changes():
    """?since=&page=&per_page= — upserts and deletions at or after ``since``, oldest first.

    Replaying them in order (upsert: fetch the record; delete: drop it) mirrors the public data.
    """
    stmt = changes_since(datetime_arg("since"))
    return paginated(stmt, lambda rows: [change_json(c) for c in rows])
