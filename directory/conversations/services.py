"""Proposals and contact between organizations: open, answer, move the deal along, read.

Every function takes the acting user, checks what the rules allow, and owns its commit.
A refused request raises ``ConversationError(code, field)``; the views show its message.
"""

from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import and_, exists, func, or_, select
from sqlalchemy.orm import selectinload

from .. import signals
from ..domain import DomainError
from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Membership, Organization
from ..organizations.queries import organization_ids_of, organizations_of
from ..routing import id_from_text
from ..timeutil import utcnow
from . import mailing
from .labels import ERRORS
from .models import STAGES, Conversation, Message, ReadMark, StageChange

MAX_BODY = 5000
CLOSED_STAGES = ("delivered", "declined")


class ConversationError(DomainError):
    """A request the rules refuse; ``code`` names the message, ``field`` the form field."""

    messages = ERRORS


def _member_org_ids(user):
    """The ids of the user's organizations, as a subquery (no extra round trip)."""
    return select(Membership.organization_id).where(Membership.user_id == user.id)


def sending_organizations(user, other: Organization) -> list[Organization]:
    """The organizations the user may write for to ``other``: their own, except ``other``."""
    return [o for o in organizations_of(user) if o.id != other.id]


def is_participant(user, conversation: Conversation) -> bool:
    ids = organization_ids_of(user)
    return conversation.buyer_id in ids or conversation.supplier_id in ids


def side_of(user, conversation: Conversation) -> int | None:
    """The organization the user answers for (the buyer if they belong to both)."""
    ids = organization_ids_of(user)
    for org_id in (conversation.buyer_id, conversation.supplier_id):
        if org_id in ids:
            return org_id
    return None


def checked_text(text: str | None, field: str, most: int) -> str:
    """The text without surrounding blanks; refused when empty or longer than ``most``."""
    text = (text or "").strip()
    if not text:
        raise ConversationError("empty", field)
    if len(text) > most:
        raise ConversationError("too-long", field)
    return text


def _check_sender(user, sender: Organization | None, other: Organization) -> Organization:
    if not getattr(user, "is_confirmed", False):
        raise ConversationError("unconfirmed")
    if sender is None or sender not in sending_organizations(user, other):
        raise ConversationError("unknown-organization", "organization")
    return sender


def _own(model, sender: Organization, record_id, code: str, field: str):
    """The sender's listed offering or need named by ``record_id`` (None when none is named)."""
    if record_id in (None, ""):
        return None
    record = _by_id(model, record_id)
    if record is None or record.organization_id != sender.id or not listed(record):
        raise ConversationError(code, field)
    return record


def listed(record) -> bool:
    """Published and not hidden: what may be named as the subject of a conversation."""
    if isinstance(record, Need):
        return record.status != "draft" and not record.hidden
    return record.published and not record.hidden


def _by_id(model, value):
    record_id = id_from_text(str(value))
    return None if record_id is None else db.session.get(model, record_id)


def propose(user, need: Need, sender: Organization | None, body: str, offering_id=None):
    """A supplier's "Gửi đề xuất" on a published need, optionally naming its own offering."""
    if not need.is_public or need.status != "open":
        raise ConversationError("not-open")
    sender = _check_sender(user, sender, need.organization)
    body = checked_text(body, "body", MAX_BODY)
    offering = _own(Offering, sender, offering_id, "unknown-offering", "offering")
    conversation = _about(
        "need", need=need, offering=offering, buyer=need.organization, supplier=sender
    )
    return _send(user, conversation, sender, body)


def contact(user, offering: Offering, sender: Organization | None, body: str, need_id=None):
    """A buyer's "Liên hệ" on a public offering, optionally naming one of its own needs."""
    if not offering.is_public:
        raise ConversationError("not-public")
    sender = _check_sender(user, sender, offering.organization)
    body = checked_text(body, "body", MAX_BODY)
    need = _own(Need, sender, need_id, "unknown-need", "need")
    conversation = _about(
        "offering", need=need, offering=offering, buyer=sender, supplier=offering.organization
    )
    return _send(user, conversation, sender, body)


def _about(subject: str, buyer: Organization, supplier: Organization, **records) -> Conversation:
    """The two sides' conversation about ``subject`` (the need or the offering), or a new one.

    An existing conversation that named no record of the other kind takes the one named now.
    """
    other = "offering" if subject == "need" else "need"
    existing = db.session.scalar(
        select(Conversation).where(
            getattr(Conversation, f"{subject}_id") == records[subject].id,
            Conversation.buyer_id == buyer.id,
            Conversation.supplier_id == supplier.id,
        )
    )
    if existing is None:
        return Conversation(buyer=buyer, supplier=supplier, **records)
    if records[other] is not None and getattr(existing, f"{other}_id") is None:
        setattr(existing, other, records[other])
    return existing


def _send(user, conversation: Conversation, sender: Organization, body: str) -> Conversation:
    """Open the conversation (within the daily limit) or continue it; mail the other side."""
    now = utcnow()
    is_new = conversation.id is None
    if is_new:
        if started_today(sender) >= current_app.config["CONVERSATIONS_PER_DAY"]:
            raise ConversationError("daily-limit")
        conversation.started_by_id = sender.id
        conversation.stage, conversation.stage_changed_at = "contacted", now
        conversation.created_at = now
        conversation.stage_changes.append(StageChange(stage="contacted", by_id=user.id, at=now))
        db.session.add(conversation)
    _post(user, conversation, sender.id, body, now, is_new)
    return conversation


def _post(user, conversation: Conversation, sender_id: int, body: str, now, is_new: bool):
    """Add the message, mark the thread read for its author, commit, and mail the other side."""
    message = Message(organization_id=sender_id, author_id=user.id, body=body, created_at=now)
    conversation.messages.append(message)
    conversation.last_message_at = now
    db.session.flush()
    _mark_read(user, conversation, now)
    signals.message_posted.send(message, conversation=conversation, is_new=is_new)
    db.session.commit()
    mailing.tell_other_side(conversation, message, is_new)
    return message


def started_today(organization: Organization) -> int:
    """Conversations the organization opened in the last 24 hours."""
    since = utcnow() - timedelta(days=1)
    return db.session.scalar(  # type: ignore[return-value]
        select(func.count())
        .select_from(Conversation)
        .where(Conversation.started_by_id == organization.id, Conversation.created_at >= since)
    )


def reply(user, conversation: Conversation, body: str) -> Message:
    sender_id = side_of(user, conversation)
    if sender_id is None:
        raise ConversationError("not-participant")
    if not getattr(user, "is_confirmed", False):
        raise ConversationError("unconfirmed")
    body = checked_text(body, "body", MAX_BODY)
    return _post(user, conversation, sender_id, body, utcnow(), False)


def set_stage(user, conversation: Conversation, stage: str | None) -> None:
    """Either side moves the deal to another stage; each change is dated in the thread."""
    if side_of(user, conversation) is None:
        raise ConversationError("not-participant")
    change_stage(conversation, stage, user)


def change_stage(conversation: Conversation, stage: str | None, by=None) -> None:
    """Record a new stage (also used by the buyer's one-click follow-up links)."""
    if stage not in STAGES or stage == conversation.stage:
        raise ConversationError("bad-stage", "stage")
    now = utcnow()
    conversation.stage, conversation.stage_changed_at = stage, now
    conversation.stage_changes.append(
        StageChange(stage=stage, by_id=getattr(by, "id", None), at=now)
    )
    db.session.commit()


def thread(conversation: Conversation) -> list[tuple[str, object]]:
    """Messages and later stage changes in the order they happened, for the page, with who
    wrote or changed each (loaded for the whole thread, not one row at a time)."""
    messages = db.session.scalars(
        select(Message)
        .where(Message.conversation_id == conversation.id)
        .order_by(Message.id)
        .options(selectinload(Message.organization), selectinload(Message.author))
    )
    changes = db.session.scalars(
        select(StageChange)
        .where(StageChange.conversation_id == conversation.id)
        .order_by(StageChange.id)
        .options(selectinload(StageChange.by))
    ).all()
    items: list[tuple[str, datetime, int, Message | StageChange]]
    items = [("message", m.created_at, m.id, m) for m in messages]
    items += [("stage", c.at, c.id, c) for c in changes[1:]]
    return [(kind, item) for kind, _at, _id, item in sorted(items, key=lambda i: (i[1], i[0]))]


def _mark_read(user, conversation: Conversation, at) -> None:
    mark = db.session.get(ReadMark, (user.id, conversation.id))
    if mark is None:
        db.session.add(ReadMark(user_id=user.id, conversation_id=conversation.id, read_at=at))
    else:
        mark.read_at = at


def mark_read(user, conversation: Conversation) -> None:
    """The user opened the conversation: it is no longer unread for them."""
    if side_of(user, conversation) is None:
        return  # an officer reading a reported conversation leaves no trace for the members
    _mark_read(user, conversation, utcnow())
    db.session.commit()


def visible_conversation(user, conversation_id: int) -> Conversation | None:
    """The conversation if the user may read it: a participant, or an officer once reported."""
    conversation = db.session.get(Conversation, conversation_id)
    if conversation is None or not getattr(user, "is_authenticated", False):
        return None
    if is_participant(user, conversation):
        return conversation
    if user.is_officer and was_reported(conversation):
        return conversation
    return None


def was_reported(conversation: Conversation) -> bool:
    from .models import AbuseReport

    return bool(
        db.session.scalar(
            select(
                exists().where(
                    AbuseReport.conversation_id == conversation.id, AbuseReport.kind == "message"
                )
            )
        )
    )


def _of_user(user):
    mine = _member_org_ids(user)
    return or_(Conversation.buyer_id.in_(mine), Conversation.supplier_id.in_(mine))


def _unread(user):
    return ~exists().where(
        ReadMark.user_id == user.id,
        ReadMark.conversation_id == Conversation.id,
        ReadMark.read_at >= Conversation.last_message_at,
    )


def inbox(user) -> list[tuple[Conversation, bool]]:
    """The conversations of all the user's organizations, newest first, with an unread flag."""
    rows = db.session.execute(
        select(Conversation, _unread(user).label("unread"))
        .where(_of_user(user))
        .order_by(Conversation.last_message_at.desc(), Conversation.id.desc())
        .options(
            selectinload(Conversation.buyer),
            selectinload(Conversation.supplier),
            selectinload(Conversation.need),
            selectinload(Conversation.offering),
        )
    ).all()
    return [(conversation, bool(unread)) for conversation, unread in rows]


def unread_count(user) -> int:
    """Conversations with a message the user has not seen: one query, for the header."""
    return db.session.scalar(  # type: ignore[return-value]
        select(func.count()).select_from(Conversation).where(_of_user(user), _unread(user))
    )


def unanswered_count(user) -> int:
    """For the /me page: open conversations whose last message came from the other side."""
    mine = organization_ids_of(user)
    latest = (
        select(Message.conversation_id, func.max(Message.id).label("last_id"))
        .group_by(Message.conversation_id)
        .subquery()
    )
    senders = db.session.execute(
        select(Conversation.id, Message.organization_id)
        .join(latest, latest.c.conversation_id == Conversation.id)
        .join(Message, and_(Message.id == latest.c.last_id))
        .where(_of_user(user), Conversation.stage.not_in(CLOSED_STAGES))
    ).all()
    return sum(1 for _id, sender in senders if sender not in mine)
