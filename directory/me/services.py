"""What /me shows and the user's last visit (for "new since your last visit")."""

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..matching.models import PageVisit
from ..matching.queries import match_counts_for_needs, match_counts_for_offerings
from ..needs.models import Need
from ..organizations.models import Membership, Organization
from ..timeutil import utcnow

PAGE = "me"


@dataclass
class Row:
    """An offering or a need with its stored matches and how many are new."""

    record: Any  # an Offering or a Need
    matches: int = 0
    new: int = 0


@dataclass
class OrganizationPart:
    organization: Organization
    role: str
    offerings: list[Row] = field(default_factory=list)
    needs: list[Row] = field(default_factory=list)


@dataclass
class MyPage:
    organizations: list[OrganizationPart]


def last_visit(user) -> datetime | None:
    return db.session.scalar(
        select(PageVisit.seen_at).where(PageVisit.user_id == user.id, PageVisit.page == PAGE)
    )


def record_visit(user) -> None:
    """Remember this visit; the next one marks what was found after it as new."""
    visit = db.session.get(PageVisit, (user.id, PAGE))
    if visit is None:
        db.session.add(PageVisit(user_id=user.id, page=PAGE, seen_at=utcnow()))
    else:
        visit.seen_at = utcnow()
    db.session.commit()


def my_page(user, since: datetime | None) -> MyPage:
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.user_id == user.id)
        .join(Membership.organization)
        .order_by(Organization.name)
        .options(
            selectinload(Membership.organization).selectinload(Organization.offerings),
            selectinload(Membership.organization)
            .selectinload(Organization.needs)
            .selectinload(Need.organization),
        )
    ).all()
    parts = [
        OrganizationPart(
            m.organization,
            m.role,
            [Row(o) for o in sorted(m.organization.offerings, key=lambda o: o.title)],
            [Row(n) for n in sorted(m.organization.needs, key=lambda n: n.id, reverse=True)],
        )
        for m in memberships
    ]
    _fill_counts([r for p in parts for r in p.needs], match_counts_for_needs, since)
    _fill_counts([r for p in parts for r in p.offerings], match_counts_for_offerings, since)
    return MyPage(parts)


def _fill_counts(rows: list[Row], counts, since) -> None:
    found = counts([r.record.id for r in rows], since)
    for row in rows:
        row.matches, row.new = found.get(row.record.id, (0, 0))
