"""Adding, editing, publishing and deleting offerings; one transaction per action.

Each function takes the acting user and refuses (NotAllowed) unless that user may manage the
offering's organization: its members, officers and admins.
"""

from sqlalchemy import select

from .. import signals
from ..extensions import db
from ..permissions import can_manage, require
from ..reference.models import Commune, Sector
from .models import Offering


def _require(user, organization) -> None:
    require(can_manage(user, organization))


def _apply(offering: Offering, values: dict) -> None:
    values = dict(values)
    sector_codes = values.pop("sectors", [])
    commune_codes = values.pop("service_area", [])
    for key, value in values.items():
        setattr(offering, key, value)
    offering.sectors = list(db.session.scalars(select(Sector).where(Sector.code.in_(sector_codes))))
    offering.service_area = list(
        db.session.scalars(select(Commune).where(Commune.code.in_(commune_codes)))
    )


def create_offering(user, organization, values: dict) -> Offering:
    """A new, published offering of ``organization``."""
    _require(user, organization)
    offering = Offering(published=True)
    _apply(offering, values)  # before it joins the session: no half-built row gets flushed
    offering.organization = organization
    db.session.add(offering)
    db.session.flush()
    signals.listing_published.send(offering, actor=user)
    db.session.commit()
    return offering


def update_offering(user, offering: Offering, values: dict) -> Offering:
    _require(user, offering.organization)
    _apply(offering, values)
    db.session.commit()
    return offering


def set_published(user, offering: Offering, published: bool) -> Offering:
    """Unpublish (take off the public directory, keep it) or publish again."""
    _require(user, offering.organization)
    offering.published = published
    db.session.commit()
    return offering


def delete_offering(user, offering: Offering) -> None:
    _require(user, offering.organization)
    db.session.delete(offering)
    db.session.commit()
