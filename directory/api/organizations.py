"""API: organizations (contracts.md §3). Public, read-only, visible organizations only."""

from flask import abort, jsonify
from flask_babel import gettext as _

from ..organizations.labels import KIND_LABELS
from ..organizations.models import Organization
from ..organizations.queries import organizations_query, visible_organization
from . import bp
from .common import (
    bool_arg,
    choice_arg,
    commune_arg,
    list_options,
    organization_json,
    organizations_json,
    paginated,
    record_sorts,
    sector_arg,
)

# "title" is the name, so that every list takes the same keys.
SORTS = record_sorts(Organization, title=Organization.name, name=Organization.name)


@bp.get("/organizations")
def organizations():
    """?sector=&commune=&kind=&verified=&updated_since=&sort=&page=&per_page= ; by id."""
    sector = sector_arg()
    kind = choice_arg("kind", KIND_LABELS)
    verified = bool_arg("verified")
    stmt = organizations_query(sector=sector, commune=commune_arg(), kind=kind, verified=verified)
    stmt, _chosen = list_options(stmt.order_by(Organization.id), Organization, SORTS)
    return paginated(stmt, organizations_json)


@bp.get("/organizations/<id:org_id>")
def organization(org_id: int):
    org = visible_organization(org_id, None)
    if org is None:
        abort(404, description=_("Không tìm thấy tổ chức."))
    return jsonify(organization_json(org))
