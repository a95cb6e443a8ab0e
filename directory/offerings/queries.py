"""What the public offering pages read: visible offerings, filtered by sector, type, commune."""

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organizations import queries as org_queries  # a module: the packages import each other
from ..organizations.models import Organization
from ..permissions import can_manage
from ..reference.models import Commune, Sector
from .models import Offering


def visible_offering(offering_id: int, viewer) -> Offering | None:
    """The offering if ``viewer`` may see it: public, or they manage its organization."""
    offering = db.session.get(Offering, offering_id)
    if offering is None:
        return None
    if offering.is_public or can_manage(viewer, offering.organization):
        return offering
    return None


def serves_commune(code: str):
    """Offerings serving a commune: it is in their service area, or the area is empty."""
    return or_(~Offering.service_area.any(), Offering.service_area.any(Commune.code == code))


def offerings_query(
    sector: str | None = None, type: str | None = None, commune: str | None = None
) -> Select:
    """Public offerings of visible organizations, newest first, with what a list shows of them
    (organization, sectors, service area) loaded per page rather than per row."""
    stmt = (
        select(Offering)
        .join(Offering.organization)
        .where(org_queries.public_offering_clause(), Organization.hidden.is_(False))
        .options(
            selectinload(Offering.organization),
            selectinload(Offering.sectors),
            selectinload(Offering.service_area),
        )
    )
    if sector:
        stmt = stmt.where(Offering.sectors.any(Sector.code == sector))
    if type:
        stmt = stmt.where(Offering.type == type)
    if commune:
        stmt = stmt.where(serves_commune(commune))
    return stmt.order_by(Offering.created_at.desc(), Offering.id.desc())
