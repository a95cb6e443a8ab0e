"""API: needs (contracts.md §3) — published needs of visible organizations only."""

from flask import jsonify

from ..needs import queries
from ..needs.models import Need
from ..routing import or_404
from . import bp
from .common import (
    choice_arg,
    commune_arg,
    commune_json,
    list_options,
    of_organization,
    organization_ref_json,
    record_sorts,
    sector_arg,
    stamps_json,
    zone_json,
)
from .search import paginated_search


def need_json(need) -> dict:
    """A need as the API shows it; keys are part of the contract: keep them stable."""
    return {
        "id": need.id,
        "ref": need.ref,
        "title": need.title,
        "description": need.description,
        "organization": organization_ref_json(need.organization),
        "sectors": [s.code for s in need.sectors],
        "commune": commune_json(need.commune),
        "industrial_zone": zone_json(need.industrial_zone),
        "quantity": need.quantity,
        "budget_vnd": need.budget_vnd,
        "deadline": need.deadline.isoformat() if need.deadline else None,
        "procurement": need.procurement,
        "status": need.effective_status,
        **stamps_json(need, "needs.detail", need_id=need.id),
    }


SORTS = record_sorts(Need, deadline=Need.deadline)


def needs_json(rows) -> list[dict]:
    return [need_json(n) for n in rows]


def list_needs_query():
    """The filtered query behind GET /needs; other filters (e.g. ``q``) can narrow it further."""
    stmt = queries.public_needs(
        status=choice_arg("status", queries.STATUS_FILTERS),
        sector=sector_arg(),
        commune=commune_arg(),
    )
    return of_organization(stmt, Need)


@bp.get("/needs")
def list_needs():
    """?q=&sector=&commune=&status=&organization=&updated_since=&sort=&page=&per_page= ;
    with q (and no sort), ranked as the search page."""
    stmt, chosen = list_options(list_needs_query(), Need, SORTS)
    return paginated_search(stmt, "need", needs_json, keep_order=chosen)


@bp.get("/needs/<id:need_id>")
def get_need(need_id):
    need = or_404(queries.need_for_viewer(need_id, None))
    return jsonify(need_json(need))
