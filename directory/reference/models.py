"""Reference tables: sectors, communes and wards, industrial parks and clusters."""

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import Model, PkModel


class Sector(Model):
    __tablename__ = "sectors"

    code: Mapped[str] = mapped_column(String(40), primary_key=True)
    name_vi: Mapped[str] = mapped_column(String(200))
    name_en: Mapped[str] = mapped_column(String(200))
    plan_target: Mapped[str | None] = mapped_column(String(40))
    examples_vi: Mapped[str | None] = mapped_column(Text)
    position: Mapped[int] = mapped_column(default=0)

    def name(self, locale: str = "vi") -> str:
        return self.name_en if locale == "en" else self.name_vi

    def __repr__(self) -> str:
        return f"<Sector {self.code}>"


class Commune(Model):
    __tablename__ = "communes"

    code: Mapped[str] = mapped_column(String(10), primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    type: Mapped[str] = mapped_column(String(20))  # "phường" or "xã"
    former_area: Mapped[str | None] = mapped_column(String(200))

    def __repr__(self) -> str:
        return f"<Commune {self.code} {self.name}>"


class ZoneKind(CodeSet):
    PARK = "park"  # khu công nghiệp (KCN)
    CLUSTER = "cluster"  # cụm công nghiệp (CCN)


class IndustrialZone(PkModel):
    __tablename__ = "industrial_zones"
    __table_args__ = (ZoneKind.check("kind"),)

    kind: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200), unique=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    note: Mapped[str | None] = mapped_column(Text)

    commune: Mapped[Commune | None] = relationship()

    def __repr__(self) -> str:
        return f"<IndustrialZone {self.name}>"
