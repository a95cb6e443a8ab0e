"""What the public offering pages read: visible offerings, filtered by sector, type, commune."""

from sqlalchemy import Select, and_, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organizations.models import Organization
from ..permissions import can_manage
from ..reference.models import Commune, Sector
from .models import Offering


def public_offering_clause():
    """Offerings anyone may see: published, not hidden, of a visible organization."""
    return and_(Offering.published.is_(True), Offering.hidden.is_(False))


def has_public_offering_in(sector: str):
    """Organizations with a public offering in ``sector`` (the directory's sector filter)."""
    return Organization.offerings.any(
        and_(public_offering_clause(), Offering.sectors.any(Sector.code == sector))
    )


def public_offerings_of(org: Organization, viewer) -> list[Offering]:
    """The organization's offerings as ``viewer`` may see them, newest first."""
    stmt = (
        select(Offering)
        .filter_by(organization_id=org.id)
        .order_by(Offering.created_at.desc())
        .options(selectinload(Offering.sectors))  # the cards show them
    )
    if not can_manage(viewer, org):
        stmt = stmt.where(public_offering_clause())
    return list(db.session.scalars(stmt))


def organization_page_offerings(org: Organization, viewer) -> tuple[str, list[Offering]]:
    """The organization page's part (``signals.organization_page``): its offerings."""
    return "offerings", public_offerings_of(org, viewer)


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
    sector: str | None = None,
    type: str | None = None,
    commune: str | None = None,
    located: str | None = None,
) -> Select:
    """Public offerings of visible organizations, newest first, with what a list shows of them
    (organization, sectors, service area) loaded per page rather than per row.

    ``commune``: a commune the offering serves; ``located``: where its organization is."""
    stmt = (
        select(Offering)
        .join(Offering.organization)
        .where(public_offering_clause(), Organization.hidden.is_(False))
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
    if located:
        stmt = stmt.where(Organization.commune_code == located)
    return stmt.order_by(Offering.created_at.desc(), Offering.id.desc())
