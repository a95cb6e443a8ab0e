"""The public change log: what an open-data consumer needs to mirror the published records.

Every flush that touches an organization, offering or need writes, in the same transaction,
one row per record whose public state it changed: ``upsert`` while the record is public,
``delete`` (a tombstone) once it is hidden, unpublished, turned draft or removed. Rows are
never pruned by the application, so tombstones outlive the year the contract asks for.
It sits at layer 5: it hears the records through a session event, as search's outbox does,
so no record area imports it; the API (layer 8) reads it.
"""

from sqlalchemy import event

from ..extensions import db
from .log import record_changes


def init_app(app) -> None:
    if not event.contains(db.session, "after_flush", record_changes):
        event.listen(db.session, "after_flush", record_changes)
