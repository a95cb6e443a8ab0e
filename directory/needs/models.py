"""What buyers need: the demand side of the directory."""

from datetime import date, datetime

from sqlalchemy import BigInteger, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..reference.models import Commune, IndustrialZone, Sector
from ..timeutil import today_in_vietnam, utcnow

PROCUREMENT_MODES = ("order", "designated", "quotation", "information")
STATUSES = ("draft", "open", "closed")  # "expired" is derived from the deadline
CLOSE_REASONS = ("fulfilled", "cancelled")

need_sectors = Table(
    "need_sectors",
    db.metadata,
    Column("need_id", ForeignKey("needs.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_code", ForeignKey("sectors.code"), primary_key=True),
)


class Need(db.Model):
    __tablename__ = "needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"), index=True)
    industrial_zone_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_zones.id"))
    quantity: Mapped[str | None] = mapped_column(String(200))
    budget_vnd: Mapped[int | None] = mapped_column(BigInteger)
    deadline: Mapped[date | None]
    procurement: Mapped[str | None] = mapped_column(String(20))
    contact_name: Mapped[str | None] = mapped_column(String(200))
    contact_phone: Mapped[str | None] = mapped_column(String(40))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    status: Mapped[str] = mapped_column(String(10), default="open", index=True)
    close_reason: Mapped[str | None] = mapped_column(String(20))
    close_note: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None]
    expiry_warned_on: Mapped[date | None]
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organization: Mapped["Organization"] = relationship(back_populates="needs")  # noqa: F821
    sectors: Mapped[list[Sector]] = relationship(secondary=need_sectors, order_by=Sector.position)
    commune: Mapped[Commune | None] = relationship()
    industrial_zone: Mapped[IndustrialZone | None] = relationship()

    @property
    def effective_status(self) -> str:
        """draft, open, closed or expired (an open need whose deadline has passed)."""
        if self.status == "open" and self.deadline and self.deadline < today_in_vietnam():
            return "expired"
        return self.status

    @property
    def is_public(self) -> bool:
        """Published needs (anything but a draft) of visible organizations, not hidden."""
        return self.status != "draft" and not self.hidden and self.organization.is_public

    def __repr__(self) -> str:
        return f"<Need {self.id} {self.title}>"
