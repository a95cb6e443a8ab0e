"""What pages and reports read from the stored matches (no search per view)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..i18n import current_language
from ..needs.models import Need
from ..offerings.models import Offering
from ..permissions import can_manage
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
    see them (members of the need's organization, officers and admins may)."""
    if not can_manage(viewer, need.organization):
        return None
    rows = db.session.scalars(
        select(StoredMatch)
        .where(StoredMatch.need_id == need.id)
        .order_by(StoredMatch.rank)
        .options(selectinload(StoredMatch.offering).selectinload(Offering.organization))
    )
    locale = current_language()
    shown = [(ShownMatch(r, locale), r.offering) for r in rows if r.offering.is_public]
    return shown[:limit]


def needs_matching(offering: Offering, viewer, limit: int = SHOWN):
    """(match, need) pairs of open needs that list the offering among their best, or None."""
    if not can_manage(viewer, offering.organization):
        return None
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
    shown = [
        (ShownMatch(r, locale), r.need)
        for r in rows
        if r.need.is_public and r.need.effective_status == "open"
    ]
    return shown[:limit]


def matched_offering_ids(need_ids) -> dict[int, list[int]]:
    """{need id: stored offering ids, best first} for the report (any number of needs)."""
    found: dict[int, list[int]] = {}
    ids = sorted(need_ids)
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        for need_id, offering_id in db.session.execute(
            select(StoredMatch.need_id, StoredMatch.offering_id)
            .where(StoredMatch.need_id.in_(chunk))
            .order_by(StoredMatch.need_id, StoredMatch.rank)
        ):
            found.setdefault(need_id, []).append(offering_id)
    return found
