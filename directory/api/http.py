"""HTTP conventions of every answer under /api/ (docs/api.md): CORS for any origin, an ETag
with 304 on a matching If-None-Match, a short public cache.

The API is public and read-only and never reads the session or the signed-in user, so a
browser page on any site may read it and a shared cache may keep it.
"""

import hashlib

from flask import current_app, g, request
from flask_babel import get_locale
from sqlalchemy import select

from ..changes.queries import latest_change_id
from ..curation.services import featured_ids
from ..extensions import db
from ..incubators.models import INCUBATING, Participation
from ..timeutil import today_in_vietnam
from . import bp

CACHE_CONTROL = "public, max-age=60"
EXPOSED = "ETag, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"
#: Answers that follow only from the public records, the day (a need expires), the features
#: and the incubator badges: their ETag is known before the records are read, so an unchanged
#: one answers 304 without building the page. (With ``q`` the ranking also follows the index,
#: which trails the database a little: those hash their body like every other answer.)
VERSIONED = {
    "api.organizations",
    "api.organization",
    "api.list_offerings",
    "api.get_offering",
    "api.list_needs",
    "api.get_need",
    "api.changes",
}


def data_version_etag() -> str:
    """A tag that changes whenever anything a VERSIONED answer shows may have changed."""
    incubating = db.session.scalars(
        select(Participation.organization_id).where(Participation.status.in_(INCUBATING))
    )
    parts = [
        latest_change_id(),
        today_in_vietnam().isoformat(),
        sorted(featured_ids("organization")),
        sorted(featured_ids("offering")),
        sorted(set(incubating)),
        request.full_path,
        str(get_locale()),
        current_app.config["SITE_URL"],
    ]
    return "d-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:40]


@bp.before_request
def answer_unchanged():
    """304 before any work when the client's copy of a VERSIONED answer is current."""
    if request.method not in ("GET", "HEAD") or request.endpoint not in VERSIONED:
        return None
    if (request.args.get("q") or "").strip():
        return None
    g.api_etag = data_version_etag()
    if request.if_none_match.contains(g.api_etag):
        response = current_app.response_class(status=304)
        response.set_etag(g.api_etag)
        response.headers["Cache-Control"] = CACHE_CONTROL
        return response
    return None


@bp.after_app_request
def conventions(response):
    if not request.path.startswith("/api/"):
        return response
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = EXPOSED
    if request.method == "OPTIONS":  # a CORS preflight; Flask answers OPTIONS with Allow
        response.headers["Access-Control-Allow-Methods"] = "GET, HEAD, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = (
            "Accept, Accept-Language, If-None-Match, Content-Type"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
        return response
    if request.method not in ("GET", "HEAD") or response.status_code != 200:
        return response
    response.headers["Cache-Control"] = CACHE_CONTROL
    response.vary.add("Accept-Language")  # error texts and names follow the language
    if g.get("api_etag"):
        response.set_etag(g.api_etag)
    elif response.is_streamed:
        return response  # the view tagged it and answered 304 itself: never buffer a stream
    elif not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)
