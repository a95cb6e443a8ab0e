"""API: reference lists (contracts.md §10) — sectors, communes and wards, industrial zones.

Names come in Vietnamese (``name_vi``, the official one) and English (``name_en``).
"""

from flask import jsonify

from ..reference.services import all_communes, all_sectors, all_zones
from . import bp
from .common import commune_json

# The English for the administrative words that open a Vietnamese place name.
_UNIT_EN = {"phường": "Ward", "xã": "Commune"}
_ZONE_EN = {"KCN": "Industrial Park", "CCN": "Industrial Cluster"}


def _commune_name_en(commune) -> str:
    unit = commune.type.casefold()
    prefix = unit.capitalize() + " "
    base = commune.name[len(prefix) :] if commune.name.startswith(prefix) else commune.name
    return f"{base} {_UNIT_EN.get(unit, '')}".strip()


def _zone_name_en(zone) -> str:
    first, _, rest = zone.name.partition(" ")
    if first in _ZONE_EN and rest:
        return f"{rest} {_ZONE_EN[first]}"
    return zone.name


def _listed(items):
    """A whole reference list: ``{"items": [...], "total": n}``, no pages."""
    items = list(items)
    return jsonify(items=items, total=len(items))


@bp.get("/sectors")
def sectors():
    """The 14 sector codes (data/sectors.csv) with the provincial plan's target."""
    return _listed(
        {
            "code": s.code,
            "name_vi": s.name_vi,
            "name_en": s.name_en,
            "plan_target": s.plan_target,
        }
        for s in all_sectors()
    )


@bp.get("/communes")
def communes():
    """The province's communes and wards with their statistics codes."""
    return _listed(
        {
            "code": c.code,
            "name_vi": c.name,
            "name_en": _commune_name_en(c),
            "type": "ward" if c.type.casefold() == "phường" else "commune",
            "former_area": c.former_area,
        }
        for c in all_communes()
    )


@bp.get("/industrial-zones")
def industrial_zones():
    """Industrial parks (KCN) and clusters (CCN), with the commune they lie in."""
    return _listed(
        {
            "id": z.id,
            "kind": z.kind,
            "name_vi": z.name,
            "name_en": _zone_name_en(z),
            "commune": commune_json(z.commune),
        }
        for z in all_zones()
    )
