"""The parts openapi.json is built from: parameters, responses and the records' schemas."""

from typing import Any

from ..needs.models import PROCUREMENT_MODES
from ..offerings.models import TYPES
from ..organizations.models import KINDS
from ..reference.models import ZoneKind
from ..routing import MAX_PAGE

SEARCH_KINDS = ["offering", "need", "organization"]


# The server refuses control characters anywhere in a request (security.py): say so.
CONTROL = "\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f"
TEXT = {"type": "string", "pattern": f"^[^{CONTROL}]*$"}
#: At least one character that is not a space (the search's ``q``).
WORDS = {"type": "string", "pattern": f"^[^{CONTROL}]*[^\\s{CONTROL}][^{CONTROL}]*$"}


def param(name, description, schema=None, where="query", required=False):
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema or TEXT,
    }


def ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


PAGE = [
    param(
        "page",
        "Page number, from 1.",
        {"type": "integer", "minimum": 1, "maximum": MAX_PAGE, "default": 1},
    ),
    param(
        "per_page",
        "Items per page.",
        {"type": "integer", "minimum": 1, "maximum": 100, "default": 20},
    ),
]
ID = param("id", "The record's id.", {"type": "integer"}, where="path")
SECTOR = param("sector", "A sector code (data/sectors.csv), e.g. wastewater.")
COMMUNE = param("commune", "A commune's statistics code or exact name.")
VERIFIED = param("verified", "true or false.", {"type": "boolean"})
Q = param("q", "Words to look for, with or without Vietnamese accents; ranked like /search.")
LIMIT = param("limit", "How many matches.", {"type": "integer", "minimum": 1, "maximum": 50})


def ok(schema, description="OK"):
    return {"description": description, "content": {"application/json": {"schema": schema}}}


def _errors(*codes):
    text = {400: "Invalid argument", 404: "Not found or not published", 429: "Too many requests"}
    return {str(c): ok(ref("Error"), text[c]) for c in codes}


def list_of(item):
    return {
        "type": "object",
        "required": ["items", "page", "per_page", "total"],
        "properties": {
            "items": {"type": "array", "items": ref(item)},
            "page": {"type": "integer"},
            "per_page": {"type": "integer"},
            "total": {"type": "integer"},
        },
    }


def get(summary, params, schema, errors=(400,)):
    return {
        "get": {
            "summary": summary,
            "parameters": params,
            "responses": {"200": ok(schema), **_errors(*errors)},
        }
    }


def nullable(kind, **extra):
    return {"type": [kind, "null"], **extra}


REF_PROPS = {"id": {"type": "integer"}, "ref": nullable("string")}
MOMENT = {"type": "string", "format": "date-time", "description": "UTC, ISO 8601 with Z."}
STAMPS = {"created_at": MOMENT, "updated_at": MOMENT}
NAMES = {"name_vi": {"type": "string"}, "name_en": {"type": "string"}}
SCHEMAS = {
    "Error": {
        "type": "object",
        "required": ["error"],
        "properties": {
            "error": {
                "type": "object",
                "required": ["code", "type", "message"],
                "properties": {
                    "code": {"type": "integer"},
                    "type": {
                        "type": "string",
                        "description": "Stable and machine-readable, e.g. invalid_parameter, "
                        "not_found, method_not_allowed, rate_limited (docs/api.md).",
                    },
                    "message": {"type": "string", "description": "For people; translated."},
                    "parameter": {"type": "string", "description": "The offending parameter."},
                },
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
            "kind": {"enum": list(ZoneKind.codes())},
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
            "enterprise_code": nullable("string"),
            "size": nullable("string"),
            "commune": ref("Commune"),
            "industrial_zone": ref("IndustrialZone"),
            "address": nullable("string"),
            "phone": nullable("string"),
            "email": nullable("string"),
            "website": nullable("string"),
            "description": {"type": "string"},
            "verified": {"type": "boolean"},
            "incubatee": {"type": "boolean"},
            "featured": {"type": "boolean"},
            "sectors": {
                "type": "array",
                "items": {"type": "string"},
                "description": "Sector codes of its published offerings.",
            },
            **STAMPS,
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
            "organization": ref("OrganizationRef"),
            "sectors": {"type": "array", "items": {"type": "string"}},
            "service_area": {
                "type": "array",
                "items": ref("Commune"),
                "description": "Empty: the whole province.",
            },
            "capacity": nullable("string"),
            "standards": {"type": "array", "items": {"type": "string"}},
            "eco_label": nullable("string"),
            "labels": {
                "type": "array",
                "description": "Eco-labels an officer verified, valid today.",
                "items": {
                    "type": "object",
                    "properties": {
                        "scheme": {"enum": ["green_label", "other"]},
                        "name": {"type": "string"},
                        "number": {"type": "string"},
                        "scope": nullable("string"),
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
                        "commune": nullable("string"),
                        "year": nullable("integer"),
                        "capacity": nullable("string"),
                        "application": nullable("string"),
                        "client": nullable("string"),
                    },
                },
            },
            "featured": {"type": "boolean"},
            **STAMPS,
            "url": {"type": "string", "format": "uri"},
        },
    },
    "Need": {
        "type": "object",
        "properties": {
            **REF_PROPS,
            "title": {"type": "string"},
            "description": {"type": "string"},
            "organization": ref("OrganizationRef"),
            "sectors": {"type": "array", "items": {"type": "string"}},
            "commune": ref("Commune"),
            "industrial_zone": ref("IndustrialZone"),
            "quantity": nullable("string"),
            "budget_vnd": nullable("integer"),
            "deadline": nullable("string", format="date"),
            "procurement": {"enum": [*PROCUREMENT_MODES, None]},
            "status": {"enum": ["open", "closed", "expired"]},
            **STAMPS,
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
            "organization": ref("OrganizationRef"),
            "verified": {"type": "boolean"},
            "url": {"type": "string", "format": "uri"},
        },
    },
    "SearchResults": {
        **list_of("SearchItem"),
        "properties": {
            **list_of("SearchItem")["properties"],
            "suggestion": {**nullable("string"), "description": "Did you mean…"},
        },
    },
    "Change": {
        "type": "object",
        "required": ["kind", "id", "ref", "action", "at"],
        "properties": {
            "kind": {"enum": SEARCH_KINDS},
            **REF_PROPS,
            "action": {"enum": ["upsert", "delete"]},
            "at": MOMENT,
        },
    },
    "Sector": {
        "type": "object",
        "required": ["code", "name_vi", "name_en"],
        "properties": {"code": {"type": "string"}, **NAMES, "plan_target": nullable("string")},
    },
    "CommuneEntry": {
        "type": "object",
        "required": ["code", "name_vi", "name_en", "type"],
        "properties": {
            "code": {"type": "string"},
            **NAMES,
            "type": {"enum": ["ward", "commune"]},
            "former_area": nullable("string"),
        },
    },
    "IndustrialZoneEntry": {
        "type": "object",
        "required": ["id", "kind", "name_vi", "name_en"],
        "properties": {
            "id": {"type": "integer"},
            "kind": {"enum": list(ZoneKind.codes())},
            **NAMES,
            "commune": ref("Commune"),
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
TITLED: dict[str, Any] = {
    "type": "object",
    "required": ["id", "ref", "title"],
    "properties": {**REF_PROPS, "title": {"type": "string"}},
}
WITH_ORG = {
    "type": "object",
    "required": ["id", "ref", "title", "organization"],
    "properties": {**TITLED["properties"], "organization": ref("OrganizationRef")},
}


def matches(source, target):
    return {
        "type": "object",
        "required": [source, "matches"],
        "properties": {
            source: TITLED,
            "matches": {
                "type": "array",
                "items": {
                    "allOf": [
                        ref("Match"),
                        {"type": "object", "required": [target], "properties": {target: WITH_ORG}},
                    ]
                },
            },
        },
    }
