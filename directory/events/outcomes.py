"""After the event (issue 14, item 6): a meeting that led somewhere opens a conversation, whose
deal stages then follow it; and the year's figures for the yearly report.

A follow-up goes through the conversations' own services (``contact`` on the other side's
offering, or ``propose`` on its open need), so their checks, limits and mail apply unchanged.
"""

from collections import Counter
from datetime import date, datetime

from sqlalchemy import func, select

from ..conversations import services as conversations
from ..conversations.models import FUNNEL_RANK, Conversation
from ..extensions import db
from ..organizations.models import Organization
from ..permissions import is_member
from ..timeutil import VIETNAM
from .models import Event, Meeting, Participant, Slot
from .services import EventError


def held(meeting: Meeting, now: datetime | None = None) -> bool:
    """Scheduled, its slot has begun (province time) and nobody was marked absent."""
    now = now or datetime.now(VIETNAM).replace(tzinfo=None)
    return (
        meeting.status == "accepted"
        and meeting.slot is not None
        and meeting.slot.starts_at <= now
        and not meeting.no_show
    )


def _subject(mine: Participant, theirs: Participant):
    """("contact", their offering, my need) or ("propose", their need, my offering)."""
    their_offerings = [o for o in theirs.offerings if o.is_public] or [
        o for o in theirs.organization.offerings if o.is_public
    ]
    their_needs = [n for n in theirs.needs if n.is_public and n.status == "open"] or [
        n for n in theirs.organization.needs if n.is_public and n.status == "open"
    ]
    if their_offerings:
        return "contact", their_offerings[0], (mine.needs[0].id if mine.needs else None)
    if their_needs:
        return "propose", their_needs[0], (mine.offerings[0].id if mine.offerings else None)
    raise EventError("no-subject")


def follow_up(user, meeting: Meeting, body: str) -> Conversation:
    """A participant says the meeting led to a follow-up: open (or continue) the conversation
    with the other side, with ``body`` as its message, and remember it on the meeting."""
    mine = next(
        (p for p in (meeting.requester, meeting.invitee) if is_member(user, p.organization)),
        None,
    )
    if mine is None:
        raise EventError("not-participant")
    if not held(meeting):
        raise EventError("not-held")
    theirs = meeting.other(mine)
    if meeting.conversation_id is not None:
        existing = db.session.get(Conversation, meeting.conversation_id)
        if existing is not None:
            conversations.reply(user, existing, body)
            return existing
    how, record, own_id = _subject(mine, theirs)
    if how == "contact":
        conversation = conversations.contact(user, record, mine.organization, body, own_id)
    else:
        conversation = conversations.propose(user, record, mine.organization, body, own_id)
    meeting.followed_up, meeting.conversation_id = True, conversation.id
    db.session.commit()
    return conversation


def yearly_outcomes(year: int) -> dict:
    """Events that began in the year, their participants (by kind and commune), meetings held,
    meetings followed up, and the deals those conversations reached."""
    first, last = date(year, 1, 1), date(year, 12, 31)
    in_year = Event.starts_on.between(first, last) & Event.published.is_(True)
    events = db.session.scalar(select(func.count()).select_from(Event).where(in_year)) or 0
    people = db.session.execute(
        select(Organization.kind, Organization.commune_code)
        .join(Participant, Participant.organization_id == Organization.id)
        .join(Event, Event.id == Participant.event_id)
        .where(in_year, Participant.status == "accepted")
    ).all()
    now = datetime.now(VIETNAM).replace(tzinfo=None)
    meetings = db.session.execute(
        select(Meeting.followed_up, Conversation.stage)
        .join(Event, Event.id == Meeting.event_id)
        .join(Slot, Slot.id == Meeting.slot_id)
        .outerjoin(Conversation, Conversation.id == Meeting.conversation_id)
        .where(
            in_year,
            Meeting.status == "accepted",
            Meeting.no_show.is_(False),
            Slot.starts_at <= now,
        )
    ).all()
    stages = Counter(stage for followed, stage in meetings if followed and stage)
    return {
        "events": events,
        "participants": len(people),
        "by_kind": Counter(kind for kind, _commune in people),
        "by_commune": Counter(commune for _kind, commune in people if commune),
        "meetings_held": len(meetings),
        "followed_up": sum(1 for followed, _stage in meetings if followed),
        "quoted": sum(n for s, n in stages.items() if s != "declined" and FUNNEL_RANK[s] >= 2),
        "contracted": sum(n for s, n in stages.items() if s != "declined" and FUNNEL_RANK[s] >= 3),
    }
