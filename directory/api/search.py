"""API: search, matches, and the ``q`` filter of the offering and need lists (contracts.md §3)."""

from flask import abort, jsonify, request, url_for
from flask_babel import gettext as _
from sqlalchemy import Select

from .. import search as engine
from ..extensions import db
from ..matching import queries as stored
from ..needs import queries as need_queries
from ..offerings.queries import visible_offering
from ..permissions import may_see_matches, require
from . import bp
from .common import (
    bad_param,
    choice_arg,
    int_arg,
    organization_ref_json,
    page_args,
    page_response,
    paginated,
)

KINDS = ("offering", "need", "organization")
MAX_LIMIT = 50


def _query_arg() -> str:
    return " ".join((request.args.get("q") or "").split())[:200]


def paginated_search(stmt: Select, kind: str, serialize, keep_order: bool = False):
    """``paginated`` for a list that takes ``?q=``: with q, the search ranking orders the rows
    that pass the list's other filters (unless ``keep_order``: the client chose a sort);
    without, the list keeps its own order."""
    q = _query_arg()
    if not q:
        return paginated(stmt, serialize)
    page, per_page = page_args()
    ids = engine.search_ids(q, kind)
    entity = stmt.column_descriptions[0]["entity"]
    found = list(db.session.scalars(stmt.where(entity.id.in_(ids))))
    if keep_order:
        ordered = found
    else:
        rows = {row.id: row for row in found}
        ordered = [rows[i] for i in ids if i in rows]
    chunk = ordered[(page - 1) * per_page : page * per_page]
    return page_response(serialize(chunk), page, per_page, len(ordered))


@bp.get("/search")
def search():
    """?q=&kind=offering|need|organization&page=&per_page= — the web search's ranking."""
    q = _query_arg()
    kind = choice_arg("kind", KINDS)
    page, per_page = page_args()
    if not q:
        bad_param("q", _("Hãy cho biết từ khóa tìm kiếm (tham số q)."))
    found = engine.search(q, kind=kind, page=page, per_page=per_page, facets=False)
    hits = [(h, False) for h in found.hits] + [(h, True) for h in found.related]
    records = engine.records_for([h for h, _ in hits])
    items = [
        _hit_json(hit, records[(hit.kind, hit.id)], approximate)
        for hit, approximate in hits
        if (hit.kind, hit.id) in records
    ]
    return jsonify(
        items=items,
        page=found.page,
        per_page=per_page,
        total=found.total + found.near_total,
        suggestion=found.suggestion,
    )


def _hit_json(hit, record, approximate: bool) -> dict:
    item = {
        "kind": hit.kind,
        "id": record.id,
        "ref": record.ref,
        "title": record.name if hit.kind == "organization" else record.title,
        "score": hit.score,
        "snippet": hit.snippet.striptags(),
        # HTML, escaped except for <mark> around the matched words
        "highlight": {"title": str(hit.title), "snippet": str(hit.snippet)},
        "approximate": approximate,
    }
    if hit.kind in ("organization", "offering"):
        item["featured"] = hit.featured  # during an officer's feature period
    if hit.kind == "organization":
        item["verified"] = record.is_verified
        item["url"] = url_for("organizations.detail", org_id=record.id, _external=True)
    else:
        item["organization"] = organization_ref_json(record.organization)
        endpoint, arg = ("offerings.detail", "offering_id")
        if hit.kind == "need":
            endpoint, arg = ("needs.detail", "need_id")
        item["url"] = url_for(endpoint, **{arg: record.id}, _external=True)
    return item


def _ref(record) -> dict:
    return {"id": record.id, "ref": record.ref, "title": record.title}


@bp.get("/needs/<id:need_id>/matches")
def need_matches(need_id: int):
    """Offerings that fit a published need, best first, with reasons: the need page's stored
    matches (docs/matching.md), ranked live only when they are not stored yet."""
    need = need_queries.need_for_viewer(need_id, None)
    if need is None:
        abort(404, description=_("Không tìm thấy nhu cầu."))
    require(may_see_matches(None, need))  # the pages' rule: a published need's are public
    found = _matches(need, stored.offerings_for_api, engine.matches_for_need, "offering")
    return jsonify(need=_ref(need), matches=found)


@bp.get("/offerings/<id:offering_id>/matches")
def offering_matches(offering_id: int):
    """Open needs that a published offering fits, best first, with reasons: the offering
    page's stored matches, ranked live only when none are stored yet."""
    offering = visible_offering(offering_id, None)
    if offering is None:
        abort(404, description=_("Không tìm thấy giải pháp."))
    require(may_see_matches(None, offering))
    found = _matches(
        offering,
        stored.needs_for_api,
        engine.needs_for_offering,
        "need",
        keep=lambda need: need.effective_status == "open",
    )
    return jsonify(offering=_ref(offering), matches=found)


def _matches(record, stored_matches, live_matches, kind: str, keep=None) -> list[dict]:
    """The ``?limit=`` best ``kind`` records for ``record``: the stored matches, or when none
    are stored yet the live ranking's (those ``keep`` accepts, if given), as the API lists them.
    """
    limit = int_arg("limit", 10, minimum=1, maximum=MAX_LIMIT)
    found = stored_matches(record, limit)
    if found is None:
        live = live_matches(record, limit=limit)
        records = engine.records_for([_Key(kind, m.id) for m in live])
        found = [
            (m, r)
            for m in live
            if (r := records.get((kind, m.id))) is not None and (keep is None or keep(r))
        ]
    return [
        {
            kind: {**_ref(r), "organization": organization_ref_json(r.organization)},
            "score": m.score,
            "reasons": m.reasons,
        }
        for m, r in found
    ]


class _Key:
    """What records_for needs of a hit: its kind and id."""

    def __init__(self, kind: str, id_: int):
        self.kind, self.id = kind, id_
