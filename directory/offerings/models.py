"""What suppliers offer: technologies, equipment, products and services."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..extensions import db
from ..models_base import Hideable, PkModel, Timestamps, reference_col
from ..reference.models import Commune, Sector


class OfferingType(CodeSet):
    TECHNOLOGY = "technology", _l("Công nghệ")
    EQUIPMENT = "equipment", _l("Thiết bị")
    PRODUCT = "product", _l("Sản phẩm")
    SERVICE = "service", _l("Dịch vụ")


TYPES = OfferingType.codes()

offering_sectors = Table(
    "offering_sectors",
    db.metadata,
    Column("offering_id", ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True),
    Column("sector_code", ForeignKey("sectors.code"), primary_key=True),
)

offering_service_area = Table(
    "offering_service_area",
    db.metadata,
    Column("offering_id", ForeignKey("offerings.id", ondelete="CASCADE"), primary_key=True),
    Column("commune_code", ForeignKey("communes.code"), primary_key=True),
)


class Offering(Hideable, Timestamps, PkModel):
    __tablename__ = "offerings"
    __table_args__ = (OfferingType.check("type"),)

    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    type: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    capacity: Mapped[str | None] = mapped_column(String(200))
    standards: Mapped[list[str]] = mapped_column(JSON, default=list)
    eco_label: Mapped[str | None] = mapped_column(String(200))
    published: Mapped[bool] = mapped_column(default=True)

    organization: Mapped["Organization"] = relationship(back_populates="offerings")  # noqa: F821
    sectors: Mapped[list[Sector]] = relationship(
        secondary=offering_sectors, order_by=Sector.position
    )
    service_area: Mapped[list[Commune]] = relationship(
        secondary=offering_service_area, order_by=Commune.name
    )

    @property
    def is_public(self) -> bool:
        """Anyone may see it: published, not hidden, and its organization is visible."""
        return self.published and not self.hidden and self.organization.is_public

    def serves(self, commune_code: str | None) -> bool:
        """An empty service area means the whole province."""
        if not self.service_area or commune_code is None:
            return True
        return any(c.code == commune_code for c in self.service_area)

    def __repr__(self) -> str:
        return f"<Offering {self.id} {self.title}>"
