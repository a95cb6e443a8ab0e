"""The daily follow-up: 30 and 90 days after a deal stalled at "contacted" or "quoted", ask
the buyer where it stands, with a signed, single-use, expiring link for each stage.
"""

from datetime import timedelta

from flask import current_app
from flask_babel import gettext as _
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..mail import public_url, send_mail
from ..timeutil import utcnow
from .mailing import member_emails
from .models import STAGES, Conversation, FollowUp
from .services import ConversationError, change_stage

AFTER_DAYS = (30, 90)
STALLED = ("contacted", "quoted")


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="follow-up")


def _due_after(conversation: Conversation, sent: list[FollowUp], now) -> int | None:
    """The longest wait that has passed and has not been asked about for this stage yet."""
    waited = now - conversation.stage_changed_at
    asked = [
        f.after_days
        for f in sent
        if f.stage == conversation.stage and f.sent_at >= conversation.stage_changed_at
    ]
    due = [d for d in AFTER_DAYS if waited >= timedelta(days=d) and not any(a >= d for a in asked)]
    return max(due) if due else None


def send_follow_ups(now=None) -> int:
    """Mail the buyers of stalled conversations; running it again at once sends nothing."""
    now = now or utcnow()
    stalled = db.session.scalars(
        select(Conversation)
        .where(
            Conversation.stage.in_(STALLED),
            Conversation.stage_changed_at <= now - timedelta(days=min(AFTER_DAYS)),
        )
        .options(selectinload(Conversation.buyer), selectinload(Conversation.supplier))
    ).all()
    sent_by: dict[int, list] = {}
    if stalled:
        for f in db.session.scalars(
            select(FollowUp).where(FollowUp.conversation_id.in_([c.id for c in stalled]))
        ):
            sent_by.setdefault(f.conversation_id, []).append(f)
    mailed = 0
    for conversation in stalled:
        days = _due_after(conversation, sent_by.get(conversation.id, []), now)
        if days is None:
            continue
        follow_up = FollowUp(
            conversation_id=conversation.id, stage=conversation.stage, after_days=days, sent_at=now
        )
        db.session.add(follow_up)
        db.session.commit()
        _mail(conversation, follow_up)
        mailed += 1
    return mailed


def _mail(conversation: Conversation, follow_up: FollowUp) -> None:
    links = [
        (stage, public_url("conversations.follow_up", token=link_token(follow_up, stage)))
        for stage in STAGES
        if stage != conversation.stage
    ]
    for email in member_emails(conversation.buyer_id):
        send_mail(
            email,
            _("Trao đổi với %(supplier)s đến đâu rồi?", supplier=conversation.supplier.name),
            "conversation_follow_up",
            conversation=conversation,
            days=follow_up.after_days,
            links=links,
            page=public_url("conversations.detail", conversation_id=conversation.id),
        )


def link_token(follow_up: FollowUp, stage: str) -> str:
    return _serializer().dumps({"f": follow_up.id, "s": stage})


def read_link(token: str) -> tuple[FollowUp, Conversation, str]:
    """The follow-up, its conversation and the stage a link sets; refuses bad or used links."""
    try:
        data = _serializer().loads(token, max_age=current_app.config["FOLLOW_UP_LINK_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        raise ConversationError("bad-link") from None
    if not isinstance(data, dict) or not isinstance(data.get("f"), int):
        raise ConversationError("bad-link")
    follow_up = db.session.get(FollowUp, data["f"])
    if follow_up is None or follow_up.used_at is not None or data.get("s") not in STAGES:
        raise ConversationError("bad-link")
    conversation = db.session.get(Conversation, follow_up.conversation_id)
    if conversation is None:
        raise ConversationError("bad-link")
    return follow_up, conversation, data["s"]


def use_link(token: str) -> Conversation:
    """Apply the link's stage (once): every link of that mail stops working."""
    follow_up, conversation, stage = read_link(token)
    follow_up.used_at = utcnow()
    change_stage(conversation, stage)  # commits, or raises and leaves the link unused
    return conversation
