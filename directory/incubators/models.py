"""The province's business incubators (vườn ươm): cohorts, participants and what they receive."""

from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import BigInteger, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..codes import CodeSet
from ..models_base import CreatedAt, PkModel, link_table, reference_col
from ..organizations.models import Organization
from ..reference.models import IndustrialZone


class ParticipationStatus(CodeSet):
    APPLIED = "applied", _l("Nộp hồ sơ")
    ADMITTED = "admitted", _l("Được tiếp nhận")
    ACTIVE = "active", _l("Đang ươm tạo")
    GRADUATED = "graduated", _l("Tốt nghiệp")
    WITHDRAWN = "withdrawn", _l("Rút khỏi chương trình")


class SupportType(CodeSet):
    CONSULTING = "consulting", _l("Tư vấn")
    TRAINING = "training", _l("Đào tạo")
    TRADE_PROMOTION = "trade_promotion", _l("Xúc tiến thương mại")
    FINANCE = "finance", _l("Hỗ trợ tài chính")
    PREMISES = "premises", _l("Mặt bằng")
    OTHER = "other", _l("Khác")


STATUSES = ParticipationStatus.codes()
# The only changes that make sense: a participant moves forward or leaves.
TRANSITIONS = {
    "applied": ("admitted", "withdrawn"),
    "admitted": ("active", "withdrawn"),
    "active": ("graduated", "withdrawn"),
    "graduated": (),
    "withdrawn": (),
}
# While in one of these, the organization carries the "Ươm tạo" badge.
INCUBATING = ("admitted", "active")
SUPPORT_TYPES = SupportType.codes()

participation_mentors = link_table(
    "participation_mentors",
    ("participation_id", "incubator_participations.id", "CASCADE"),
    ("mentor_id", "incubator_mentors.id", "CASCADE"),
)


class Incubator(CreatedAt, PkModel):
    __tablename__ = "incubators"

    name: Mapped[str] = mapped_column(String(200), unique=True)
    industrial_zone_id: Mapped[int] = reference_col("industrial_zones", index=True)
    description: Mapped[str] = mapped_column(Text, default="")
    manager_name: Mapped[str | None] = mapped_column(String(200))
    manager_phone: Mapped[str | None] = mapped_column(String(40))
    manager_email: Mapped[str | None] = mapped_column(String(254))

    industrial_zone: Mapped[IndustrialZone] = relationship()
    cohorts: Mapped[list["Cohort"]] = relationship(
        back_populates="incubator", order_by="Cohort.starts_on.desc()"
    )
    mentors: Mapped[list["Mentor"]] = relationship(
        back_populates="incubator", order_by="Mentor.name"
    )


class Cohort(CreatedAt, PkModel):
    __tablename__ = "incubator_cohorts"
    __table_args__ = (UniqueConstraint("incubator_id", "name"),)

    incubator_id: Mapped[int] = reference_col("incubators", index=True)
    name: Mapped[str] = mapped_column(String(200))
    starts_on: Mapped[date]
    ends_on: Mapped[date]

    incubator: Mapped[Incubator] = relationship(back_populates="cohorts")
    participations: Mapped[list["Participation"]] = relationship(back_populates="cohort")


class Participation(CreatedAt, PkModel):
    """An organization taking part in a cohort; ``status`` is the latest of its history."""

    __tablename__ = "incubator_participations"
    __table_args__ = (
        UniqueConstraint("cohort_id", "organization_id"),
        ParticipationStatus.check("status"),
    )

    cohort_id: Mapped[int] = reference_col("incubator_cohorts", index=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    status: Mapped[str] = mapped_column(String(20), default="applied", index=True)

    cohort: Mapped[Cohort] = relationship(back_populates="participations")
    organization: Mapped[Organization] = relationship()
    history: Mapped[list["StatusChange"]] = relationship(
        back_populates="participation",
        order_by="[StatusChange.changed_on, StatusChange.id]",
        cascade="all, delete-orphan",
    )
    mentors: Mapped[list["Mentor"]] = relationship(
        secondary=participation_mentors, order_by="Mentor.name"
    )
    milestones: Mapped[list["Milestone"]] = relationship(
        back_populates="participation",
        order_by="[Milestone.due_on, Milestone.id]",
        cascade="all, delete-orphan",
    )
    support: Mapped[list["SupportRecord"]] = relationship(
        back_populates="participation",
        order_by="[SupportRecord.given_on, SupportRecord.id]",
        cascade="all, delete-orphan",
    )


class StatusChange(CreatedAt, PkModel):
    """One dated step of a participant's path, with the officer's note."""

    __tablename__ = "incubator_status_changes"
    __table_args__ = (
        ParticipationStatus.check("from_status"),
        ParticipationStatus.check("to_status"),
    )

    participation_id: Mapped[int] = reference_col(
        "incubator_participations", ondelete="CASCADE", index=True
    )
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    changed_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    officer_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")

    participation: Mapped[Participation] = relationship(back_populates="history")
    officer: Mapped[User | None] = relationship()


class Mentor(CreatedAt, PkModel):
    """An expert of the incubator's pool, assigned to the participants they coach."""

    __tablename__ = "incubator_mentors"

    incubator_id: Mapped[int] = reference_col("incubators", index=True)
    name: Mapped[str] = mapped_column(String(200))
    expertise: Mapped[str] = mapped_column(String(300), default="")
    contact: Mapped[str | None] = mapped_column(String(300))

    incubator: Mapped[Incubator] = relationship(back_populates="mentors")


class Milestone(CreatedAt, PkModel):
    __tablename__ = "incubator_milestones"

    participation_id: Mapped[int] = reference_col(
        "incubator_participations", ondelete="CASCADE", index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    due_on: Mapped[date]
    done_on: Mapped[date | None]

    participation: Mapped[Participation] = relationship(back_populates="milestones")

    def is_overdue(self, today: date) -> bool:
        return self.done_on is None and self.due_on < today


class SupportRecord(CreatedAt, PkModel):
    """Support a participant received: consulting, training, trade promotion, money, premises."""

    __tablename__ = "incubator_support_records"
    __table_args__ = (SupportType.check("type"),)

    participation_id: Mapped[int] = reference_col(
        "incubator_participations", ondelete="CASCADE", index=True
    )
    type: Mapped[str] = mapped_column(String(30))
    amount_vnd: Mapped[int | None] = mapped_column(BigInteger)
    given_on: Mapped[date]
    note: Mapped[str] = mapped_column(Text, default="")
    officer_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")

    participation: Mapped[Participation] = relationship(back_populates="support")
