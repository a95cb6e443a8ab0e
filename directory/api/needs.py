"""API: needs (contracts.md §3) — published needs of visible organizations only."""

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _

from ..needs import queries
from ..reference.services import all_sectors, find_commune
from . import bp
from .common import choice_arg, commune_json, organization_ref_json, zone_json
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
        "url": url_for("needs.detail", need_id=need.id, _external=True),
    }


def _commune_arg() -> str | None:
    """``?commune=`` by statistics code or name; an unknown one is a 400, not an empty list."""
    raw = request.args.get("commune")
    if raw is None or not raw.strip():
        return None
    commune = find_commune(raw[:200])
    if commune is None:
        abort(400, description=_("Không có xã/phường này trong tỉnh."))
    return commune.code


def list_needs_query():
    """The filtered query behind GET /needs; other filters (e.g. ``q``) can narrow it further."""
    return queries.public_needs(
        status=choice_arg("status", queries.STATUS_FILTERS),
        sector=choice_arg("sector", [s.code for s in all_sectors()]),
        commune=_commune_arg(),
    )


@bp.get("/needs")
def list_needs():
    """?q=&sector=&commune=&status=&page=&per_page= ; with q, ranked as the search page."""
    return paginated_search(list_needs_query(), "need", lambda rows: [need_json(n) for n in rows])


@bp.get("/needs/<id:need_id>")
def get_need(need_id):
    need = queries.need_for_viewer(need_id, None)
    if need is None:
        abort(404)
    return jsonify(need_json(need))
