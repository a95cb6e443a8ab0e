"""The search page: one box over organizations, offerings and needs, with facets."""

from flask import Blueprint, render_template, request
from flask_babel import gettext as _

from .. import search as engine
from ..i18n import current_language
from ..reference.services import all_communes, all_sectors
from ..routing import page_arg
from . import display
from .query import FILTERS, SORTS

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    q = request.args.get("q", "", type=str)[:200]
    kind = request.args.get("kind", "", type=str)
    filters = {name: request.args.get(name, "", type=str)[:40] for name in FILTERS[1:]}
    sort = request.args.get("sort", "", type=str)
    sort = sort if sort in SORTS else ""
    found = engine.search(q, kind=kind or None, filters=filters, page=page_arg(), sort=sort)
    records = display.records_for(found.hits + found.related)
    return render_template(
        "search/results.html",
        found=found,
        hits=[(h, records[(h.kind, h.id)]) for h in found.hits if (h.kind, h.id) in records],
        related=[(h, records[(h.kind, h.id)]) for h in found.related if (h.kind, h.id) in records],
        kind=kind,
        filters={k: v for k, v in filters.items() if v},
        labels=display.facet_labels(current_language()),
        facet_titles=display.FACET_TITLES,
        kind_labels=display.KIND_LABELS,
        sectors=all_sectors(),
        communes=all_communes(),
        sort=sort,
        sorts=display.sort_choices(bool(found.query.strip()), kind),
    )


def unavailable(error):
    """A missing or damaged index: say so (503) instead of showing no results or a 500."""
    from ..errors import render_error

    return render_error(503, _("Tìm kiếm tạm thời gián đoạn. Vui lòng thử lại sau ít phút."))
