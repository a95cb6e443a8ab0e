"""What the home page shows: sector tiles with counts, the newest offerings and open needs."""

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..curation.services import featured_items
from ..extensions import db
from ..needs.models import Need
from ..needs.queries import open_to_offers
from ..offerings.models import Offering, offering_sectors
from ..offerings.queries import offerings_query, public_offering_clause
from ..organizations.models import Organization
from ..reference.services import all_sectors
from ..timeutil import today_in_vietnam

NEWEST = 6


def offering_counts_by_sector() -> dict[str, int]:
    """Public offerings (of visible organizations) per sector code."""
    rows = db.session.execute(
        select(offering_sectors.c.sector_code, func.count())
        .join(Offering, Offering.id == offering_sectors.c.offering_id)
        .join(Organization, Organization.id == Offering.organization_id)
        .where(public_offering_clause(), Organization.hidden.is_(False))
        .group_by(offering_sectors.c.sector_code)
    )
    return {code: count for code, count in rows}


def open_needs_query():
    """Needs anyone may see that still accept offers: open, deadline not passed, not hidden."""
    return (
        select(Need)
        .join(Need.organization)
        .where(open_to_offers(today_in_vietnam()))
        .options(selectinload(Need.organization), selectinload(Need.commune))
        .order_by(Need.created_at.desc(), Need.id.desc())
    )


def home_page_data() -> dict:
    counts = offering_counts_by_sector()
    organizations = db.session.scalar(
        select(func.count()).select_from(Organization).where(Organization.hidden.is_(False))
    )
    return {
        "featured": featured_items(limit=NEWEST),
        "sector_tiles": [(sector, counts.get(sector.code, 0)) for sector in all_sectors()],
        "newest_offerings": list(db.session.scalars(offerings_query().limit(NEWEST))),
        "newest_needs": list(db.session.scalars(open_needs_query().limit(NEWEST))),
        "totals": {
            "organizations": organizations,
            "offerings": _count(offerings_query()),
            "needs": _count(open_needs_query()),
        },
    }


def _count(stmt) -> int:
    return db.session.scalars(
        select(func.count()).select_from(stmt.order_by(None).subquery())
    ).one()
