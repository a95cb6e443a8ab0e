"""The outbox that carries committed changes to the search index."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from ..timeutil import utcnow


class SearchOutbox(db.Model):
    """A change to an organization, offering or need that the index has not applied yet.

    Written in the same transaction as the change itself, deleted once the index has it.
    """

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))  # organization | offering | need
    entity_id: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
