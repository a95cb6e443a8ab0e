"""Trade-promotion events (issue 14): the event, its meeting slots, participants, meetings.

Times of slots are wall-clock times in the province (Asia/Ho_Chi_Minh), stored naive: an
event happens in Đồng Tháp, and its agenda and .ics speak that zone.

Nobody is booked twice in a slot: each scheduled meeting writes one ``Booking`` row per
participant, unique on (event, slot, participant), and the meeting itself is unique on
(slot, table) — the database refuses the second booking even under concurrent accepts.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import CreatedAt, PkModel, Timestamps, link_table, reference_col
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..reference.models import Commune
from ..timeutil import utcnow


class ParticipantStatus(CodeSet):
    PENDING = "pending", _l("Chờ duyệt")
    ACCEPTED = "accepted", _l("Đã xác nhận")
    DECLINED = "declined", _l("Bị từ chối")
    CANCELLED = "cancelled", _l("Đã hủy")


class MeetingStatus(CodeSet):
    REQUESTED = "requested", _l("Chờ trả lời")
    ACCEPTED = "accepted", _l("Đã nhận")
    DECLINED = "declined", _l("Đã từ chối")
    EXPIRED = "expired", _l("Quá hạn")
    CANCELLED = "cancelled", _l("Đã hủy")


participant_offerings = link_table(
    "event_participant_offerings",
    ("participant_id", "event_participants.id", "CASCADE"),
    ("offering_id", "offerings.id", "CASCADE"),
)
participant_needs = link_table(
    "event_participant_needs",
    ("participant_id", "event_participants.id", "CASCADE"),
    ("need_id", "needs.id", "CASCADE"),
)


class Event(Timestamps, PkModel):
    __tablename__ = "events"

    title: Mapped[str] = mapped_column(String(300))
    description: Mapped[str] = mapped_column(Text, default="")
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    venue: Mapped[str | None] = mapped_column(String(300))
    online: Mapped[bool] = mapped_column(default=False)
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    registration_deadline: Mapped[date]
    capacity: Mapped[int | None]
    approval_required: Mapped[bool] = mapped_column(default=False)
    published: Mapped[bool] = mapped_column(default=False, index=True)
    slot_minutes: Mapped[int] = mapped_column(default=20)
    tables: Mapped[int] = mapped_column(default=10)

    commune: Mapped[Commune | None] = relationship()
    slots: Mapped[list["Slot"]] = relationship(
        back_populates="event", cascade="all, delete-orphan", order_by="Slot.starts_at"
    )


class Slot(PkModel):
    """A meeting slot: its start and end, local time in the province."""

    __tablename__ = "event_slots"
    __table_args__ = (UniqueConstraint("event_id", "starts_at"),)

    event_id: Mapped[int] = reference_col("events", ondelete="CASCADE", index=True)
    starts_at: Mapped[datetime]
    ends_at: Mapped[datetime]

    event: Mapped[Event] = relationship(back_populates="slots")


class Participant(CreatedAt, PkModel):
    """An organization registered for an event, with who attends and what it offers and seeks."""

    __tablename__ = "event_participants"
    __table_args__ = (
        UniqueConstraint("event_id", "organization_id"),
        ParticipantStatus.check("status"),
    )

    event_id: Mapped[int] = reference_col("events", ondelete="CASCADE", index=True)
    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    status: Mapped[str] = mapped_column(String(20), default=ParticipantStatus.ACCEPTED.value)
    attendees: Mapped[str] = mapped_column(Text, default="")
    offers_text: Mapped[str] = mapped_column(Text, default="")
    seeks_text: Mapped[str] = mapped_column(Text, default="")
    registered_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    cancelled_at: Mapped[datetime | None]

    event: Mapped[Event] = relationship()
    organization: Mapped[Organization] = relationship()
    offerings: Mapped[list[Offering]] = relationship(secondary=participant_offerings)
    needs: Mapped[list[Need]] = relationship(secondary=participant_needs)

    @property
    def active(self) -> bool:
        return self.status == ParticipantStatus.ACCEPTED


class Meeting(PkModel):
    """A meeting request between two participants; once accepted, a slot and a table."""

    __tablename__ = "event_meetings"
    __table_args__ = (UniqueConstraint("slot_id", "table_no"), MeetingStatus.check("status"))

    event_id: Mapped[int] = reference_col("events", ondelete="CASCADE", index=True)
    requester_id: Mapped[int] = reference_col("event_participants", ondelete="CASCADE", index=True)
    invitee_id: Mapped[int] = reference_col("event_participants", ondelete="CASCADE", index=True)
    # Who must answer next: the invitee, or the requester once the invitee proposed a slot.
    answer_by_id: Mapped[int] = reference_col("event_participants", ondelete="CASCADE")
    message: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(
        String(20), default=MeetingStatus.REQUESTED.value, index=True
    )
    slot_id: Mapped[int | None] = reference_col("event_slots", ondelete="SET NULL")
    table_no: Mapped[int | None]
    proposed_slot_id: Mapped[int | None] = reference_col("event_slots", ondelete="SET NULL")
    no_show: Mapped[bool] = mapped_column(default=False)
    followed_up: Mapped[bool] = mapped_column(default=False)
    # The conversation a participant opened after the meeting (item 6): the deal's stages.
    conversation_id: Mapped[int | None] = reference_col("conversations", ondelete="SET NULL")
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    answered_at: Mapped[datetime | None]

    requester: Mapped[Participant] = relationship(foreign_keys=[requester_id])
    invitee: Mapped[Participant] = relationship(foreign_keys=[invitee_id])
    slot: Mapped[Slot | None] = relationship(foreign_keys=[slot_id])
    proposed_slot: Mapped[Slot | None] = relationship(foreign_keys=[proposed_slot_id])

    def other(self, participant: Participant) -> Participant:
        return self.invitee if participant.id == self.requester_id else self.requester


class Booking(PkModel):
    """One participant busy in one slot for one meeting: the row the database keeps unique."""

    __tablename__ = "event_bookings"
    __table_args__ = (UniqueConstraint("event_id", "slot_id", "participant_id"),)

    event_id: Mapped[int] = reference_col("events", ondelete="CASCADE")
    slot_id: Mapped[int] = reference_col("event_slots", ondelete="CASCADE")
    participant_id: Mapped[int] = reference_col(
        "event_participants", ondelete="CASCADE", index=True
    )
    meeting_id: Mapped[int] = reference_col("event_meetings", ondelete="CASCADE", index=True)
