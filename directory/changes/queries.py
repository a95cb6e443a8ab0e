"""Reading the change log."""

from datetime import datetime

from sqlalchemy import Select, func, select

from ..extensions import db
from .models import Change


def changes_since(since: datetime | None) -> Select:
    """Changes at or after ``since`` (all of them without it), oldest first."""
    stmt = select(Change)
    if since is not None:
        stmt = stmt.where(Change.at >= since)
    return stmt.order_by(Change.id)


def latest_change_id() -> int:
    """The newest change's id (0 for none): a version of the whole public data set."""
    return db.session.scalar(select(func.max(Change.id))) or 0
