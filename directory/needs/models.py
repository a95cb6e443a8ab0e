"""What buyers need: the demand side of the directory."""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import Hideable, PkModel, Timestamps, link_table, reference_col
from ..organizations.models import Organization
from ..reference.models import Commune, IndustrialZone, Sector
from ..timeutil import today_in_vietnam


class Procurement(CodeSet):
    ORDER = "order", _l("Đặt hàng")
    DESIGNATED = "designated", _l("Chỉ định thầu")
    QUOTATION = "quotation", _l("Chào giá")
    INFORMATION = "information", _l("Tìm hiểu thông tin")


class NeedStatus(CodeSet):
    """A need's effective status; "expired" is never stored: it follows from the deadline."""

    DRAFT = "draft", _l("Bản nháp")
    OPEN = "open", _l("Đang mở")
    CLOSED = "closed", _l("Đã đóng")
    EXPIRED = "expired", _l("Hết hạn")


class CloseReason(CodeSet):
    FULFILLED = "fulfilled", _l("Đã đáp ứng (đã tìm được nhà cung cấp)")
    CANCELLED = "cancelled", _l("Đã hủy")


PROCUREMENT_MODES = Procurement.codes()
STATUSES = (NeedStatus.DRAFT.value, NeedStatus.OPEN.value, NeedStatus.CLOSED.value)  # stored
CLOSE_REASONS = CloseReason.codes()

need_sectors = link_table(
    "need_sectors", ("need_id", "needs.id", "CASCADE"), ("sector_code", "sectors.code", None)
)


class Need(Hideable, Timestamps, PkModel):
    __tablename__ = "needs"
    __table_args__ = (
        Procurement.check("procurement"),
        NeedStatus.check("status", STATUSES),
        CloseReason.check("close_reason"),
    )

    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"), index=True)
    industrial_zone_id: Mapped[int | None] = reference_col("industrial_zones")
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

    organization: Mapped[Organization] = relationship(back_populates="needs")
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
