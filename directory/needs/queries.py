"""Reading needs: who sees what, the public board, an organization's list, the API's lists."""

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Select, and_, func, or_, select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..organizations.models import Organization
from ..permissions import can_manage
from ..reference.models import Sector
from ..timeutil import today_in_vietnam
from .labels import BOARD_SORTS, DEADLINE_WINDOWS
from .models import PROCUREMENT_MODES, Need

STATUS_FILTERS = ("open", "closed", "expired")


def need_for_viewer(need_id: int, user) -> Need | None:
    """The need if this user may see it: published and visible, or one of their organization's."""
    need = db.session.get(Need, need_id)
    if need is None or not (need.is_public or can_manage(user, need.organization)):
        return None
    return need


def _published():
    return and_(Need.status != "draft", Need.hidden.is_(False), Organization.hidden.is_(False))


def _status_is(status: str, today: date):
    if status == "open":
        return and_(Need.status == "open", or_(Need.deadline.is_(None), Need.deadline >= today))
    if status == "expired":
        return and_(Need.status == "open", Need.deadline < today)
    return Need.status == "closed"


def open_to_offers(today: date):
    """Published needs of visible organizations that still accept offers on ``today``."""
    return and_(_published(), _status_is("open", today))


def public_needs(
    status: str | None = None, sector: str | None = None, commune: str | None = None
) -> Select:
    """Published needs of visible organizations, newest first; ``status`` is the effective one.

    What a list shows of each need (organization, sectors, commune, zone) loads per page.
    """
    today = today_in_vietnam()
    query = (
        select(Need)
        .join(Need.organization)
        .where(_published())
        .options(
            selectinload(Need.organization),
            selectinload(Need.sectors),
            selectinload(Need.commune),
            selectinload(Need.industrial_zone),
        )
    )
    if status:
        query = query.where(_status_is(status, today))
    if sector:
        query = query.where(Need.sectors.any(Sector.code == sector))
    if commune:
        query = query.where(Need.commune_code == commune)
    return query.order_by(Need.created_at.desc(), Need.id.desc())


@dataclass
class BoardFilters:
    """The board's filters, read leniently from the query string: unknown values are ignored."""

    sector: str | None = None
    commune: str | None = None
    procurement: str | None = None
    within: str | None = None
    sort: str | None = None  # None: newest first; "deadline": soonest deadline first

    @classmethod
    def from_args(cls, args, sector_codes, commune_codes) -> "BoardFilters":
        def pick(name, allowed):
            value = args.get(name, "")
            return value if value in allowed else None

        return cls(
            sector=pick("sector", sector_codes),
            commune=pick("commune", commune_codes),
            procurement=pick("procurement", PROCUREMENT_MODES),
            within=pick("within", DEADLINE_WINDOWS),
            sort=pick("sort", set(BOARD_SORTS) - {""}),
        )

    @property
    def active(self) -> bool:
        return any((self.sector, self.commune, self.procurement, self.within))


def board(filters: BoardFilters) -> Select:
    """Open needs (not expired) for the public board, newest first."""
    query = public_needs("open", filters.sector, filters.commune)
    if filters.procurement:
        query = query.where(Need.procurement == filters.procurement)
    if filters.within:
        today = today_in_vietnam()
        last_day = today + timedelta(days=int(filters.within))
        query = query.where(Need.deadline.is_not(None), Need.deadline <= last_day)
    if filters.sort == "deadline":  # needs without a deadline last
        query = query.order_by(None).order_by(
            Need.deadline.is_(None), Need.deadline, Need.created_at.desc(), Need.id.desc()
        )
    return query


def open_needs_by_sector() -> list[tuple[str, int]]:
    """(sector code, number of open needs) for every sector that has any, most first."""
    needs = public_needs("open").subquery()
    count = func.count(func.distinct(needs.c.id))
    query = (
        select(Sector.code, count)
        .join(Need.sectors)
        .join(needs, needs.c.id == Need.id)
        .group_by(Sector.code)
        .order_by(count.desc(), Sector.code)
    )
    return [(code, n) for code, n in db.session.execute(query)]


@dataclass
class OrganizationNeeds:
    open: list[Need]
    expired: list[Need]
    drafts: list[Need]
    closed: list[Need]
    manageable: bool


def organization_needs(organization: Organization, viewer) -> OrganizationNeeds:
    """An organization's needs as its page shows them: others see only the open ones."""
    manageable = can_manage(viewer, organization)
    needs = db.session.scalars(
        select(Need)
        .where(Need.organization_id == organization.id)
        .order_by(Need.created_at.desc(), Need.id.desc())
        .options(selectinload(Need.sectors), selectinload(Need.commune))  # the cards show them
    ).all()
    if not manageable:
        needs = [n for n in needs if n.is_public]

    def having(status):
        return [n for n in needs if n.effective_status == status]

    return OrganizationNeeds(
        open=having("open"),
        expired=having("expired") if manageable else [],
        drafts=having("draft") if manageable else [],
        closed=having("closed") if manageable else [],
        manageable=manageable,
    )
