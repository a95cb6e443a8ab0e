"""Meeting requests at an event (issue 14, item 4): ask, accept into a slot, decline,
propose another slot, expire, cancel; and the organizer's bulk scheduling.

Double booking is refused by the database: a scheduled meeting writes a ``Booking`` per
participant, unique on (event, slot, participant), and the meeting is unique on
(slot, table). A concurrent accept that loses the race gets ``IntegrityError``; it is rolled
back and answered with a clear refusal (a chosen slot) or tried on the next free slot.
"""

from datetime import timedelta

from sqlalchemy import delete, insert, or_, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..permissions import is_member, is_officer, require, require_officer
from ..timeutil import utcnow
from . import mailing
from .models import Booking, Event, Meeting, Participant, Slot
from .services import EventError

MAX_MESSAGE = 2000
EXPIRE_AFTER = timedelta(days=3)
LIVE = ("requested", "accepted")
RETRIES = 3


def request_meeting(user, requester: Participant, invitee: Participant, message: str):
    require(is_member(user, requester.organization))
    if not requester.active:
        raise EventError("not-participant")
    if invitee.id == requester.id or invitee.organization_id == requester.organization_id:
        raise EventError("self")
    if invitee.event_id != requester.event_id or not invitee.active:
        raise EventError("other-gone")
    message = (message or "").strip()
    if len(message) > MAX_MESSAGE:
        raise EventError("too-long", "message", most=MAX_MESSAGE)
    pair = {requester.id, invitee.id}
    if db.session.scalar(
        select(Meeting.id).where(
            Meeting.requester_id.in_(pair),
            Meeting.invitee_id.in_(pair),
            Meeting.status.in_(LIVE),
        )
    ):
        raise EventError("duplicate")
    meeting = Meeting(
        event_id=requester.event_id,
        requester=requester,
        invitee=invitee,
        answer_by_id=invitee.id,
        message=message,
    )
    db.session.add(meeting)
    db.session.commit()
    mailing.tell(invitee, meeting, "requested")
    return meeting


def _answering(user, meeting: Meeting) -> Participant:
    if meeting.status != "requested":
        raise EventError("not-pending")
    answerer = meeting.invitee if meeting.answer_by_id == meeting.invitee_id else meeting.requester
    if not is_member(user, answerer.organization):
        raise EventError("not-yours")
    return answerer


def busy_slots(participant_ids) -> dict[int, set[int]]:
    """{participant id: the slot ids it is booked in}, in one query."""
    busy: dict[int, set[int]] = {p: set() for p in participant_ids}
    for slot_id, participant_id in db.session.execute(
        select(Booking.slot_id, Booking.participant_id).where(
            Booking.participant_id.in_(list(participant_ids))
        )
    ):
        busy[participant_id].add(slot_id)
    return busy


def used_tables(event_id: int) -> dict[int, set[int]]:
    used: dict[int, set[int]] = {}
    for slot_id, table in db.session.execute(
        select(Meeting.slot_id, Meeting.table_no).where(
            Meeting.event_id == event_id, Meeting.slot_id.is_not(None)
        )
    ):
        if slot_id is not None and table is not None:
            used.setdefault(slot_id, set()).add(table)
    return used


def free_table(tables: int, used: set[int]) -> int | None:
    return next((n for n in range(1, tables + 1) if n not in used), None)


def the_event(meeting: Meeting) -> Event:
    event = db.session.get(Event, meeting.event_id)
    assert event is not None  # the meeting's foreign key
    return event


def free_slots(event: Event, pending: list[Meeting]) -> dict[int, list[Slot]]:
    """{meeting id: the slots both its sides have free with a table left, earliest first},
    for any number of meetings of the event in two queries (the agenda lists them all)."""
    busy = busy_slots({p for m in pending for p in (m.requester_id, m.invitee_id)})
    used = used_tables(event.id)
    open_slots = [
        s for s in event.slots if free_table(event.tables, used.get(s.id, set())) is not None
    ]
    return {
        m.id: [
            s
            for s in open_slots
            if s.id not in busy[m.requester_id] and s.id not in busy[m.invitee_id]
        ]
        for m in pending
    }


def common_free_slots(meeting: Meeting) -> list[Slot]:
    return free_slots(the_event(meeting), [meeting])[meeting.id]


def _book(meeting: Meeting, slot: Slot, table: int) -> None:
    meeting.slot_id, meeting.table_no = slot.id, table
    meeting.status, meeting.answered_at = "accepted", utcnow()
    meeting.proposed_slot_id = None
    db.session.flush()
    db.session.execute(
        insert(Booking),
        [
            {
                "event_id": meeting.event_id,
                "slot_id": slot.id,
                "participant_id": p,
                "meeting_id": meeting.id,
            }
            for p in (meeting.requester_id, meeting.invitee_id)
        ],
    )


def accept(user, meeting: Meeting, slot_id: int | None = None) -> Meeting:
    """Accept into ``slot_id`` (or the slot the other side proposed, or else the first slot
    both have free), at the lowest free table."""
    answerer = _answering(user, meeting)
    chosen = slot_id or meeting.proposed_slot_id
    meeting_id = meeting.id
    for _attempt in range(RETRIES):
        current = db.session.get(Meeting, meeting_id)
        if current is None or current.status != "requested":
            raise EventError("not-pending")
        meeting = current
        free = common_free_slots(meeting)
        if chosen is not None:
            slot = next((s for s in free if s.id == chosen), None)
            if slot is None:
                known = db.session.get(Slot, chosen)
                if known is None or known.event_id != meeting.event_id:
                    raise EventError("unknown-slot", "slot")
                raise EventError("slot-taken", "slot")
        elif not free:
            raise EventError("no-slot")
        else:
            slot = free[0]
        event = the_event(meeting)
        table = free_table(event.tables, used_tables(event.id).get(slot.id, set()))
        try:
            _book(meeting, slot, table or 1)
            db.session.commit()
        except IntegrityError:
            db.session.rollback()  # another accept took the slot or the table first
            if chosen is not None:
                raise EventError("slot-taken", "slot") from None
            continue
        mailing.tell(meeting.other(answerer), meeting, "accepted")
        return meeting
    raise EventError("slot-taken", "slot")


def decline(user, meeting: Meeting) -> Meeting:
    answerer = _answering(user, meeting)
    meeting.status, meeting.answered_at = "declined", utcnow()
    db.session.commit()
    mailing.tell(meeting.other(answerer), meeting, "declined")
    return meeting


def propose_slot(user, meeting: Meeting, slot_id: int) -> Meeting:
    """Answer with another slot: the other side then accepts it (or declines)."""
    answerer = _answering(user, meeting)
    slot = next((s for s in common_free_slots(meeting) if s.id == slot_id), None)
    if slot is None:
        raise EventError("slot-taken", "slot")
    other = meeting.other(answerer)
    meeting.proposed_slot_id, meeting.answer_by_id = slot.id, other.id
    db.session.commit()
    mailing.tell(other, meeting, "proposed")
    return meeting


def _unbook(meeting: Meeting, status: str) -> None:
    db.session.execute(delete(Booking).where(Booking.meeting_id == meeting.id))
    meeting.status, meeting.slot_id, meeting.table_no = status, None, None


def cancel_meetings_of(participant: Participant) -> list[Meeting]:
    """Cancel the participant's live meetings (no commit; the caller owns it)."""
    meetings = list(
        db.session.scalars(
            select(Meeting).where(
                or_(Meeting.requester_id == participant.id, Meeting.invitee_id == participant.id),
                Meeting.status.in_(LIVE),
            )
        )
    )
    for meeting in meetings:
        _unbook(meeting, "cancelled")
    return meetings


def withdraw(user, participant: Participant) -> list[Meeting]:
    """The participant (or an officer) cancels its registration: its meetings are cancelled
    and the other side of each is told."""
    require(is_member(user, participant.organization) or is_officer(user))
    participant.status, participant.cancelled_at = "cancelled", utcnow()
    cancelled = cancel_meetings_of(participant)
    db.session.commit()
    for meeting in cancelled:
        mailing.tell(meeting.other(participant), meeting, "cancelled")
    return cancelled


def expire_requests(now=None) -> int:
    """Requests not answered in 3 days expire; both sides are told. For a daily cron."""
    cutoff = (now or utcnow()) - EXPIRE_AFTER
    stale = list(
        db.session.scalars(
            select(Meeting).where(Meeting.status == "requested", Meeting.created_at < cutoff)
        )
    )
    for meeting in stale:
        meeting.status = "expired"
    db.session.commit()
    for meeting in stale:
        mailing.tell(meeting.requester, meeting, "expired")
        mailing.tell(meeting.invitee, meeting, "expired")
    return len(stale)


def mark_no_show(officer, meeting: Meeting, no_show: bool) -> Meeting:
    require_officer(officer)
    if meeting.slot_id is None:
        raise EventError("not-scheduled")
    meeting.no_show = no_show
    db.session.commit()
    return meeting


def auto_schedule(officer, event: Event) -> tuple[int, int]:
    """The organizer's run before the event: every pending request gets the first slot both
    sides have free (oldest request first), in memory, then one bulk write.

    Returns (scheduled, left without a common free slot). Sends no mail per meeting.
    """
    require_officer(officer)
    slots = [s.id for s in event.slots]
    busy: dict[int, set[int]] = {}
    for slot_id, participant_id in db.session.execute(
        select(Booking.slot_id, Booking.participant_id).where(Booking.event_id == event.id)
    ):
        busy.setdefault(participant_id, set()).add(slot_id)
    used = used_tables(event.id)
    pending = db.session.execute(
        select(Meeting.id, Meeting.requester_id, Meeting.invitee_id)
        .where(Meeting.event_id == event.id, Meeting.status == "requested")
        .order_by(Meeting.created_at, Meeting.id)
    ).all()
    updates, bookings, left = [], [], 0
    now = utcnow()
    for meeting_id, a, b in pending:
        taken = busy.setdefault(a, set()) | busy.setdefault(b, set())
        found = None
        for slot_id in slots:
            if slot_id in taken:
                continue
            table = free_table(event.tables, used.setdefault(slot_id, set()))
            if table is not None:
                found = (slot_id, table)
                break
        if found is None:
            left += 1
            continue
        slot_id, table = found
        busy[a].add(slot_id)
        busy[b].add(slot_id)
        used[slot_id].add(table)
        updates.append(
            {
                "id": meeting_id,
                "slot_id": slot_id,
                "table_no": table,
                "status": "accepted",
                "answered_at": now,
                "proposed_slot_id": None,
            }
        )
        bookings += [
            {
                "event_id": event.id,
                "slot_id": slot_id,
                "participant_id": p,
                "meeting_id": meeting_id,
            }
            for p in (a, b)
        ]
    if updates:
        db.session.execute(update(Meeting), updates)
        db.session.execute(insert(Booking), bookings)
    db.session.commit()
    return len(updates), left
