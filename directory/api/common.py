"""What every API resource shares: pagination envelope, argument parsing, serializers.

Lists answer ``{"items": [...], "page": n, "per_page": n, "total": n}`` (contracts.md §3);
bad arguments answer 400 with the JSON error body, never 500.
"""

from collections.abc import Callable, Iterable

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ..curation.services import is_featured
from ..extensions import db
from ..incubators.models import INCUBATING, Participation
from ..incubators.services import is_incubatee
from ..routing import MAX_PAGE

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

_TRUE = {"1", "true", "yes", "có", "co"}
_FALSE = {"0", "false", "no", "không", "khong"}


def int_arg(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole-number query argument; anything else stops the request with a 400 JSON error."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit():
        abort(400, description=_("Tham số %(name)s phải là số nguyên dương.", name=name))
    value = int(raw) if len(raw) <= 18 else 10**18  # no need to parse a thousand digits
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            abort(
                400,
                description=_("Tham số %(name)s phải từ %(min)d trở lên.", name=name, min=minimum),
            )
        abort(
            400,
            description=_(
                "Tham số %(name)s phải từ %(min)d đến %(max)d.",
                name=name,
                min=minimum,
                max=maximum,
            ),
        )
    return value


def bool_arg(name: str) -> bool | None:
    """true/false/1/0 (also có/không); None when absent; 400 for anything else."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip().casefold()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    abort(400, description=_("Tham số %(name)s phải là true hoặc false.", name=name))


def choice_arg(name: str, allowed: Iterable[str]) -> str | None:
    """One of ``allowed``; None when absent; 400 naming the parameter otherwise."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if value not in set(allowed):
        abort(400, description=_("Giá trị không hợp lệ cho tham số %(name)s.", name=name))
    return value


def page_args() -> tuple[int, int]:
    """(page, per_page) from ``?page=&per_page=``, validated (per_page at most 100)."""
    page = int_arg("page", 1, minimum=1, maximum=MAX_PAGE)
    per_page = int_arg("per_page", DEFAULT_PER_PAGE, minimum=1, maximum=MAX_PER_PAGE)
    return page, per_page


def paginated(stmt: Select, serialize: Callable[[list], list[dict]]):
    """Run ``stmt`` (a select of one entity) for the requested page; answer the JSON envelope.

    ``serialize`` turns the page's rows into its items all at once, so that what the rows need
    beyond their eager-loaded relationships is read in one query per page, not one per row.
    A page beyond the last one answers an empty ``items`` list with the true ``total``.
    """
    page, per_page = page_args()
    result = db.paginate(
        stmt, page=page, per_page=per_page, max_per_page=MAX_PER_PAGE, error_out=False, count=True
    )
    return jsonify(
        items=serialize(result.items),
        page=page,
        per_page=per_page,
        total=result.total,
    )


def commune_json(commune) -> dict | None:
    if commune is None:
        return None
    return {"code": commune.code, "name": commune.name}


def zone_json(zone) -> dict | None:
    if zone is None:
        return None
    return {"id": zone.id, "name": zone.name, "kind": zone.kind}


def incubatees_among(organization_ids) -> set[int]:
    """Which of these organizations carry the incubation badge, in one query."""
    if not organization_ids:
        return set()
    return set(
        db.session.scalars(
            select(Participation.organization_id).where(
                Participation.organization_id.in_(organization_ids),
                Participation.status.in_(INCUBATING),
            )
        )
    )


def organizations_json(orgs: list) -> list[dict]:
    """A page of organizations, their incubation badges read together."""
    incubating = incubatees_among([org.id for org in orgs])
    return [organization_json(org, incubatee=org.id in incubating) for org in orgs]


def organization_json(org, incubatee: bool | None = None) -> dict:
    """An organization as the API shows it; keys are part of the contract: keep them stable.

    ``incubatee`` when the caller already knows it (a list page); else it is looked up.
    """
    return {
        "id": org.id,
        "ref": org.ref,
        "name": org.name,
        "kind": org.kind,
        "enterprise_code": org.enterprise_code,
        "size": org.size,
        "commune": commune_json(org.commune),
        "industrial_zone": zone_json(org.industrial_zone),
        "address": org.address,
        "phone": org.phone,
        "email": org.email,
        "website": org.website,
        "description": org.description,
        "verified": org.is_verified,
        "incubatee": is_incubatee(org) if incubatee is None else incubatee,
        "featured": is_featured(org),
        "url": url_for("organizations.detail", org_id=org.id, _external=True),
    }


def organization_ref_json(org) -> dict:
    """The short form other objects embed: {"id", "ref", "name"}."""
    return {"id": org.id, "ref": org.ref, "name": org.name}
