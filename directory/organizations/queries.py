"""What the public directory reads: visible organizations, filtered and paginated."""

from collections.abc import Callable
from typing import Any

from flask import current_app
from sqlalchemy import Select, false, select
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from ..permissions import can_manage
from ..routing import page_arg
from .models import Membership, Organization


def visible_organization(org_id: int, viewer) -> Organization | None:
    """The organization if ``viewer`` may see it (hidden ones: members and officers only)."""
    org = db.session.get(Organization, org_id)
    if org is None or not (org.is_public or can_manage(viewer, org)):
        return None
    return org


def organizations_of(user) -> list[Organization]:
    """The organizations ``user`` belongs to, by name, in one query (none when signed out)."""
    if not getattr(user, "is_authenticated", False):
        return []
    organizations = db.session.scalars(
        select(Organization).join(Membership).where(Membership.user_id == user.id)
    )
    return sorted(organizations, key=lambda o: o.name.casefold())


def organization_ids_of(user) -> set[int]:
    """Ids of the organizations ``user`` belongs to, from their memberships (loaded once a
    request); for "is this one of mine?", where ``organizations_of`` would query each time."""
    if not getattr(user, "is_authenticated", False):
        return set()
    return {m.organization_id for m in user.memberships}


def active_members(organization_id: int, column: Any = User.id) -> list:
    """``column`` (the id, or e.g. ``User.email``) of the organization's active members."""
    return list(
        db.session.scalars(
            select(column)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.organization_id == organization_id, User.active.is_(True))
            .order_by(User.id)
        )
    )


def _no_sector(sector: str) -> Any:
    return false()


#: Which organizations work in a sector: offerings (an area above) answer at ``init_app``.
SECTOR_FILTER: list[Callable[[str], Any]] = [_no_sector]


def register_sector_filter(clause: Callable[[str], Any]) -> None:
    """``clause(sector)``: the condition on Organization for ``organizations_query(sector=)``."""
    SECTOR_FILTER[0] = clause


def organizations_query(
    sector: str | None = None,
    commune: str | None = None,
    kind: str | None = None,
    verified: bool | None = None,
) -> Select:
    """Visible organizations; ``sector`` keeps those with a public offering in that sector
    (``register_sector_filter``). Loads what a list shows of each (commune, zone) with the
    page, not one row at a time."""
    stmt = (
        select(Organization)
        .where(Organization.hidden.is_(False))
        .options(selectinload(Organization.commune), selectinload(Organization.industrial_zone))
    )
    if sector:
        stmt = stmt.where(SECTOR_FILTER[0](sector))
    if commune:
        stmt = stmt.where(Organization.commune_code == commune)
    if kind:
        stmt = stmt.where(Organization.kind == kind)
    if verified is not None:
        if verified:
            stmt = stmt.where(Organization.verification == "verified")
        else:
            stmt = stmt.where(Organization.verification != "verified")
    return stmt


def paginate_for_web(stmt: Select):
    """db.paginate for a web listing; a page past the end shows the last page instead of 404."""
    per_page = current_app.config["PER_PAGE"]
    page = page_arg()
    pagination = db.paginate(stmt, page=page, per_page=per_page, error_out=False)
    if not pagination.items and page > 1 and pagination.pages:
        pagination = db.paginate(stmt, page=pagination.pages, per_page=per_page, error_out=False)
    return pagination
