from datetime import datetime

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models_base import PkModel, reference_col
from ..timeutil import utcnow


class AuditEntry(PkModel):
    __tablename__ = "audit_entries"

    actor_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL", index=True)
    action: Mapped[str] = mapped_column(String(60), index=True)  # e.g. "organization.verify"
    object_type: Mapped[str] = mapped_column(String(40), index=True)
    object_id: Mapped[int | None] = mapped_column(index=True)
    summary: Mapped[str] = mapped_column(String(500), default="")
    before: Mapped[dict | None] = mapped_column(JSON)
    after: Mapped[dict | None] = mapped_column(JSON)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    # accounts sits on audit's own layer, so audit may not import it, not even for typing
    # (docs/architecture.md): the name stays a string that only SQLAlchemy resolves.
    actor: Mapped["User | None"] = relationship()  # type: ignore[name-defined]  # noqa: F821
