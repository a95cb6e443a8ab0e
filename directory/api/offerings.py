"""API: offerings (contracts.md §3) — published offerings of visible organizations only."""

from flask import abort, jsonify
from flask_babel import gettext as _

from ..curation.services import is_featured
from ..documents.queries import public_facts
from ..offerings.labels import TYPE_LABELS
from ..offerings.models import Offering
from ..offerings.queries import offerings_query, visible_offering
from ..organizations.models import Organization
from . import bp
from .common import (
    bool_arg,
    choice_arg,
    commune_arg,
    commune_json,
    list_options,
    of_organization,
    organization_ref_json,
    record_sorts,
    sector_arg,
    stamps_json,
)
from .search import paginated_search


def offering_json(offering, facts: dict | None = None) -> dict:
    """An offering as the API shows it; keys are part of the contract: keep them stable.
    ``facts``: its verified labels and installations, when a list page loaded them at once."""
    org = offering.organization
    facts = facts or public_facts([offering.id])[offering.id]
    return {
        "id": offering.id,
        "ref": offering.ref,
        "type": offering.type,
        "title": offering.title,
        "description": offering.description,
        "organization": {**organization_ref_json(org), "verified": org.is_verified},
        "sectors": [s.code for s in offering.sectors],
        "service_area": [commune_json(c) for c in offering.service_area],
        "capacity": offering.capacity,
        "standards": list(offering.standards or []),
        "eco_label": offering.eco_label,
        "labels": facts["labels"],
        "installations": facts["installations"],
        "featured": is_featured(offering),
        **stamps_json(offering, "offerings.detail", offering_id=offering.id),
    }


SORTS = record_sorts(Offering)


def offerings_json(rows) -> list[dict]:
    """A page of offerings, their labels and installations loaded at once."""
    facts = public_facts(o.id for o in rows)
    return [offering_json(o, facts[o.id]) for o in rows]


@bp.get("/offerings")
def list_offerings():
    """?q=&sector=&type=&commune=&verified=&page=&per_page= ; commune: offerings serving it."""
    stmt = offerings_query(
        sector=sector_arg(),
        type=choice_arg("type", TYPE_LABELS),
        commune=commune_arg(),
    )
    stmt = of_organization(stmt, Offering)
    verified = bool_arg("verified")
    if verified is not None:
        is_verified = Organization.verification == "verified"
        stmt = stmt.where(is_verified if verified else ~is_verified)
    stmt, chosen = list_options(stmt, Offering, SORTS)
    return paginated_search(stmt, "offering", offerings_json, keep_order=chosen)


@bp.get("/offerings/<id:offering_id>")
def get_offering(offering_id: int):
    offering = visible_offering(offering_id, None)
    if offering is None or not isinstance(offering, Offering):
        abort(404, description=_("Không tìm thấy giải pháp."))
    return jsonify(offering_json(offering))
