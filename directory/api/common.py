"""What every API resource shares: pagination envelope, argument parsing, serializers.

Lists answer ``{"items": [...], "page": n, "per_page": n, "total": n}`` (contracts.md §3);
bad arguments answer 400 with the JSON error body, never 500.
"""

from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from typing import NoReturn

from flask import jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select, select
from werkzeug.exceptions import BadRequest

from ..curation.services import is_featured
from ..extensions import db
from ..incubators.models import INCUBATING, Participation
from ..incubators.services import is_incubatee
from ..offerings.models import Offering, offering_sectors
from ..offerings.queries import public_offering_clause
from ..organizations.models import Organization
from ..reference.services import all_sectors, find_commune
from ..routing import MAX_PAGE

DEFAULT_PER_PAGE = 20
MAX_PER_PAGE = 100

_TRUE = {"1", "true", "yes", "có", "co"}
_FALSE = {"0", "false", "no", "không", "khong"}


class BadParameter(BadRequest):
    """A query parameter the API cannot use: 400 with ``type`` and ``parameter`` in the body."""

    error_type = "invalid_parameter"

    def __init__(self, parameter: str, description: str):
        super().__init__(description=description)
        self.parameter = parameter


def bad_param(name: str, message: str) -> NoReturn:
    raise BadParameter(name, message)


def iso(moment: datetime | None) -> str | None:
    """A stored (naive UTC) timestamp as ISO 8601 with ``Z``, to the second."""
    if moment is None:
        return None
    return moment.replace(microsecond=0).isoformat() + "Z"


def datetime_arg(name: str) -> datetime | None:
    """An ISO 8601 moment (``Z``, an offset, or none meaning UTC; a bare date is midnight UTC)
    as naive UTC; None when absent; 400 naming the parameter otherwise."""
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return None
    text = raw[:-1] + "+00:00" if raw[-1:] in ("Z", "z") else raw
    try:
        if len(text) > 40:
            raise ValueError(text)
        moment = datetime.fromisoformat(text)
        if moment.tzinfo is not None:
            moment = moment.astimezone(UTC).replace(tzinfo=None)
    except (ValueError, OverflowError):
        bad_param(
            name,
            _(
                "Tham số %(name)s phải là thời điểm ISO 8601, ví dụ 2026-12-01T00:00:00Z.",
                name=name,
            ),
        )
    return moment


def list_options(stmt: Select, entity, sorts: dict) -> tuple[Select, bool]:
    """``?updated_since=`` and ``?sort=`` (a key of ``sorts``, ``-`` for descending; ties by
    id) on a list query; also says whether the client chose the order."""
    since = datetime_arg("updated_since")
    if since is not None:
        stmt = stmt.where(entity.updated_at >= since)
    raw = (request.args.get("sort") or "").strip()
    if not raw:
        return stmt, False
    name = raw[1:] if raw.startswith("-") else raw
    if name not in sorts:
        bad_param("sort", _("Giá trị không hợp lệ cho tham số %(name)s.", name="sort"))
    column = sorts[name]
    if raw.startswith("-"):
        return stmt.order_by(None).order_by(column.desc(), entity.id.desc()), True
    return stmt.order_by(None).order_by(column.asc(), entity.id.asc()), True


def int_arg(name: str, default: int, minimum: int = 1, maximum: int | None = None) -> int:
    """A whole-number query argument; anything else stops the request with a 400 JSON error."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return default
    raw = raw.strip()
    if not raw.isascii() or not raw.isdigit():
        bad_param(name, _("Tham số %(name)s phải là số nguyên dương.", name=name))
    value = int(raw) if len(raw) <= 18 else 10**18  # no need to parse a thousand digits
    if value < minimum or (maximum is not None and value > maximum):
        if maximum is None:
            bad_param(name, _("Tham số %(name)s phải từ %(min)d trở lên.", name=name, min=minimum))
        bad_param(
            name,
            _(
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
    bad_param(name, _("Tham số %(name)s phải là true hoặc false.", name=name))


def choice_arg(name: str, allowed: Iterable[str]) -> str | None:
    """One of ``allowed``; None when absent; 400 naming the parameter otherwise."""
    raw = request.args.get(name)
    if raw is None or raw.strip() == "":
        return None
    value = raw.strip()
    if value not in set(allowed):
        bad_param(name, _("Giá trị không hợp lệ cho tham số %(name)s.", name=name))
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
    return page_response(serialize(result.items), page, per_page, result.total or 0)


def page_response(items: list[dict], page: int, per_page: int, total: int):
    """The list envelope, with a ``Link`` header naming first, last, prev and next pages."""
    response = jsonify(items=items, page=page, per_page=per_page, total=total)
    response.headers["Link"] = page_links(page, per_page, total)
    return response


def page_links(page: int, per_page: int, total: int) -> str:
    last = min(max(1, -(-total // per_page)), MAX_PAGE)
    args: dict = request.args.to_dict(flat=False)
    args.pop("page", None)
    view_args = request.view_args or {}

    def link(number: int, rel: str) -> str:
        url = url_for(request.endpoint or "", **view_args, **args, page=number, _external=True)
        return f'<{url}>; rel="{rel}"'

    links = [link(1, "first")]
    if 1 < page <= last + 1:
        links.append(link(page - 1, "prev"))
    if page < last:
        links.append(link(page + 1, "next"))
    links.append(link(last, "last"))
    return ", ".join(links)


def sector_arg() -> str | None:
    """``?sector=``: one of the sector codes; an unknown one is a 400."""
    return choice_arg("sector", [s.code for s in all_sectors()])


def commune_arg() -> str | None:
    """``?commune=`` by statistics code or exact name; an unknown one is a 400."""
    raw = request.args.get("commune")
    if raw is None or not raw.strip():
        return None
    commune = find_commune(raw[:200])
    if commune is None:
        bad_param("commune", _("Không có xã/phường này trong tỉnh."))
    return commune.code


def organization_arg() -> int | None:
    """``?organization=`` by id or import ref: the records of one organization. An unknown
    one answers an empty list (as any filter that matches nothing), not an error."""
    raw = (request.args.get("organization") or "").strip()
    if not raw:
        return None
    if raw.isascii() and raw.isdigit() and len(raw) <= 18:
        return int(raw)
    found = db.session.scalar(select(Organization.id).where(Organization.ref == raw[:64]))
    return found if found is not None else 0


def of_organization(stmt: Select, entity) -> Select:
    """``stmt`` narrowed to the records of the ``?organization=`` named, if one is."""
    organization = organization_arg()
    if organization is None:
        return stmt
    return stmt.where(entity.organization_id == organization)


def record_sorts(entity, title=None, **more) -> dict:
    """The ``?sort=`` keys of a record list: id, title, created_at, updated_at, then ``more``.
    ``title``: the column the list calls its title (``entity.title`` unless named)."""
    return {
        "id": entity.id,
        "title": entity.title if title is None else title,
        "created_at": entity.created_at,
        "updated_at": entity.updated_at,
        **more,
    }


def stamps_json(record, endpoint: str, **view_args) -> dict:
    """What every record shows last: its creation and update moments and its page's URL."""
    return {
        "created_at": iso(record.created_at),
        "updated_at": iso(record.updated_at),
        "url": url_for(endpoint, **view_args, _external=True),
    }


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


def sectors_among(organization_ids) -> dict[int, list[str]]:
    """The sector codes each organization works in (those of its public offerings)."""
    found: dict[int, set[str]] = {}
    if organization_ids:
        rows = db.session.execute(
            select(Offering.organization_id, offering_sectors.c.sector_code)
            .join(offering_sectors, offering_sectors.c.offering_id == Offering.id)
            .where(Offering.organization_id.in_(organization_ids), public_offering_clause())
            .distinct()
        )
        for org_id, code in rows:
            found.setdefault(org_id, set()).add(code)
    return {org_id: sorted(codes) for org_id, codes in found.items()}


def organizations_json(orgs: list) -> list[dict]:
    """A page of organizations, their incubation badges and sectors read together."""
    ids = [org.id for org in orgs]
    incubating = incubatees_among(ids)
    sectors = sectors_among(ids)
    return [
        organization_json(org, incubatee=org.id in incubating, sectors=sectors.get(org.id, []))
        for org in orgs
    ]


def organization_json(org, incubatee: bool | None = None, sectors: list[str] | None = None) -> dict:
    """An organization as the API shows it; keys are part of the contract: keep them stable.

    ``incubatee`` and ``sectors`` when the caller already knows them (a list page); else they
    are looked up.
    """
    if sectors is None:
        sectors = sectors_among([org.id]).get(org.id, [])
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
        "sectors": sectors,
        **stamps_json(org, "organizations.detail", org_id=org.id),
    }


def organization_ref_json(org) -> dict:
    """The short form other objects embed: {"id", "ref", "name"}."""
    return {"id": org.id, "ref": org.ref, "name": org.name}
