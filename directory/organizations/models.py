"""Organizations (suppliers and buyers alike), their members and invitations."""

from datetime import datetime
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import CreatedAt, Hideable, PkModel, Timestamps, reference_col
from ..reference.models import Commune, IndustrialZone

if TYPE_CHECKING:
    from ..accounts.models import User


class OrganizationKind(CodeSet):
    COMPANY = "company", _l("Công ty")
    CONSULTANCY = "consultancy", _l("Đơn vị tư vấn")
    INSTITUTE = "institute", _l("Viện, trường, trung tâm nghiên cứu")
    COOPERATIVE = "cooperative", _l("Hợp tác xã")
    HOUSEHOLD = "household", _l("Hộ kinh doanh")
    INDUSTRIAL_PARK = "industrial_park", _l("Khu công nghiệp")
    INDUSTRIAL_CLUSTER = "industrial_cluster", _l("Cụm công nghiệp")
    COMMUNE_COMMITTEE = "commune_committee", _l("UBND xã, phường")
    PUBLIC_AGENCY = "public_agency", _l("Cơ quan nhà nước")
    OTHER = "other", _l("Khác")


class OrganizationSize(CodeSet):
    """Vietnamese SME classification."""

    MICRO = "micro", _l("Siêu nhỏ")
    SMALL = "small", _l("Nhỏ")
    MEDIUM = "medium", _l("Vừa")
    LARGE = "large", _l("Lớn")


class Verification(CodeSet):
    UNVERIFIED = "unverified", _l("Chưa xác minh")
    PENDING = "pending", _l("Chờ xác minh")
    VERIFIED = "verified", _l("Đã xác minh")
    REJECTED = "rejected", _l("Bị từ chối xác minh")


class MembershipRole(CodeSet):
    OWNER = "owner", _l("Chủ sở hữu")
    MEMBER = "member", _l("Thành viên")


KINDS = OrganizationKind.codes()
SIZES = OrganizationSize.codes()
VERIFICATION_STATES = Verification.codes()


class Organization(Hideable, Timestamps, PkModel):
    __tablename__ = "organizations"
    __table_args__ = (
        OrganizationKind.check("kind"),
        OrganizationSize.check("size"),
        Verification.check("verification"),
    )

    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    enterprise_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    size: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"), index=True)
    industrial_zone_id: Mapped[int | None] = reference_col("industrial_zones")
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    logo_filename: Mapped[str | None] = mapped_column(String(80))
    verification: Mapped[str] = mapped_column(String(20), default="unverified")
    verified_at: Mapped[datetime | None]

    commune: Mapped[Commune | None] = relationship()
    industrial_zone: Mapped[IndustrialZone | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    # offerings and needs are a layer above: organizations may not import their models, not even
    # for typing (docs/architecture.md), so these names stay strings only SQLAlchemy resolves.
    offerings: Mapped[list["Offering"]] = relationship(  # type: ignore[name-defined]  # noqa: F821
        back_populates="organization", cascade="all, delete-orphan"
    )
    needs: Mapped[list["Need"]] = relationship(  # type: ignore[name-defined]  # noqa: F821
        back_populates="organization", cascade="all, delete-orphan"
    )

    @property
    def is_verified(self) -> bool:
        return self.verification == "verified"

    @property
    def is_public(self) -> bool:
        return not self.hidden

    def __repr__(self) -> str:
        return f"<Organization {self.id} {self.name}>"


class Membership(CreatedAt, PkModel):
    __tablename__ = "memberships"
    __table_args__ = (
        UniqueConstraint("user_id", "organization_id"),
        MembershipRole.check("role"),
    )

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE", index=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    role: Mapped[str] = mapped_column(String(10), default=MembershipRole.MEMBER.value)

    user: Mapped["User"] = relationship(back_populates="memberships")
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Invitation(CreatedAt, PkModel):
    """An owner's invitation for someone to join the organization, accepted by link."""

    __tablename__ = "invitations"

    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    accepted_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
