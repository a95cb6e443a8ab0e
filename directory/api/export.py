"""API: bulk export (contracts.md §10) — every public record as NDJSON or CSV, streamed.

Rows are read ``BATCH`` at a time (``yield_per``) and written as they come, so memory does
not grow with the number of records. The fields are the API's; in CSV a nested object becomes
``parent.child`` columns and a list its items joined by ``;`` (the import format's habit).
"""

import csv
import io
import json

from flask import Response, request, stream_with_context
from sqlalchemy import Select

from ..changes.queries import latest_change_id
from ..extensions import db
from ..needs.models import Need
from ..needs.queries import public_needs
from ..offerings.models import Offering
from ..offerings.queries import offerings_query
from ..organizations.models import Organization
from ..organizations.queries import organizations_query
from ..timeutil import today_in_vietnam
from . import bp
from .common import organizations_json
from .needs import need_json
from .offerings import offerings_json
from .root import license_link

BATCH = 500
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _exports():
    """kind -> (the query of every public record by id, the page serializer)."""
    return {
        "organizations": (organizations_query().order_by(Organization.id), organizations_json),
        "offerings": (offerings_query().order_by(None).order_by(Offering.id), offerings_json),
        "needs": (
            public_needs().order_by(None).order_by(Need.id),
            lambda rows: [need_json(n) for n in rows],
        ),
    }


def records(stmt: Select, serialize):
    """Every record of ``stmt`` as the API's dicts, ``BATCH`` rows in memory at a time."""
    result = db.session.scalars(stmt.execution_options(yield_per=BATCH))
    for batch in result.partitions():
        yield from serialize(batch)  # the identity map is weak: a written batch is let go


def ndjson_lines(items):
    for item in items:
        yield json.dumps(item, ensure_ascii=False, separators=(",", ":")) + "\n"


def flatten(item: dict, prefix: str = "") -> dict:
    """Nested objects as ``a.b`` columns; lists of codes or objects as ``;``-joined text."""
    flat: dict = {}
    for key, value in item.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            flat.update(flatten(value, f"{name}."))
        elif isinstance(value, list):
            flat[name] = ";".join(
                str(v.get("code", v.get("id"))) if isinstance(v, dict) else str(v) for v in value
            )
        else:
            flat[name] = value
    return flat


def safe_cell(value):
    """A cell a spreadsheet shows as text: no formula from ``=``, ``+``, ``-``, ``@``…"""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(items):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    header = None
    for item in items:
        flat = flatten(item)
        if header is None:
            header = list(flat)
            writer.writerow(header)
        writer.writerow([safe_cell(flat.get(column)) for column in header])
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()


@bp.get("/export/<any(organizations, offerings, needs):kind>.<any(ndjson, csv):fmt>")
def export(kind: str, fmt: str):
    """?— every public record of ``kind``, by id, one per line (NDJSON) or row (CSV)."""
    # Any change to the public records adds to the change log: its newest id versions the set.
    etag = f"{kind}-{fmt}-{latest_change_id()}-{today_in_vietnam().isoformat()}"
    if request.if_none_match.contains_weak(etag):
        unchanged = Response(status=304)
        unchanged.set_etag(etag, weak=True)
        return unchanged
    stmt, serialize = _exports()[kind]
    items = records(stmt, serialize)
    if fmt == "csv":
        body, mimetype = csv_lines(items), "text/csv"
    else:
        body, mimetype = ndjson_lines(items), "application/x-ndjson"
    response = Response(stream_with_context(body), mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{kind}.{fmt}"'
    response.headers["Link"] = license_link()
    response.set_etag(etag, weak=True)
    return response
