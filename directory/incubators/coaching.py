"""What officers do for participants along the way: mentors, milestones and support.

Like services.py: the acting officer is an argument, one audit entry and one commit each.
"""

from datetime import date

from ..audit.services import record, snapshot
from ..extensions import db
from ..permissions import require_officer
from ..timeutil import today_in_vietnam
from ..validation import clean_text
from .models import SUPPORT_TYPES, Incubator, Mentor, Milestone, Participation, SupportRecord
from .services import IncubatorError

# Mentors -------------------------------------------------------------------------------------


def add_mentor(actor, incubator: Incubator, values: dict) -> Mentor:
    require_officer(actor)
    name = clean_text(values.get("name")) or ""
    if not name:
        raise IncubatorError("name-required", "name")
    mentor = Mentor(
        incubator=incubator,
        name=name,
        expertise=clean_text(values.get("expertise")) or "",
        contact=clean_text(values.get("contact")),
    )
    db.session.add(mentor)
    db.session.flush()
    after = snapshot(mentor, ("name", "expertise", "contact", "incubator_id"))
    record(actor, "mentor.create", mentor, f"{incubator.name}: {name}", None, after)
    db.session.commit()
    return mentor


def assign_mentor(actor, participation: Participation, mentor: Mentor) -> None:
    require_officer(actor)
    if mentor.incubator_id != participation.cohort.incubator_id:
        raise IncubatorError("unknown-mentor", "mentor")
    if mentor in participation.mentors:
        raise IncubatorError("already-assigned", "mentor")
    _change_mentors(actor, participation, mentor, assign=True)


def unassign_mentor(actor, participation: Participation, mentor: Mentor) -> None:
    require_officer(actor)
    if mentor not in participation.mentors:
        raise IncubatorError("not-assigned", "mentor")
    _change_mentors(actor, participation, mentor, assign=False)


def _change_mentors(actor, participation: Participation, mentor: Mentor, assign: bool) -> None:
    """Add or remove the mentor, with the audit entry of the mentors before and after."""
    before = {"mentors": [m.id for m in participation.mentors]}
    if assign:
        participation.mentors.append(mentor)
    else:
        participation.mentors.remove(mentor)
    after = {"mentors": [m.id for m in participation.mentors]}
    action, sign = ("assign_mentor", "+") if assign else ("unassign_mentor", "−")
    summary = f"{participation.organization.name}: {sign} {mentor.name}"
    record(actor, f"participation.{action}", participation, summary, before, after)
    db.session.commit()


# Milestones and support ----------------------------------------------------------------------


def add_milestone(actor, participation: Participation, title: str, due_on: date) -> Milestone:
    require_officer(actor)
    title = clean_text(title) or ""
    if not title:
        raise IncubatorError("title-required", "title")
    milestone = Milestone(participation=participation, title=title, due_on=due_on)
    db.session.add(milestone)
    db.session.flush()
    after = {"title": title, "due_on": due_on.isoformat()}
    summary = f"{participation.organization.name}: {title}"
    record(actor, "milestone.create", milestone, summary, None, after)
    db.session.commit()
    return milestone


def complete_milestone(actor, milestone: Milestone, done_on: date) -> None:
    require_officer(actor)
    if milestone.done_on is not None:
        raise IncubatorError("already-done", "done_on")
    if done_on > today_in_vietnam():
        raise IncubatorError("future-date", "done_on")
    milestone.done_on = done_on
    summary = f"{milestone.participation.organization.name}: {milestone.title}"
    after = {"done_on": done_on.isoformat()}
    record(actor, "milestone.complete", milestone, summary, {"done_on": None}, after)
    db.session.commit()


def record_support(actor, participation: Participation, values: dict) -> SupportRecord:
    require_officer(actor)
    if values.get("type") not in SUPPORT_TYPES:
        raise IncubatorError("unknown-support-type", "type")
    amount = values.get("amount_vnd")
    if amount is not None and amount <= 0:
        raise IncubatorError("amount-not-positive", "amount")
    given_on = values["given_on"]
    if given_on > today_in_vietnam():
        raise IncubatorError("future-date", "given_on")
    support = SupportRecord(
        participation=participation,
        type=values["type"],
        amount_vnd=amount,
        given_on=given_on,
        note=clean_text(values.get("note")) or "",
        officer_id=actor.id,
    )
    db.session.add(support)
    db.session.flush()
    after = snapshot(support, ("type", "amount_vnd", "given_on", "note"))
    summary = f"{participation.organization.name}: {support.type}"
    record(actor, "support.create", support, summary, None, after)
    db.session.commit()
    return support
