"""Alerts' tables: who wants what, which pairs each person was told of, and the mail outbox."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import JSON, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet, RecordKind
from ..models_base import CreatedAt, Model, PkModel, reference_col
from ..needs.models import Need
from ..offerings.models import Offering
from ..timeutil import utcnow


class Frequency(CodeSet):
    IMMEDIATE = "immediate", _l("Ngay khi có")
    DAILY = "daily", _l("Tóm tắt hằng ngày")
    WEEKLY = "weekly", _l("Tóm tắt hằng tuần")
    OFF = "off", _l("Tắt")


class MailStatus(CodeSet):
    QUEUED = "queued", _l("Đang chờ gửi")
    SENT = "sent", _l("Đã gửi")
    FAILED = "failed", _l("Gửi không được")


class AlertSetting(Model):
    """A user's choice; a user without a row has the default, a daily digest."""

    __tablename__ = "alert_settings"
    __table_args__ = (Frequency.check("frequency"),)

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE", primary_key=True)
    frequency: Mapped[str] = mapped_column(String(10), default=Frequency.DAILY.value)
    last_digest_at: Mapped[datetime | None]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class AlertEvent(CreatedAt, PkModel):
    """One (need, offering) pair a user is (to be) told of: the ledger that keeps anyone from
    hearing of the same pair twice. ``handled_at`` is None until a digest took it (``mail_id``:
    the mail that carried it; None when its records were gone by then)."""

    __tablename__ = "alert_events"
    __table_args__ = (
        UniqueConstraint("user_id", "need_id", "offering_id"),
        Index("ix_alert_events_pending", "user_id", "handled_at"),
        RecordKind.check("new_record", (RecordKind.NEED, RecordKind.OFFERING)),
    )

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE")
    need_id: Mapped[int] = reference_col("needs", ondelete="CASCADE", index=True)
    offering_id: Mapped[int] = reference_col("offerings", ondelete="CASCADE", index=True)
    new_record: Mapped[str] = mapped_column(String(10))  # "need" or "offering": what is new
    handled_at: Mapped[datetime | None]
    mail_id: Mapped[int | None] = reference_col("alert_mails", ondelete="SET NULL")

    need: Mapped[Need] = relationship()
    offering: Mapped[Offering] = relationship()
    mail: Mapped["AlertMail | None"] = relationship()


class AlertMail(PkModel):
    """The outbox: a mail is stored before it is sent, and marked sent after the server took
    it (a crash in between sends it twice at worst, never loses it)."""

    __tablename__ = "alert_mails"
    __table_args__ = (
        MailStatus.check("status"),
        Index("ix_alert_mails_due", "status", "next_attempt_at"),
    )

    user_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    recipient: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(300))
    text: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    unsubscribe_url: Mapped[str] = mapped_column(String(500), default="")
    status: Mapped[str] = mapped_column(String(10), default=MailStatus.QUEUED.value)
    attempts: Mapped[int] = mapped_column(default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    sent_at: Mapped[datetime | None]
    unsubscribed_at: Mapped[datetime | None]  # its unsubscribe link was used (once)


class NotificationKind(CodeSet):
    NEED = "need", _l("Nhu cầu mới phù hợp")
    OFFERING = "offering", _l("Giải pháp mới phù hợp")
    MESSAGE = "message", _l("Tin nhắn mới")
    VERIFIED = "verified", _l("Đã được xác minh")
    REJECTED = "rejected", _l("Chưa được xác minh")


class Notification(CreatedAt, PkModel):
    """An event shown under "Trang của tôi" and counted by the bell until it is opened."""

    __tablename__ = "notifications"
    __table_args__ = (
        NotificationKind.check("kind"),
        Index("ix_notifications_unread", "user_id", "read_at"),
    )

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(String(10))
    record_id: Mapped[int]  # the need, offering, conversation or organization it is about
    subject: Mapped[str] = mapped_column(String(300))  # its title or name, when it happened
    read_at: Mapped[datetime | None]


class SavedSearch(CreatedAt, PkModel):
    """A search a user asked to hear about: its words and filters, as on the search page.
    ``key`` is the canonical form (the same search saved twice is one row); ``checked_at``:
    records created after it are the new ones for the next check."""

    __tablename__ = "saved_searches"
    __table_args__ = (
        UniqueConstraint("user_id", "key"),
        RecordKind.check("kind", ("", *RecordKind.codes())),  # "": every kind
    )

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE", index=True)
    query: Mapped[str] = mapped_column(String(200), default="")
    kind: Mapped[str] = mapped_column(String(20), default="")
    filters: Mapped[dict] = mapped_column(JSON, default=dict)
    key: Mapped[str] = mapped_column(String(1000))
    active: Mapped[bool] = mapped_column(default=True)
    checked_at: Mapped[datetime] = mapped_column(default=utcnow)


class SavedSearchHit(CreatedAt, PkModel):
    """A new record that entered a saved search's results: the ledger (unique per saved search
    and record) that keeps anyone from hearing of it twice; handled as ``AlertEvent``."""

    __tablename__ = "saved_search_hits"
    __table_args__ = (
        UniqueConstraint("saved_search_id", "kind", "record_id"),
        Index("ix_saved_search_hits_pending", "user_id", "handled_at"),
        RecordKind.check("kind"),
    )

    saved_search_id: Mapped[int] = reference_col("saved_searches", ondelete="CASCADE")
    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE")
    kind: Mapped[str] = mapped_column(String(20))  # "organization", "offering" or "need"
    record_id: Mapped[int]
    title: Mapped[str] = mapped_column(String(300))  # the record's title when it was found
    handled_at: Mapped[datetime | None]
    mail_id: Mapped[int | None] = reference_col("alert_mails", ondelete="SET NULL")

    saved_search: Mapped[SavedSearch] = relationship()
