"""What the officer pages read: the incubator list, each page's rows, organization lookup and
the board."""

import unicodedata
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import ColumnElement, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organizations.models import Organization
from ..reference.models import IndustrialZone
from ..routing import id_from_text
from ..text import fold, has_accents
from .models import (
    INCUBATING,
    STATUSES,
    Cohort,
    Incubator,
    Milestone,
    Participation,
    StatusChange,
    SupportRecord,
)

LOOKUP_LIMIT = 20


def organization_by_id(text: str | None) -> Organization | None:
    org_id = id_from_text(text)
    return db.session.get(Organization, org_id) if org_id else None


def incubator_page(incubator_id: int) -> Incubator | None:
    """The incubator with what its page shows: its zone, its cohorts with their participants
    (counted there), its mentors."""
    return db.session.get(
        Incubator,
        incubator_id,
        options=[
            selectinload(Incubator.industrial_zone).selectinload(IndustrialZone.commune),
            selectinload(Incubator.cohorts).selectinload(Cohort.participations),
            selectinload(Incubator.mentors),
        ],
    )


def cohort_page(cohort_id: int) -> Cohort | None:
    """The cohort with each participant's organization, milestones and mentors."""
    return db.session.get(
        Cohort,
        cohort_id,
        options=[
            selectinload(Cohort.incubator),
            selectinload(Cohort.participations).options(
                selectinload(Participation.organization),
                selectinload(Participation.milestones),
                selectinload(Participation.mentors),
            ),
        ],
    )


def participant_page(participation_id: int) -> Participation | None:
    """The participation with its history and the officer of each step."""
    return db.session.get(
        Participation,
        participation_id,
        options=[selectinload(Participation.history).selectinload(StatusChange.officer)],
    )


def incubator_rows() -> list[tuple[Incubator, int, int]]:
    """Every incubator with its number of cohorts and of organizations being incubated now."""
    cohorts = (
        select(func.count(Cohort.id)).where(Cohort.incubator_id == Incubator.id).scalar_subquery()
    )
    incubating = (
        select(func.count(Participation.id))
        .join(Cohort)
        .where(Cohort.incubator_id == Incubator.id, Participation.status.in_(INCUBATING))
        .scalar_subquery()
    )
    rows = db.session.execute(
        select(Incubator, cohorts, incubating)
        .options(selectinload(Incubator.industrial_zone))
        .order_by(Incubator.name)
    )
    return [tuple(row) for row in rows]


def find_organizations(text: str | None, exclude: set[int]) -> list[Organization]:
    """Organizations whose name, enterprise code or id matches what the officer typed."""
    text = unicodedata.normalize("NFC", (text or "").strip())[:200]
    if not text:
        return []
    conditions: list[ColumnElement[bool]] = [
        Organization.name.ilike(f"%{_escape(text)}%", escape="\\")
    ]
    if not has_accents(text):
        # Typed without accents ("tai che xanh"): compare folded names ("Tái chế Xanh").
        wanted = fold(text)
        names = db.session.execute(select(Organization.id, Organization.name))
        conditions.append(Organization.id.in_([i for i, n in names if wanted in fold(n)]))
    conditions.append(Organization.enterprise_code == text)
    if (org_id := id_from_text(text)) is not None:
        conditions.append(Organization.id == org_id)
    stmt = select(Organization).where(or_(*conditions)).order_by(Organization.name)
    if exclude:
        stmt = stmt.where(Organization.id.not_in(exclude))
    return list(db.session.scalars(stmt.limit(LOOKUP_LIMIT)))


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


@dataclass
class BoardEntry:
    participation: Participation
    overdue: list[Milestone] = field(default_factory=list)
    upcoming: Milestone | None = None

    @property
    def sort_key(self):
        # Overdue first, the longest overdue at the top; then by name.
        oldest = self.overdue[0].due_on if self.overdue else date.max
        return (not self.overdue, oldest, self.participation.organization.name.casefold())


def board(today: date, incubator_id: int | None = None) -> list[tuple[str, list[BoardEntry]]]:
    """All participants grouped by status (in the order of the path), overdue ones first."""
    stmt = (
        select(Participation)
        .join(Cohort)
        .options(
            selectinload(Participation.organization),
            selectinload(Participation.milestones),
            selectinload(Participation.cohort).selectinload(Cohort.incubator),
        )
    )
    if incubator_id is not None:
        stmt = stmt.where(Cohort.incubator_id == incubator_id)
    groups: dict[str, list[BoardEntry]] = {status: [] for status in STATUSES}
    for participation in db.session.scalars(stmt):
        # Milestones left open when a participant graduated or withdrew no longer fall due.
        ended = participation.status in ("graduated", "withdrawn")
        open_ones = [m for m in participation.milestones if m.done_on is None and not ended]
        entry = BoardEntry(
            participation,
            overdue=[m for m in open_ones if m.due_on < today],
            upcoming=next((m for m in open_ones if m.due_on >= today), None),
        )
        groups.setdefault(participation.status, []).append(entry)
    return [
        (status, sorted(entries, key=lambda e: e.sort_key)) for status, entries in groups.items()
    ]


def yearly_outcomes(year: int) -> dict:
    """The incubator figures of a calendar year for the yearly report; zeros when empty.

    ``entered`` counts the status changes dated in the year by the status entered (so
    ``entered["graduated"]`` is the number of graduations that year); ``cohorts`` and
    ``participants`` count the cohorts running at some time in the year and their participants.
    """
    start, end = date(year, 1, 1), date(year, 12, 31)
    entered = dict.fromkeys(STATUSES, 0)
    rows = db.session.execute(
        select(StatusChange.to_status, func.count())
        .where(StatusChange.changed_on.between(start, end))
        .group_by(StatusChange.to_status)
    )
    entered.update({status: count for status, count in rows})
    running = select(Cohort.id).where(Cohort.starts_on <= end, Cohort.ends_on >= start)
    participants = db.session.scalar(
        select(func.count(Participation.id)).where(Participation.cohort_id.in_(running))
    )
    support_count, support_total = db.session.execute(
        select(func.count(SupportRecord.id), func.sum(SupportRecord.amount_vnd)).where(
            SupportRecord.given_on.between(start, end)
        )
    ).one()
    return {
        "year": year,
        "incubators": db.session.scalar(select(func.count(Incubator.id))) or 0,
        "cohorts": db.session.scalar(select(func.count()).select_from(running.subquery())) or 0,
        "participants": participants or 0,
        "entered": entered,
        "support_records": support_count or 0,
        "support_vnd": int(support_total or 0),
    }
