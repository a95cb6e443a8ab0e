"""API: the OpenAPI 3.1 description of everything under /api/v1 (contracts.md §3)."""

from flask import jsonify, url_for

from ..needs.models import PROCUREMENT_MODES
from ..needs.queries import STATUS_FILTERS
from ..offerings.models import TYPES
from ..organizations.models import KINDS
from . import bp

SEARCH_KINDS = ["offering", "need", "organization"]


def _param(name, description, schema=None, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


PAGE = [
    _param("page", "Page number, from 1.", {"type": "integer", "minimum": 1, "default": 1}),
    _param(
        "per_page",
        "Items per page.",
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    ),
]
ID = _param("id", "The record's id.", {"type": "integer"}, where="path")
SECTOR = _param("sector", "A sector code (data/sectors.csv), e.g. wastewater.")
COMMUNE = _param("commune", "A commune's statistics code or exact name.")
VERIFIED = _param("verified", "true or false.", {"type": "boolean"})
Q = _param("q", "Words to look for, with or without Vietnamese accents; ranked like /search.")
LIMIT = _param("limit", "How many matches.", {"type": "integer", "minimum": 1, "maximum": 50})


def _ok(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes):
    text = {400: "Invalid argument", 404: "Not found or not published"}
    return {str(c): _ok(_ref("Error"), text[c]) for c in codes}


def _list(item):
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": _ref(item)},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


def _get(summary, params, schema, errors=(400,)):
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {"200": _ok(schema), **_errors(*errors)},
        }
    }


def _nullable(kind, **extra):
    return {"type": [kind, "null"], **extra}


REF_PROPS = {"id": {"type": "integer"}, "ref": _nullable("string")}
SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "message"],
                "properties": {"code": {"type": "integer"}, "message": {"type": "string"}},
            }
        },
    },
    "Commune": {
        "type": ["object", "null"],
        "properties": {"code": {"type": "string"}, "name": {"type": "string"}},
    },
    "IndustrialZone": {
        "type": ["object", "null"],
        "properties": {
            "id": {"type": "integer"},
            "name": {"type": "string"},
            "kind": {"enum": ["park", "cluster"]},
        },
    },
    "OrganizationRef": {
        "type": "object",
        "required": ["id", "ref", "name"],
        "properties": {**REF_PROPS, "name": {"type": "string"}},
    },
    "Organization": {
        "type": "object",
        "properties": {
            **REF_PROPS,
            "name": {"type": "string"},
            "kind": {"enum": list(KINDS)},
            "enterprise_code": _nullable("string"),
            "size": _nullable("string"),
            "commune": _ref("Commune"),
            "industrial_zone": _ref("IndustrialZone"),
            "address": _nullable("string"),
            "phone": _nullable("string"),
            "email": _nullable("string"),
            "website": _nullable("string"),
            "description": {"type": "string"},
            "verified": {"type": "boolean"},
            "incubatee": {"type": "boolean"},
            "featured": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Offering": {
        "type": "object",
        "properties": {
            **REF_PROPS,
            "type": {"enum": list(TYPES)},
            "title": {"type": "string"},
            "description": {"type": "string"},
            "organization": _ref("OrganizationRef"),
            "sectors": {"type": "array", "items": {"type": "string"}},
            "service_area": {
                "type": "array",
                "items": _ref("Commune"),
                "description": "Empty: the whole province.",
            },
            "capacity": _nullable("string"),
            "standards": {"type": "array", "items": {"type": "string"}},
            "eco_label": _nullable("string"),
            "labels": {
                "type": "array",
                "description": "Eco-labels an officer verified, valid today.",
                "items": {
                    "type": "object",
                    "properties": {
                        "scheme": {"enum": ["green_label", "other"]},
                        "name": {"type": "string"},
                        "number": {"type": "string"},
                        "scope": _nullable("string"),
                        "valid_until": {"type": "string", "format": "date"},
                    },
                },
            },
            "installations": {
                "type": "array",
                "description": "Reference installations; the client only with their consent.",
                "items": {
                    "type": "object",
                    "properties": {
                        "place": {"type": "string"},
                        "commune": _nullable("string"),
                        "year": _nullable("integer"),
                        "capacity": _nullable("string"),
                        "application": _nullable("string"),
                        "client": _nullable("string"),
                    },
                },
            },
            "featured": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Need": {
        "type": "object",
        "properties": {
            **REF_PROPS,
            "title": {"type": "string"},
            "description": {"type": "string"},
            "organization": _ref("OrganizationRef"),
            "sectors": {"type": "array", "items": {"type": "string"}},
            "commune": _ref("Commune"),
            "industrial_zone": _ref("IndustrialZone"),
            "quantity": _nullable("string"),
            "budget_vnd": _nullable("integer"),
            "deadline": _nullable("string", format="date"),
            "procurement": {"enum": [*PROCUREMENT_MODES, None]},
            "status": {"enum": ["open", "closed", "expired"]},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "SearchItem": {
        "type": "object",
        "required": ["kind", "id", "ref", "title", "score", "snippet", "url"],
        "properties": {
            "kind": {"enum": SEARCH_KINDS},
            **REF_PROPS,
            "title": {"type": "string"},
            "score": {"type": "number"},
            "snippet": {"type": "string", "description": "Plain text around the matches."},
            "highlight": {
                "type": "object",
                "description": "title and snippet as HTML: escaped, matches in <mark>.",
                "properties": {"title": {"type": "string"}, "snippet": {"type": "string"}},
            },
            "approximate": {
                "type": "boolean",
                "description": "true: has only some of the words (listed after full matches).",
            },
            "organization": _ref("OrganizationRef"),
            "verified": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "SearchResults": {
        **_list("SearchItem"),
        "properties": {
            **_list("SearchItem")["properties"],
            "suggestion": {**_nullable("string"), "description": "Did you mean…"},
        },
    },
    "Match": {
        "type": "object",
        "required": ["score", "reasons"],
        "properties": {
            "score": {"type": "number"},
            "reasons": {"type": "array", "items": {"type": "string"}},
        },
    },
}
TITLED = {
    "type": "object",
    "required": ["id", "ref", "title"],
    "properties": {**REF_PROPS, "title": {"type": "string"}},
}
WITH_ORG = {
    "type": "object",
    "required": ["id", "ref", "title", "organization"],
    "properties": {**TITLED["properties"], "organization": _ref("OrganizationRef")},
}


def _matches(source, target):
    return {
        "type": "object",
        "required": [source, "matches"],
        "properties": {
            source: TITLED,
            "matches": {
                "type": "array",
                "items": {
                    "allOf": [
                        _ref("Match"),
                        {"type": "object", "required": [target], "properties": {target: WITH_ORG}},
                    ]
                },
            },
        },
    }


def spec() -> dict:
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Đồng Tháp environmental-industry directory API",
            "version": "1",
            "description": "Read-only and public: published records only. JSON in UTF-8; "
            "errors are JSON too. Lists are paginated.",
        },
        "servers": [{"url": url_for("api.openapi", _external=True).rsplit("/", 1)[0]}],
        "paths": {
            "/organizations": _get(
                "Visible organizations, by id",
                [
                    SECTOR,
                    COMMUNE,
                    _param("kind", "Organization kind.", {"enum": list(KINDS)}),
                    VERIFIED,
                    *PAGE,
                ],
                _list("Organization"),
            ),
            "/organizations/{id}": _get("One organization", [ID], _ref("Organization"), (404,)),
            "/offerings": _get(
                "Published offerings; with q, best match first",
                [
                    Q,
                    SECTOR,
                    _param("type", "Offering type.", {"enum": list(TYPES)}),
                    _param("commune", "Offerings that serve this commune (code or name)."),
                    VERIFIED,
                    *PAGE,
                ],
                _list("Offering"),
            ),
            "/offerings/{id}": _get("One offering", [ID], _ref("Offering"), (404,)),
            "/offerings/{id}/matches": _get(
                "Open needs that the offering fits, best first, with reasons",
                [ID, LIMIT],
                _matches("offering", "need"),
                (400, 404),
            ),
            "/needs": _get(
                "Published needs; with q, best match first",
                [
                    Q,
                    SECTOR,
                    COMMUNE,
                    _param("status", "Effective status.", {"enum": list(STATUS_FILTERS)}),
                    *PAGE,
                ],
                _list("Need"),
            ),
            "/needs/{id}": _get("One need", [ID], _ref("Need"), (404,)),
            "/needs/{id}/matches": _get(
                "Offerings that fit the need, best first, with reasons",
                [ID, LIMIT],
                _matches("need", "offering"),
                (400, 404),
            ),
            "/search": _get(
                "One search over offerings, needs and organizations (the web search's ranking)",
                [
                    {**Q, "required": True},
                    _param("kind", "Only this kind.", {"enum": SEARCH_KINDS}),
                    *PAGE,
                ],
                _ref("SearchResults"),
            ),
            "/stats": _get(
                "The year's aggregates: organizations, offerings and the needs' deal funnel "
                "(a need counts at a stage once any of its conversations reached it or beyond; "
                "declined counts as contacted only). Counts only, no names.",
                [_param("year", "Calendar year, Vietnam time; default this year.")],
                {
                    "type": "object",
                    "properties": {
                        name: {"type": ["integer", "number", "null"]}
                        for name in (
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
                    },
                },
                (400,),
            ),
            "/openapi.json": {
                "get": {
                    "summary": "This description",
                    "responses": {"200": _ok({"type": "object"})},
                }
            },
        },
        "components": {"schemas": SCHEMAS},
    }


@bp.get("/openapi.json")
def openapi():
    return jsonify(spec())
