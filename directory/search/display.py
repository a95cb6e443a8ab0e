"""What the search page shows beside the ranking: the records themselves and facet labels."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, select
from sqlalchemy.orm import selectinload

from ..codes import RecordKind
from ..extensions import db
from ..needs.labels import PROCUREMENT_LABELS
from ..offerings.labels import TYPE_LABELS
from ..reference.services import all_communes, all_sectors
from . import documents

KIND_LABELS = {kind: RecordKind(kind).label for kind in ("offering", "need", "organization")}
FACET_TITLES = {
    "kind": _l("Loại kết quả"),
    "sector": _l("Lĩnh vực"),
    "type": _l("Loại giải pháp"),
    "commune": _l("Đặt tại xã, phường"),
    "verified": _l("Xác minh"),
    "incubatee": _l("Ươm tạo"),
    "eco_label": _l("Nhãn sinh thái"),
    "procurement": _l("Hình thức mua"),
}
VERIFIED_LABELS = {"1": _l("Đã xác minh"), "0": _l("Chưa xác minh")}
INCUBATEE_LABELS = {"1": _l("Đang ươm tạo"), "0": _l("Không tham gia ươm tạo")}
ECO_LABEL_LABELS = {"1": _l("Có nhãn sinh thái"), "0": _l("Chưa có nhãn sinh thái")}


def sort_choices(has_words: bool, kind: str) -> list[tuple[str, str]]:
    """The orders the search page offers: relevance only when words were typed, the deadline
    only where needs may be listed."""
    choices = [("", str(_l("Phù hợp nhất") if has_words else _l("Theo tên")))]
    choices.append(("newest", str(_l("Mới nhất"))))
    if kind in ("", "need"):
        choices.append(("deadline", str(_l("Hạn chót gần nhất"))))
    return choices


def facet_labels(locale: str) -> dict[str, dict[str, str]]:
    return {
        "kind": dict(KIND_LABELS),
        "sector": {s.code: s.name(locale) for s in all_sectors()},
        "type": dict(TYPE_LABELS),
        "commune": {c.code: c.name for c in all_communes()},
        "verified": dict(VERIFIED_LABELS),
        "incubatee": dict(INCUBATEE_LABELS),
        "eco_label": dict(ECO_LABEL_LABELS),
        "procurement": dict(PROCUREMENT_LABELS),
    }


def records_for(hits) -> dict[tuple[str, int], object]:
    """The public records behind the hits; a record hidden since it was indexed is left out."""
    wanted: dict[str, list[int]] = {}
    for hit in hits:
        wanted.setdefault(hit.kind, []).append(hit.id)
    found: dict[tuple[str, int], object] = {}
    for kind, ids in wanted.items():
        model = documents.MODELS[kind]
        stmt: Select[documents.Record] = select(model)
        stmt = stmt.where(model.id.in_(ids))
        if (listing := documents.LISTINGS.get(kind)) is not None:
            stmt = stmt.options(selectinload(listing.organization))
        for row in db.session.scalars(stmt):
            if row.is_public:
                found[(kind, row.id)] = row
    return found


def describe(kind: str, filters: dict, locale: str) -> list[tuple[str, str]]:
    """A saved search's kind and filters as (title, value) in words, as the search page says."""
    return describe_all([(kind, filters)], locale)[0]


def describe_all(searches, locale: str) -> list[list[tuple[str, str]]]:
    """``describe`` for each (kind, filters) of a list, the sector and commune names read once."""
    labels = facet_labels(locale)
    titles = {**FACET_TITLES, "serves": _l("Phục vụ xã, phường")}
    labels["serves"] = labels["commune"]
    described = []
    for kind, filters in searches:
        chosen = {"kind": kind, **filters} if kind else dict(filters)
        described.append(
            [
                (str(titles.get(name, name)), str(labels.get(name, {}).get(value, value)))
                for name, value in chosen.items()
                if value
            ]
        )
    return described
