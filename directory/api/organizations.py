"""API: organizations (contracts.md §3). Public, read-only, visible organizations only."""

from flask import abort, jsonify, request
from flask_babel import gettext as _

from ..organizations.labels import KIND_LABELS
from ..organizations.models import Organization
from ..organizations.queries import organizations_query, visible_organization
from ..reference.services import all_sectors, find_commune
from . import bp
from .common import bool_arg, choice_arg, organization_json, organizations_json, paginated


@bp.get("/organizations")
def organizations():
    """?sector=&commune=&kind=&verified=&page=&per_page= ; ordered by id."""
    sector = choice_arg("sector", [s.code for s in all_sectors()])
    kind = choice_arg("kind", KIND_LABELS)
    verified = bool_arg("verified")
    commune = None
    if (request.args.get("commune") or "").strip():
        found = find_commune(request.args["commune"])
        if found is None:
            abort(400, description=_("Giá trị không hợp lệ cho tham số %(name)s.", name="commune"))
        commune = found.code
    stmt = organizations_query(sector=sector, commune=commune, kind=kind, verified=verified)
    return paginated(stmt.order_by(Organization.id), organizations_json)


@bp.get("/organizations/<id:org_id>")
def organization(org_id: int):
    org = visible_organization(org_id, None)
    if org is None:
        abort(404, description=_("Không tìm thấy tổ chức."))
    return jsonify(organization_json(org))
