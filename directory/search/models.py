"""The outbox that carries committed changes to the search index."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..models_base import CreatedAt, PkModel


class SearchOutbox(CreatedAt, PkModel):
    """A change to an organization, offering or need that the index has not applied yet.

    Written in the same transaction as the change itself, deleted once the index has it.
    """

    __tablename__ = "search_outbox"

    entity: Mapped[str] = mapped_column(String(20))  # organization | offering | need
    entity_id: Mapped[int]
