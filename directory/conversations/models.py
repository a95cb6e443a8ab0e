"""A conversation between two organizations about a need or an offering, and its messages."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..codes import CodeSet, RecordKind
from ..models_base import CreatedAt, Model, PkModel, reference_col
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..timeutil import utcnow


class DealStage(CodeSet):
    """The deal funnel, in order; its labels are fixed by contracts.md §8."""

    CONTACTED = "contacted", _l("Đã liên hệ")
    QUOTED = "quoted", _l("Đã báo giá")
    CONTRACTED = "contracted", _l("Đã ký hợp đồng")
    DELIVERED = "delivered", _l("Đã bàn giao")
    DECLINED = "declined", _l("Không tiếp tục")


class ReportKind(CodeSet):
    """What an abuse report is about: a listing (worded as its record kind) or a message."""

    ORGANIZATION = RecordKind.ORGANIZATION.value, RecordKind.ORGANIZATION.label
    OFFERING = RecordKind.OFFERING.value, RecordKind.OFFERING.label
    NEED = RecordKind.NEED.value, RecordKind.NEED.label
    MESSAGE = "message", _l("Tin nhắn trong một trao đổi")


STAGES = DealStage.codes()
# How far down the funnel a stage is; "declined" ends a conversation and counts as contacted only.
FUNNEL_RANK: dict[str, int] = {
    DealStage.CONTACTED: 1,
    DealStage.QUOTED: 2,
    DealStage.CONTRACTED: 3,
    DealStage.DELIVERED: 4,
    DealStage.DECLINED: 1,
}


class Conversation(PkModel):
    __tablename__ = "conversations"
    __table_args__ = (DealStage.check("stage"),)

    need_id: Mapped[int | None] = reference_col("needs", ondelete="SET NULL", index=True)
    offering_id: Mapped[int | None] = reference_col("offerings", ondelete="SET NULL", index=True)
    buyer_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    supplier_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    started_by_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE")
    stage: Mapped[str] = mapped_column(String(20), default=DealStage.CONTACTED.value)
    stage_changed_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_message_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    need: Mapped[Need | None] = relationship()
    offering: Mapped[Offering | None] = relationship()
    buyer: Mapped[Organization] = relationship(foreign_keys=[buyer_id])
    supplier: Mapped[Organization] = relationship(foreign_keys=[supplier_id])
    messages: Mapped[list["Message"]] = relationship(
        back_populates="conversation", cascade="all, delete-orphan", order_by="Message.id"
    )
    stage_changes: Mapped[list["StageChange"]] = relationship(
        cascade="all, delete-orphan", order_by="StageChange.id"
    )

    def other_side(self, organization_id: int):
        return self.supplier if organization_id == self.buyer_id else self.buyer

    @property
    def subject(self) -> str:
        record = self.need or self.offering
        return record.title if record is not None else ""


class Message(CreatedAt, PkModel):
    __tablename__ = "messages"

    conversation_id: Mapped[int] = reference_col("conversations", ondelete="CASCADE", index=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE")
    author_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    body: Mapped[str] = mapped_column(Text)

    conversation: Mapped[Conversation] = relationship(back_populates="messages")
    organization: Mapped[Organization] = relationship()
    author: Mapped[User | None] = relationship()


class StageChange(PkModel):
    """Each stage a conversation reached, dated; the first one is "contacted" at its start."""

    __tablename__ = "conversation_stage_changes"
    __table_args__ = (DealStage.check("stage"),)

    conversation_id: Mapped[int] = reference_col("conversations", ondelete="CASCADE", index=True)
    stage: Mapped[str] = mapped_column(String(20))
    by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    at: Mapped[datetime] = mapped_column(default=utcnow)

    by: Mapped[User | None] = relationship()


class ReadMark(Model):
    """When a user last opened a conversation: newer messages make it unread for them."""

    __tablename__ = "conversation_reads"

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE", primary_key=True)
    conversation_id: Mapped[int] = reference_col(
        "conversations", ondelete="CASCADE", primary_key=True
    )
    read_at: Mapped[datetime] = mapped_column(default=utcnow)


class FollowUp(PkModel):
    """A follow-up mail sent to the buyer; its one-click links work once, until ``used_at``."""

    __tablename__ = "conversation_follow_ups"
    __table_args__ = (DealStage.check("stage"),)

    conversation_id: Mapped[int] = reference_col("conversations", ondelete="CASCADE", index=True)
    stage: Mapped[str] = mapped_column(String(20))  # the stage it asked about
    after_days: Mapped[int]
    sent_at: Mapped[datetime] = mapped_column(default=utcnow)
    used_at: Mapped[datetime | None]


class AbuseReport(CreatedAt, PkModel):
    """A signed-in user's report of a listing or a message, waiting in the moderation queue."""

    __tablename__ = "abuse_reports"
    __table_args__ = (ReportKind.check("kind"),)

    kind: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int]
    conversation_id: Mapped[int | None] = reference_col(
        "conversations", ondelete="CASCADE", index=True
    )
    reporter_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    reason: Mapped[str] = mapped_column(Text)
    resolved_at: Mapped[datetime | None] = mapped_column(index=True)

    reporter: Mapped[User | None] = relationship()
