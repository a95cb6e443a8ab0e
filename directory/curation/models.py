"""The curation desk's own records: feature periods and the history of reviews.

A ``Feature`` puts one organization or one offering (exactly one of the two foreign keys is
set) in front of buyers from ``starts_on`` to ``ends_on`` inclusive, in the province's calendar.

A ``CurationEvent`` is one step in the conversation between the owners of a record and the
officers: a verification request, a verification or rejection (with the officer's note), a
verification reset by an identity change, a hide, a review request after a hide, an unhide.
The latest events tell the owner why and what to do next; the audit log keeps who did it.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..accounts.models import User
from ..codes import CodeSet, RecordKind
from ..models_base import CreatedAt, Model, PkModel, UpdatedAt, reference_col
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..timeutil import utcnow


class CurationAction(CodeSet):
    """A step of a record's curation history: verification steps, then moderation steps."""

    VERIFICATION_REQUESTED = "verification_requested", _l("Chủ tổ chức yêu cầu xác minh")
    VERIFIED = "verified", _l("Đã xác minh")
    REJECTED = "rejected", _l("Từ chối xác minh")
    VERIFICATION_RESET = "verification_reset", _l("Đổi thông tin định danh, cần xác minh lại")
    HIDDEN = "hidden", _l("Bị ẩn")
    REVIEW_REQUESTED = "review_requested", _l("Chủ tổ chức yêu cầu xem xét lại")
    UNHIDDEN = "unhidden", _l("Hiển thị lại")


FEATURE_KINDS = (RecordKind.ORGANIZATION.value, RecordKind.OFFERING.value)
RECORD_KINDS = RecordKind.codes()

# Verification steps (an organization's), and moderation steps of any record kind.
VERIFICATION_ACTIONS = (
    CurationAction.VERIFICATION_REQUESTED.value,
    CurationAction.VERIFIED.value,
    CurationAction.REJECTED.value,
    CurationAction.VERIFICATION_RESET.value,
)
MODERATION_ACTIONS = (
    CurationAction.HIDDEN.value,
    CurationAction.REVIEW_REQUESTED.value,
    CurationAction.UNHIDDEN.value,
)


class Feature(CreatedAt, PkModel):
    __tablename__ = "features"
    __table_args__ = (
        CheckConstraint(
            "(organization_id IS NULL) <> (offering_id IS NULL)", name="one_featured_record"
        ),
        CheckConstraint("ends_on >= starts_on", name="period_in_order"),
    )

    organization_id: Mapped[int | None] = reference_col(
        "organizations", ondelete="CASCADE", index=True
    )
    offering_id: Mapped[int | None] = reference_col("offerings", ondelete="CASCADE", index=True)
    starts_on: Mapped[date] = mapped_column(index=True)
    ends_on: Mapped[date] = mapped_column(index=True)
    reason: Mapped[str] = mapped_column(String(300), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")

    organization: Mapped[Organization | None] = relationship()
    offering: Mapped[Offering | None] = relationship()
    created_by: Mapped[User | None] = relationship()

    @property
    def kind(self) -> str:
        return "organization" if self.organization_id is not None else "offering"

    @property
    def record(self):
        return self.organization if self.organization_id is not None else self.offering

    def __repr__(self) -> str:
        return f"<Feature {self.kind} {self.starts_on}–{self.ends_on}>"


class CurationEvent(PkModel):
    __tablename__ = "curation_events"
    __table_args__ = (CurationAction.check("action"),)

    organization_id: Mapped[int | None] = reference_col(
        "organizations", ondelete="CASCADE", index=True
    )
    offering_id: Mapped[int | None] = reference_col("offerings", ondelete="CASCADE", index=True)
    need_id: Mapped[int | None] = reference_col("needs", ondelete="CASCADE", index=True)
    action: Mapped[str] = mapped_column(String(30))
    note: Mapped[str] = mapped_column(Text, default="")
    actor_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<CurationEvent {self.action} {self.at}>"


class DeskSetting(UpdatedAt, Model):
    """A choice officers make for the whole desk (``key`` → ``value``); changes are audited."""

    __tablename__ = "desk_settings"

    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(String(200), default="")
    updated_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")

    def __repr__(self) -> str:
        return f"<DeskSetting {self.key}={self.value!r}>"
