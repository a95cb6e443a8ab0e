"""In-site notifications (issue 10, item 5): new matches, new messages, verification decisions,
listed under "Trang của tôi" and counted by the bell in the header until the list is opened."""

from dataclasses import dataclass
from datetime import datetime

from flask import url_for
from flask_login import current_user
from sqlalchemy import func, select, update

from ..extensions import db
from ..organizations.queries import active_members
from ..timeutil import utcnow
from .models import Notification

SHOWN = 50


def init_app(app) -> None:
    from .. import signals

    signals.message_posted.connect(on_message_posted)
    signals.verification_decided.connect(on_verification_decided)


def unread_count_of_current_user() -> int:
    if not getattr(current_user, "is_authenticated", False):
        return 0
    return unread_count(current_user)


def notify(user_ids, kind: str, record_id: int, subject: str) -> None:
    """Add one notification per user (the caller's service commits)."""
    for user_id in dict.fromkeys(user_ids):
        db.session.add(
            Notification(user_id=user_id, kind=kind, record_id=record_id, subject=subject[:300])
        )


def on_message_posted(message, conversation, is_new: bool) -> None:
    other = conversation.other_side(message.organization_id)
    senders = set(active_members(message.organization_id))
    told = [u for u in active_members(other.id) if u not in senders]
    notify(told, "message", conversation.id, conversation.subject)


def on_verification_decided(organization, decision: str) -> None:
    notify(active_members(organization.id), decision, organization.id, organization.name)


LINKS = {
    "need": ("needs.detail", "need_id"),
    "offering": ("offerings.detail", "offering_id"),
    "message": ("conversations.detail", "conversation_id"),
    "verified": ("organizations.detail", "org_id"),
    "rejected": ("organizations.detail", "org_id"),
}


@dataclass
class Shown:
    kind: str
    subject: str
    url: str
    created_at: datetime
    new: bool


def unread_count(user) -> int:
    return db.session.scalar(  # type: ignore[return-value]
        select(func.count())
        .select_from(Notification)
        .where(Notification.user_id == user.id, Notification.read_at.is_(None))
    )


def open_list(user) -> list[Shown]:
    """The user's latest notifications; opening the list marks them read (and commits)."""
    rows = db.session.scalars(
        select(Notification)
        .where(Notification.user_id == user.id)
        .order_by(Notification.id.desc())
        .limit(SHOWN)
    ).all()
    shown = []
    for n in rows:
        endpoint, arg = LINKS[n.kind]
        url = url_for(endpoint, **{arg: n.record_id})  # type: ignore[arg-type]
        shown.append(Shown(n.kind, n.subject, url, n.created_at, n.read_at is None))
    unread = [n.id for n in rows if n.read_at is None]
    if unread:
        db.session.execute(
            update(Notification).where(Notification.id.in_(unread)).values(read_at=utcnow())
        )
        db.session.commit()
    return shown
