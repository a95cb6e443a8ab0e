"""Organizations (suppliers and buyers alike), their members and invitations."""

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..reference.models import Commune, IndustrialZone
from ..timeutil import utcnow

KINDS = (
    "company",
    "consultancy",
    "institute",
    "cooperative",
    "household",
    "industrial_park",
    "industrial_cluster",
    "commune_committee",
    "public_agency",
    "other",
)
SIZES = ("micro", "small", "medium", "large")
VERIFICATION_STATES = ("unverified", "pending", "verified", "rejected")


class Organization(db.Model):
    __tablename__ = "organizations"

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str | None] = mapped_column(String(64), unique=True)
    kind: Mapped[str] = mapped_column(String(30))
    name: Mapped[str] = mapped_column(String(300))
    enterprise_code: Mapped[str | None] = mapped_column(String(14), unique=True)
    size: Mapped[str | None] = mapped_column(String(10))
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"), index=True)
    industrial_zone_id: Mapped[int | None] = mapped_column(ForeignKey("industrial_zones.id"))
    address: Mapped[str | None] = mapped_column(String(500))
    phone: Mapped[str | None] = mapped_column(String(40))
    email: Mapped[str | None] = mapped_column(String(254))
    website: Mapped[str | None] = mapped_column(String(500))
    description: Mapped[str] = mapped_column(Text, default="")
    logo_filename: Mapped[str | None] = mapped_column(String(80))
    verification: Mapped[str] = mapped_column(String(20), default="unverified")
    verified_at: Mapped[datetime | None]
    hidden: Mapped[bool] = mapped_column(default=False)
    hidden_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    commune: Mapped[Commune | None] = relationship()
    industrial_zone: Mapped[IndustrialZone | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(
        back_populates="organization", cascade="all, delete-orphan"
    )
    offerings: Mapped[list["Offering"]] = relationship(  # noqa: F821
        back_populates="organization", cascade="all, delete-orphan"
    )
    needs: Mapped[list["Need"]] = relationship(  # noqa: F821
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


class Membership(db.Model):
    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("user_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[str] = mapped_column(String(10), default="member")  # "owner" or "member"
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped["User"] = relationship(back_populates="memberships")  # noqa: F821
    organization: Mapped[Organization] = relationship(back_populates="memberships")


class Invitation(db.Model):
    """An owner's invitation for someone to join the organization, accepted by link."""

    __tablename__ = "invitations"

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organizations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(String(254))
    token: Mapped[str] = mapped_column(String(64), unique=True)
    invited_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()
