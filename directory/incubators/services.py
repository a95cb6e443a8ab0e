"""What officers do with incubators: every function takes the acting officer, checks the rules,
writes one audit entry and commits one transaction. Also who carries the "Ươm tạo" badge.
"""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import object_session

from .. import search
from ..audit.services import record, snapshot
from ..domain import DomainError
from ..extensions import db
from ..organizations.models import Organization
from ..permissions import require_officer
from ..reference.models import IndustrialZone
from ..timeutil import today_in_vietnam
from ..validation import clean_text
from . import queries
from .labels import ERRORS
from .models import (
    INCUBATING,
    TRANSITIONS,
    Cohort,
    Incubator,
    Participation,
    StatusChange,
)

INCUBATOR_FIELDS = (
    "name",
    "industrial_zone_id",
    "description",
    "manager_name",
    "manager_phone",
    "manager_email",
)
COHORT_FIELDS = ("name", "starts_on", "ends_on")


class IncubatorError(DomainError):
    """A change the rules refuse; ``field`` names the form field it concerns."""

    messages = ERRORS


def _same_name(a: str, b: str) -> bool:
    return a.casefold() == b.casefold()


# Who carries the badge -----------------------------------------------------------------------


def is_incubatee(organization) -> bool:
    """True while the organization is admitted to or active in some cohort."""
    if organization is None or getattr(organization, "id", None) is None:
        return False
    return organization.id in incubatees_among([organization])


def incubatees_among(organizations) -> set[int]:
    """Which of these organizations carry the badge (search asks a batch at a time)."""
    # The search index asks from its own session, after the web request's commit.
    session = object_session(organizations[0]) or db.session
    return set(
        session.scalars(
            select(Participation.organization_id)
            .where(Participation.organization_id.in_([o.id for o in organizations]))
            .where(Participation.status.in_(INCUBATING))
        )
    )


def _reindex_later(organization) -> None:
    """The search index shows who is incubated: have it re-read the organization on commit."""
    search.reindex_later("organization", [organization.id])


# Incubators and cohorts ----------------------------------------------------------------------


def save_incubator(actor, values: dict, incubator: Incubator | None = None) -> Incubator:
    """Create an incubator (``incubator`` None) or update one from form values."""
    require_officer(actor)
    name = clean_text(values.get("name")) or ""
    if not name:
        raise IncubatorError("name-required", "name")
    zone = db.session.get(IndustrialZone, values.get("industrial_zone_id") or 0)
    if zone is None:
        raise IncubatorError("unknown-zone", "industrial_zone")
    others = (other for other in db.session.scalars(select(Incubator)) if other is not incubator)
    if any(_same_name(other.name, name) for other in others):
        raise IncubatorError("duplicate-incubator", "name")

    creating = incubator is None
    before = None if creating else snapshot(incubator, INCUBATOR_FIELDS)
    incubator = incubator or Incubator()
    incubator.name = name
    incubator.industrial_zone_id = zone.id
    incubator.description = clean_text(values.get("description")) or ""
    incubator.manager_name = clean_text(values.get("manager_name"))
    incubator.manager_phone = clean_text(values.get("manager_phone"))
    incubator.manager_email = clean_text(values.get("manager_email"))
    db.session.add(incubator)
    db.session.flush()
    action = "incubator.create" if creating else "incubator.update"
    record(actor, action, incubator, name, before, snapshot(incubator, INCUBATOR_FIELDS))
    db.session.commit()
    return incubator


def save_cohort(actor, incubator: Incubator, values: dict, cohort: Cohort | None = None) -> Cohort:
    require_officer(actor)
    name = clean_text(values.get("name")) or ""
    if not name:
        raise IncubatorError("name-required", "name")
    starts_on, ends_on = values.get("starts_on"), values.get("ends_on")
    if not isinstance(starts_on, date) or not isinstance(ends_on, date):
        raise IncubatorError("dates-required", "starts_on")
    if ends_on <= starts_on:
        raise IncubatorError("dates-reversed", "ends_on")
    if any(_same_name(c.name, name) for c in incubator.cohorts if c is not cohort):
        raise IncubatorError("duplicate-cohort", "name")

    creating = cohort is None
    before = None if creating else snapshot(cohort, COHORT_FIELDS)
    cohort = cohort or Cohort(incubator=incubator)
    cohort.name, cohort.starts_on, cohort.ends_on = name, starts_on, ends_on
    db.session.add(cohort)
    db.session.flush()
    action = "cohort.create" if creating else "cohort.update"
    summary = f"{incubator.name} · {name}"
    record(actor, action, cohort, summary, before, snapshot(cohort, COHORT_FIELDS))
    db.session.commit()
    return cohort


# Participants and their path -----------------------------------------------------------------


def add_participant(
    actor,
    cohort: Cohort,
    organization: Organization,
    applied_on: date,
    note: str = "",
    status: str = "applied",
) -> Participation:
    """The organization applies to the cohort; its history starts with a dated "applied".

    With ``status`` "admitted" or "active", it is admitted (and starts) in the same step: each
    step is recorded on ``applied_on`` with the note, which then must say on what basis."""
    require_officer(actor)
    path = ENTRY_PATHS.get(status)
    if path is None:
        raise IncubatorError("transition-refused", "status")
    if any(p.organization_id == organization.id for p in cohort.participations):
        raise IncubatorError("already-participant", "organization")
    if applied_on > today_in_vietnam():
        raise IncubatorError("future-date", "applied_on")
    note = clean_text(note) or ""
    if len(path) > 1 and not note:
        raise IncubatorError("note-required", "note")
    participation = Participation(cohort=cohort, organization=organization, status=status)
    for earlier, step in zip((None, *path), path, strict=False):
        participation.history.append(
            StatusChange(
                from_status=earlier,
                to_status=step,
                changed_on=applied_on,
                note=note,
                officer_id=actor.id,
            )
        )
    db.session.add(participation)
    db.session.flush()
    if status in INCUBATING:
        _reindex_later(organization)
    summary = f"{organization.name} → {cohort.incubator.name} · {cohort.name}"
    after = {"organization_id": organization.id, "cohort_id": cohort.id, "status": status}
    record(actor, "participation.create", participation, summary, None, after)
    db.session.commit()
    return participation


# The steps a new participant takes to reach the status it starts in.
ENTRY_PATHS = {
    "applied": ("applied",),
    "admitted": ("applied", "admitted"),
    "active": ("applied", "admitted", "active"),
}


def allowed_statuses(participation: Participation) -> tuple[str, ...]:
    return TRANSITIONS.get(participation.status, ())


def change_status(
    actor, participation: Participation, status: str, changed_on: date, note: str
) -> StatusChange:
    """Move a participant along applied → admitted → active → graduated (or withdrawn)."""
    require_officer(actor)
    if status not in allowed_statuses(participation):
        raise IncubatorError("transition-refused", "status")
    if changed_on > today_in_vietnam():
        raise IncubatorError("future-date", "changed_on")
    last = participation.history[-1] if participation.history else None
    if last is not None and changed_on < last.changed_on:
        raise IncubatorError("before-last-change", "changed_on")
    note = clean_text(note) or ""
    if not note:
        raise IncubatorError("note-required", "note")
    before = {"status": participation.status}
    change = StatusChange(
        from_status=participation.status,
        to_status=status,
        changed_on=changed_on,
        note=note,
        officer_id=actor.id,
    )
    participation.history.append(change)
    if (participation.status in INCUBATING) != (status in INCUBATING):
        _reindex_later(participation.organization)
    participation.status = status
    after = {"status": status, "changed_on": changed_on.isoformat(), "note": note}
    summary = f"{participation.organization.name}: {before['status']} → {status}"
    record(actor, "participation.status", participation, summary, before, after)
    db.session.commit()
    return change


def load_demo_incubator() -> Incubator | None:
    """The demo incubator with a 2026 cohort (see demo.py); the demo set-up command calls it."""
    from .demo import load

    return load()


def yearly_outcomes(year: int) -> dict:
    """Incubator figures of one year for the yearly report (see queries.yearly_outcomes)."""
    return queries.yearly_outcomes(year)
