"""What pages and reports read from the stored matches (no search per view)."""

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import search
from ..extensions import db
from ..i18n import current_language
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..permissions import may_see_matches
from ..timeutil import today_in_vietnam
from .models import StoredMatch

SHOWN = 10


class ShownMatch:
    """A stored match as the match partials read it: ``score`` and ``reasons``."""

    def __init__(self, row: StoredMatch, locale: str):
        self.id = row.offering_id
        self.score = row.score
        self.reasons = row.reasons_in(locale)
        self.found_at = row.found_at


def offerings_matching(need: Need, viewer, limit: int = SHOWN):
    """(match, offering) pairs for the need page, best first, or None when the viewer may not
    see them (``permissions.may_see_matches``)."""
    if not may_see_matches(viewer, need):
        return None
    return _stored_offerings(need)[:limit]


def needs_matching(offering: Offering, viewer, limit: int = SHOWN):
    """(match, need) pairs of open needs that list the offering among their best, or None."""
    if not may_see_matches(viewer, offering):
        return None
    return _stored_needs(offering)[:limit]


def offerings_for_api(need: Need, limit: int):
    """The need page's (match, offering) pairs for the public API, or None when the stored
    matches cannot answer and the caller should rank live: the need has a change the index
    has not applied yet, has no stored matches (never computed), or more are asked than a
    need keeps (``services.KEEP``) and it keeps that many."""
    from .services import KEEP

    if search.waiting("need", need.id):
        return None
    rows = _stored_rows(need)
    if not rows or (limit > len(rows) and len(rows) >= KEEP):
        return None
    locale = current_language()
    return [(ShownMatch(r, locale), r.offering) for r in rows if r.offering.is_public][:limit]


def needs_for_api(offering: Offering, limit: int):
    """The offering page's (match, need) pairs for the public API, or None when the stored
    matches cannot answer (a change of the offering waits for the index, or no need lists it:
    a new offering, or one that fits nothing, is ranked live)."""
    if search.waiting("offering", offering.id):
        return None
    found = _stored_needs(offering)
    return found[:limit] if found else None


def _stored_rows(need: Need) -> list[StoredMatch]:
    return list(
        db.session.scalars(
            select(StoredMatch)
            .where(StoredMatch.need_id == need.id)
            .order_by(StoredMatch.rank)
            .options(selectinload(StoredMatch.offering).selectinload(Offering.organization))
        )
    )


def _stored_offerings(need: Need):
    locale = current_language()
    return [(ShownMatch(r, locale), r.offering) for r in _stored_rows(need) if r.offering.is_public]


def _stored_needs(offering: Offering):
    rows = db.session.scalars(
        select(StoredMatch)
        .join(Need, Need.id == StoredMatch.need_id)
        .where(StoredMatch.offering_id == offering.id, Need.status == "open")
        .order_by(StoredMatch.score.desc(), StoredMatch.id)
        .options(
            selectinload(StoredMatch.need).selectinload(Need.organization),
            selectinload(StoredMatch.need).selectinload(Need.commune),
        )
    )
    locale = current_language()
    return [
        (ShownMatch(r, locale), r.need)
        for r in rows
        if r.need.is_public and r.need.effective_status == "open"
    ]


def matched_offering_ids(need_ids, most: int = SHOWN) -> dict[int, list[int]]:
    """{need id: its best ``most`` stored offering ids, best first}, for the report (any
    number of needs)."""
    found: dict[int, list[int]] = {}
    ids = sorted(need_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for need_id, offering_id in db.session.execute(
            select(StoredMatch.need_id, StoredMatch.offering_id)
            .where(StoredMatch.need_id.in_(chunk), StoredMatch.rank <= most)
            .order_by(StoredMatch.need_id, StoredMatch.rank)
        ):
            found.setdefault(need_id, []).append(offering_id)
    return found


def _counts(key, ids, since, visible) -> dict[int, tuple[int, int]]:
    """{id: (stored matches, of which found after ``since``)} for the ids, visible rows only."""
    if not ids:
        return {}
    fresh = StoredMatch.found_at > since if since is not None else sa.true()
    stmt = (
        select(key, sa.func.count(), sa.func.sum(sa.case((fresh, 1), else_=0)))
        .where(key.in_(ids), *visible)
        .group_by(key)
    )
    return {id_: (total, int(new or 0)) for id_, total, new in db.session.execute(stmt)}


def match_counts_for_needs(need_ids, since) -> dict[int, tuple[int, int]]:
    """Per need: its stored offerings still public, and how many are new since ``since``."""
    visible = (
        StoredMatch.offering_id == Offering.id,
        Offering.organization_id == Organization.id,
        Offering.published.is_(True),
        Offering.hidden.is_(False),
        Organization.hidden.is_(False),
    )
    return _counts(StoredMatch.need_id, list(need_ids), since, visible)


def match_counts_for_offerings(offering_ids, since) -> dict[int, tuple[int, int]]:
    """Per offering: the open public needs that list it, and how many are new since ``since``."""
    today = today_in_vietnam()
    visible = (
        StoredMatch.need_id == Need.id,
        Need.organization_id == Organization.id,
        Need.status == "open",
        Need.hidden.is_(False),
        sa.or_(Need.deadline.is_(None), Need.deadline >= today),
        Organization.hidden.is_(False),
    )
    return _counts(StoredMatch.offering_id, list(offering_ids), since, visible)
