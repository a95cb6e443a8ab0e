"""Events and registration (issue 14, items 1 and 2).

Every function takes the acting user, checks what the rules allow, owns its commit and
raises ``EventError(code, field)`` for a refusal the views show next to the field.
"""

from datetime import date, datetime, time, timedelta

from sqlalchemy import func, select

from ..domain import DomainError
from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.queries import organization_ids_of
from ..permissions import is_member, is_officer, require_officer
from ..routing import id_from_text
from ..timeutil import today_in_vietnam
from .labels import ERRORS
from .models import Event, Participant, Slot

EVENT_FIELDS = (
    "title",
    "description",
    "commune_code",
    "venue",
    "online",
    "starts_on",
    "ends_on",
    "registration_deadline",
    "capacity",
    "approval_required",
    "published",
    "slot_minutes",
    "tables",
)
MOST_SLOTS_A_DAY = 96


class EventError(DomainError):
    messages = ERRORS


def save_event(officer, values: dict, event: Event | None = None) -> Event:
    require_officer(officer)
    if values["ends_on"] < values["starts_on"]:
        raise EventError("dates", "ends_on")
    if values["registration_deadline"] > values["ends_on"]:
        raise EventError("deadline", "registration_deadline")
    if event is None:
        event = Event()
        db.session.add(event)
    for name in EVENT_FIELDS:
        setattr(event, name, values[name])
    db.session.commit()
    return event


def parse_breaks(text: str | None) -> list[tuple[time, time]]:
    """``"12:00-13:30, 15:00-15:15"`` → [(12:00, 13:30), (15:00, 15:15)]."""
    found = []
    for part in (text or "").split(","):
        part = part.strip()
        if not part:
            continue
        try:
            start, end = (time.fromisoformat(p.strip()) for p in part.split("-"))
        except ValueError:
            raise EventError("breaks", "breaks") from None
        if end <= start:
            raise EventError("breaks", "breaks")
        found.append((start, end))
    return found


def day_slots(day: date, starts: time, ends: time, minutes: int, breaks) -> list[tuple]:
    """The (start, end) of each slot of ``minutes`` from ``starts`` to ``ends``, skipping
    any slot that overlaps a break."""
    step = timedelta(minutes=minutes)
    at, last = datetime.combine(day, starts), datetime.combine(day, ends)
    pauses = [(datetime.combine(day, a), datetime.combine(day, b)) for a, b in breaks]
    slots = []
    while at + step <= last:
        overlap = next((b for a, b in pauses if a < at + step and at < b), None)
        if overlap is not None:
            at = overlap
            continue
        slots.append((at, at + step))
        at += step
    return slots


def add_meeting_day(officer, event: Event, day, starts, ends, breaks_text="") -> int:
    """Add a meeting day's slots (length from the event); returns how many were added."""
    require_officer(officer)
    if not (event.starts_on <= day <= event.ends_on):
        raise EventError("slot-day", "day")
    breaks = parse_breaks(breaks_text)
    slots = day_slots(day, starts, ends, event.slot_minutes, breaks)
    if not slots:
        raise EventError("slot-times", "ends")
    if len(slots) > MOST_SLOTS_A_DAY:
        raise EventError("too-many-slots", "ends", most=MOST_SLOTS_A_DAY)
    existing = {s.starts_at for s in event.slots}
    added = [Slot(event=event, starts_at=a, ends_at=b) for a, b in slots if a not in existing]
    db.session.add_all(added)
    db.session.commit()
    return len(added)


def visible(event: Event, viewer) -> bool:
    return event.published or is_officer(viewer)


def registration_open(event: Event) -> bool:
    return event.published and today_in_vietnam() <= event.registration_deadline


def taken_places(event: Event) -> int:
    counted = db.session.scalar(
        select(func.count())
        .select_from(Participant)
        .where(Participant.event_id == event.id, Participant.status.in_(("pending", "accepted")))
    )
    return counted or 0


def participant_for(user, event: Event) -> Participant | None:
    """The user's organization's live registration for the event (pending or accepted)."""
    org_ids = organization_ids_of(user)
    if not org_ids:
        return None
    return db.session.scalar(
        select(Participant)
        .where(
            Participant.event_id == event.id,
            Participant.organization_id.in_(org_ids),
            Participant.status.in_(("pending", "accepted")),
        )
        .order_by(Participant.id)
        .limit(1)
    )


def _own_records(model, organization, typed) -> list:
    ids = [id_from_text(str(i)) for i in typed or ()]
    if not ids:
        return []
    if None in ids:  # no record can have it
        raise EventError("unknown-record")
    rows = list(db.session.scalars(select(model).where(model.id.in_(ids))))
    if len(rows) != len(set(ids)) or any(r.organization_id != organization.id for r in rows):
        raise EventError("unknown-record")
    return rows


def register(user, event: Event, organization, values: dict) -> Participant:
    """Register ``organization`` (the user's) for the event: accepted at once, or pending
    an officer's approval when the event asks for it."""
    if not is_member(user, organization):
        raise EventError("unknown-organization", "organization")
    if not event.published:
        raise EventError("not-open")
    if today_in_vietnam() > event.registration_deadline:
        raise EventError("closed")
    # Lock the event row so two registrations cannot both take the last place (PostgreSQL).
    db.session.execute(select(Event.id).where(Event.id == event.id).with_for_update())
    if event.capacity is not None and taken_places(event) >= event.capacity:
        raise EventError("full")
    participant = db.session.scalar(
        select(Participant).filter_by(event_id=event.id, organization_id=organization.id)
    )
    if participant is not None and participant.status in ("pending", "accepted"):
        raise EventError("already")
    if participant is None:
        participant = Participant(event=event, organization=organization)
        db.session.add(participant)
    participant.status = "pending" if event.approval_required else "accepted"
    participant.cancelled_at = None
    participant.registered_by_id = user.id
    participant.attendees = values.get("attendees") or ""
    participant.offers_text = values.get("offers_text") or ""
    participant.seeks_text = values.get("seeks_text") or ""
    participant.offerings = _own_records(Offering, organization, values.get("offering_ids"))
    participant.needs = _own_records(Need, organization, values.get("need_ids"))
    db.session.commit()
    return participant


def decide(officer, participant: Participant, accept: bool) -> Participant:
    """An officer approves or declines a pending registration."""
    require_officer(officer)
    if participant.status == "pending":
        participant.status = "accepted" if accept else "declined"
        db.session.commit()
    return participant
