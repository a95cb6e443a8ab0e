"""What the events pages read: lists, agendas, the organizer's grid, suggestions, the .ics."""

from datetime import UTC, datetime

from icalendar import Calendar
from icalendar import Event as CalendarEvent
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import current_language
from ..matching.models import StoredMatch
from ..organizations.models import Organization
from ..timeutil import VIETNAM, today_in_vietnam
from .models import Event, Meeting, Participant, Slot


def events_page(include_drafts: bool = False) -> tuple[list[Event], list[Event]]:
    """(coming, past) events; drafts only for officers."""
    stmt = select(Event).options(selectinload(Event.commune)).order_by(Event.starts_on, Event.id)
    if not include_drafts:
        stmt = stmt.where(Event.published.is_(True))
    rows = list(db.session.scalars(stmt))
    today = today_in_vietnam()
    return [e for e in rows if e.ends_on >= today], [e for e in reversed(rows) if e.ends_on < today]


def participants(event: Event, kind: str | None = None, commune: str | None = None, q=None):
    stmt = (
        select(Participant)
        .join(Organization, Organization.id == Participant.organization_id)
        .where(Participant.event_id == event.id, Participant.status == "accepted")
        .options(
            selectinload(Participant.organization),
            selectinload(Participant.offerings),
            selectinload(Participant.needs),
        )
        .order_by(Organization.name)
    )
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    if commune:
        stmt = stmt.where(Organization.commune_code == commune)
    if q:
        stmt = stmt.where(Organization.name.ilike(f"%{q}%"))
    return list(db.session.scalars(stmt))


def all_registrations(event: Event) -> list[Participant]:
    """Every registration of the event, any status, by organization name (for the export)."""
    return list(
        db.session.scalars(
            select(Participant)
            .join(Organization, Organization.id == Participant.organization_id)
            .where(Participant.event_id == event.id)
            .options(
                selectinload(Participant.organization).selectinload(Organization.commune),
                selectinload(Participant.offerings),
                selectinload(Participant.needs),
            )
            .order_by(Organization.name, Participant.id)
        )
    )


def pending_registrations(event: Event) -> list[Participant]:
    return list(
        db.session.scalars(
            select(Participant)
            .where(Participant.event_id == event.id, Participant.status == "pending")
            .options(selectinload(Participant.organization))
            .order_by(Participant.id)
        )
    )


def _meetings_stmt():
    return select(Meeting).options(
        selectinload(Meeting.requester).selectinload(Participant.organization),
        selectinload(Meeting.invitee).selectinload(Participant.organization),
        selectinload(Meeting.slot),
        selectinload(Meeting.proposed_slot),
    )


def meetings_of(participant: Participant) -> list[Meeting]:
    """The participant's meetings: scheduled ones by time, then the others newest first."""
    rows = list(
        db.session.scalars(
            _meetings_stmt().where(
                or_(Meeting.requester_id == participant.id, Meeting.invitee_id == participant.id)
            )
        )
    )
    scheduled = sorted((m for m in rows if m.slot), key=lambda m: m.slot.starts_at)
    others = sorted((m for m in rows if not m.slot), key=lambda m: m.created_at, reverse=True)
    return scheduled + others


def grid(event: Event) -> list[tuple[Slot, dict[int, Meeting]]]:
    """Each slot with its meetings by table number, for the organizer."""
    meetings = db.session.scalars(
        _meetings_stmt().where(Meeting.event_id == event.id, Meeting.slot_id.is_not(None))
    )
    by_slot: dict[int, dict[int, Meeting]] = {}
    for m in meetings:
        by_slot.setdefault(m.slot_id, {})[m.table_no] = m
    return [(slot, by_slot.get(slot.id, {})) for slot in event.slots]


def _stored_between(need_ids: list[int], offering_ids: list[int]) -> list[StoredMatch]:
    """The stored matches of these needs with these offerings (none if either list is empty)."""
    if not need_ids or not offering_ids:
        return []
    return list(
        db.session.scalars(
            select(StoredMatch).where(
                StoredMatch.need_id.in_(need_ids), StoredMatch.offering_id.in_(offering_ids)
            )
        )
    )


def suggestions(event: Event, me: Participant, limit: int = 20):
    """Other participants ranked by the stored matches between what they offer and what I
    seek at this event, and the other way round: [(participant, score, reasons)]."""
    others = [p for p in participants(event) if p.id != me.id]
    offering_owner = {o.id: p for p in others for o in p.offerings}
    need_owner = {n.id: p for p in others for n in p.needs}
    my_needs = [n.id for n in me.needs]
    my_offerings = [o.id for o in me.offerings]
    found: dict[int, tuple[float, list[str]]] = {}
    locale = current_language()
    pairs = _stored_between(my_needs, list(offering_owner)) + _stored_between(
        list(need_owner), my_offerings
    )
    for match in pairs:
        other = offering_owner.get(match.offering_id) or need_owner.get(match.need_id)
        if other is None or other.id == me.id:
            continue
        score, reasons = found.get(other.id, (0.0, []))
        found[other.id] = (score + match.score, reasons + match.reasons_in(locale))
    by_id = {p.id: p for p in others}
    ranked = sorted(found.items(), key=lambda item: -item[1][0])
    return [(by_id[pid], score, list(dict.fromkeys(r))[:3]) for pid, (score, r) in ranked][:limit]


def ics(event: Event, participant: Participant, meetings: list[Meeting]) -> bytes:
    """The participant's scheduled meetings as an iCalendar file, in Asia/Ho_Chi_Minh."""
    cal = Calendar()
    cal.add("prodid", "-//So Cong Thuong Dong Thap//Danh ba cong nghiep moi truong//VI")
    cal.add("version", "2.0")
    cal.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = datetime.now(UTC)
    for meeting in meetings:
        if meeting.slot is None or meeting.status != "accepted":
            continue
        other = meeting.other(participant)
        item = CalendarEvent()
        item.add("uid", f"event-{event.id}-meeting-{meeting.id}@directory")
        item.add("summary", f"{event.title}: {other.organization.name}")
        item.add("dtstart", meeting.slot.starts_at.replace(tzinfo=VIETNAM))
        item.add("dtend", meeting.slot.ends_at.replace(tzinfo=VIETNAM))
        item.add("dtstamp", stamp)
        place = ", ".join(p for p in (event.venue, f"#{meeting.table_no}") if p)
        item.add("location", place)
        cal.add_component(item)
    cal.add_missing_timezones()
    return cal.to_ical()
