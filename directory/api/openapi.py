"""API: the OpenAPI 3.1 description of everything under /api/v1 (contracts.md §3 and §10)."""

from flask import jsonify, url_for

from ..needs.queries import STATUS_FILTERS
from ..offerings.models import TYPES
from ..organizations.models import KINDS
from ..reference.services import all_communes, all_sectors
from ..reports.tables import MAX_YEAR, MIN_YEAR
from . import bp
from .root import EXPORT_KINDS, publication
from .schemas import (
    ID,
    LIMIT,
    PAGE,
    SCHEMAS,
    SEARCH_KINDS,
    TEXT,
    VERIFIED,
    WORDS,
    Q,
    get,
    list_of,
    matches,
    ok,
    param,
    ref,
)

SORT_KEYS = {
    "organizations": ("id", "name", "title", "created_at", "updated_at"),
    "offerings": ("id", "title", "created_at", "updated_at"),
    "needs": ("id", "title", "created_at", "updated_at", "deadline"),
}
UPDATED_SINCE = param(
    "updated_since",
    "Only records updated at or after this moment (ISO 8601; Z, an offset, or UTC if none).",
    {"type": "string", "format": "date-time"},
)
ORGANIZATION = param(
    "organization", "Only this organization's records: its id or import ref.", TEXT
)
STATS_FIELDS = (
    "year",
    "organizations",
    "verified_organizations",
    "offerings",
    "needs_posted",
    "needs_matched",
    "needs_contacted",
    "needs_quoted",
    "needs_contracted",
    "needs_delivered",
    "contracts",
    "contracts_local_supplier_share",
    "median_days_to_first_contact",
)
#: path -> operationId of its GET; the first path segment is the operation's tag.
OPERATION_IDS = {
    "/": "getRoot",
    "/organizations": "listOrganizations",
    "/organizations/{id}": "getOrganization",
    "/offerings": "listOfferings",
    "/offerings/{id}": "getOffering",
    "/offerings/{id}/matches": "listOfferingMatches",
    "/needs": "listNeeds",
    "/needs/{id}": "getNeed",
    "/needs/{id}/matches": "listNeedMatches",
    "/search": "search",
    "/changes": "listChanges",
    "/export/{kind}.{format}": "exportRecords",
    "/sectors": "listSectors",
    "/communes": "listCommunes",
    "/industrial-zones": "listIndustrialZones",
    "/stats": "getStats",
    "/openapi.json": "getOpenApi",
}


def _sort(kind):
    keys = SORT_KEYS[kind]
    return param(
        "sort",
        "Order: a key, or -key for descending; ties by id.",
        {"enum": [*keys, *(f"-{k}" for k in keys)]},
    )


def _list(kind, summary, filters, item):
    """A list resource: its own filters, then those every list takes (updated_since, sort,
    page and per_page)."""
    return get(summary, [*filters, UPDATED_SINCE, _sort(kind), *PAGE], list_of(item))


def _commune(description):
    """Codes and exact names are the values the server knows (matched case-insensitively)."""
    values = sorted({v for c in all_communes() for v in (c.code, c.name)})
    return param("commune", description, {"enum": values})


def _paths() -> dict:
    sector = param("sector", "A sector code.", {"enum": [s.code for s in all_sectors()]})
    commune = _commune("A commune's statistics code or exact name.")
    reference = {"type": "object", "properties": {"items": {"type": "array"}}}
    return {
        "/": get("Links to every resource, the licence, publisher and contact", [], ROOT, ()),
        "/organizations": _list(
            "organizations",
            "Visible organizations, by id",
            [sector, commune, param("kind", "Organization kind.", {"enum": list(KINDS)}), VERIFIED],
            "Organization",
        ),
        "/organizations/{id}": get("One organization", [ID], ref("Organization"), (404,)),
        "/offerings": _list(
            "offerings",
            "Published offerings; with q (and no sort), best match first",
            [
                Q,
                sector,
                param("type", "Offering type.", {"enum": list(TYPES)}),
                _commune("Offerings that serve this commune (code or name)."),
                VERIFIED,
                ORGANIZATION,
            ],
            "Offering",
        ),
        "/offerings/{id}": get("One offering", [ID], ref("Offering"), (404,)),
        "/offerings/{id}/matches": get(
            "Open needs that the offering fits, best first, with reasons",
            [ID, LIMIT],
            matches("offering", "need"),
            (400, 404),
        ),
        "/needs": _list(
            "needs",
            "Published needs; with q (and no sort), best match first",
            [
                Q,
                sector,
                commune,
                param("status", "Effective status.", {"enum": list(STATUS_FILTERS)}),
                ORGANIZATION,
            ],
            "Need",
        ),
        "/needs/{id}": get("One need", [ID], ref("Need"), (404,)),
        "/needs/{id}/matches": get(
            "Offerings that fit the need, best first, with reasons",
            [ID, LIMIT],
            matches("need", "offering"),
            (400, 404),
        ),
        "/search": get(
            "One search over offerings, needs and organizations (the web search's ranking)",
            [
                {**Q, "required": True, "schema": WORDS},
                param("kind", "Only this kind.", {"enum": SEARCH_KINDS}),
                *PAGE,
            ],
            ref("SearchResults"),
        ),
        "/changes": get(
            "Upserts and deletions (hidden, unpublished, removed, back to draft) at or after "
            "since, oldest first: replay them to mirror the public data",
            [
                param(
                    "since",
                    "ISO 8601 moment; without it, every change from the start.",
                    {"type": "string", "format": "date-time"},
                ),
                *PAGE,
            ],
            list_of("Change"),
        ),
        "/export/{kind}.{format}": EXPORT,
        "/sectors": get("Sector codes with Vietnamese and English names", [], reference, ()),
        "/communes": get("Communes and wards with their codes", [], reference, ()),
        "/industrial-zones": get("Industrial parks and clusters", [], reference, ()),
        "/stats": get(
            "The year's aggregates: organizations, offerings and the needs' deal funnel "
            "(a need counts at a stage once any of its conversations reached it or beyond; "
            "declined counts as contacted only). Counts only, no names.",
            [
                param(
                    "year",
                    "Calendar year, Vietnam time; default this year.",
                    {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR},
                )
            ],
            {
                "type": "object",
                "properties": {n: {"type": ["integer", "number", "null"]} for n in STATS_FIELDS},
            },
            (400,),
        ),
        "/openapi.json": get("This description", [], {"type": "object"}, ()),
    }


ROOT = {
    "type": "object",
    "required": ["license", "publisher", "contact", "links"],
    "properties": {
        "license": {"type": "object"},
        "publisher": {"type": "string"},
        "contact": {"type": "object"},
        "links": {"type": "object"},
    },
}
EXPORT = {
    "get": {
        "summary": "Every public record of a kind, streamed: NDJSON (one object a line, the "
        "API's fields) or CSV (nested fields as a.b columns, lists joined by ;)",
        "parameters": [
            param("kind", "What to export.", {"enum": list(EXPORT_KINDS)}, where="path"),
            param("format", "ndjson or csv.", {"enum": ["ndjson", "csv"]}, where="path"),
        ],
        "responses": {
            "200": {
                "description": "The records; the licence in a Link rel=license header",
                "content": {
                    "application/x-ndjson": {"schema": {"type": "string"}},
                    "text/csv": {"schema": {"type": "string"}},
                },
            },
            "404": ok(ref("Error"), "No such kind or format"),
        },
    }
}


def spec() -> dict:
    paths = _paths()
    for path, item in paths.items():
        operation = item["get"]
        operation["operationId"] = OPERATION_IDS[path]
        operation["tags"] = [path.strip("/").split("/")[0].split(".")[0] or "root"]
        operation["responses"].setdefault("429", ok(ref("Error"), "Too many requests"))
    about = publication()
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Đồng Tháp environmental-industry directory API",
            "version": "1",
            "description": "Read-only and public: published records only. JSON in UTF-8; "
            f"errors are JSON too. Lists are paginated. Publisher: {about['publisher']}.",
            "license": about["license"],
            "contact": about["contact"],
        },
        "servers": [{"url": url_for("api.openapi", _external=True).rsplit("/", 1)[0]}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())
