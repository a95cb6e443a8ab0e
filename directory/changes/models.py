"""The change log's one table (see the package's docstring)."""

from datetime import datetime

from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column

from ..codes import CodeSet, RecordKind
from ..models_base import PkModel
from ..timeutil import utcnow


class ChangeAction(CodeSet):
    UPSERT = "upsert"
    DELETE = "delete"


class Change(PkModel):
    """A record became (or stayed, edited) public, or stopped being public."""

    __tablename__ = "changes"
    __table_args__ = (
        ChangeAction.check("action"),
        RecordKind.check("kind"),
        Index("ix_changes_kind_record_id", "kind", "record_id"),
    )

    kind: Mapped[str] = mapped_column(String(20))  # organization, offering, need
    record_id: Mapped[int]
    ref: Mapped[str | None] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(10))
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    def __repr__(self) -> str:
        return f"<Change {self.id} {self.action} {self.kind} {self.record_id}>"
