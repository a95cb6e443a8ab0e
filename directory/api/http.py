"""HTTP conventions of every answer under /api/ (docs/api.md): CORS for any origin, an ETag
with 304 on a matching If-None-Match, a short public cache.

The API is public and read-only and never reads the session or the signed-in user, so a
browser page on any site may read it and a shared cache may keep it.
"""

from flask import request

from . import bp

CACHE_CONTROL = "public, max-age=60"
EXPOSED = "ETag, Link, Retry-After, RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset"


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
    if not response.is_streamed and not response.get_etag()[0]:
        response.add_etag()
    return response.make_conditional(request)
