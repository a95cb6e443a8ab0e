"""What suppliers offer: technologies, equipment, products and services."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import Hideable, PkModel, Timestamps, link_table, reference_col
from ..organizations.models import Organization
from ..reference.models import Commune, Sector


class OfferingType(CodeSet):
    TECHNOLOGY = "technology", _l("Công nghệ")
    EQUIPMENT = "equipment", _l("Thiết bị")
    PRODUCT = "product", _l("Sản phẩm")
    SERVICE = "service", _l("Dịch vụ")


TYPES = OfferingType.codes()

offering_sectors = link_table(
    "offering_sectors",
    ("offering_id", "offerings.id", "CASCADE"),
    ("sector_code", "sectors.code", None),
)
offering_service_area = link_table(
    "offering_service_area",
    ("offering_id", "offerings.id", "CASCADE"),
    ("commune_code", "communes.code", None),
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

    organization: Mapped[Organization] = relationship(back_populates="offerings")
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
