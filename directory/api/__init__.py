"""The public, read-only JSON API (contracts.md §3), one module per resource."""

from flask import Blueprint, current_app

from ..extensions import limiter

bp = Blueprint("api", __name__)
# Every request under /api/v1 counts against the client address's API_RATE_LIMIT.
limiter.limit(lambda: current_app.config["API_RATE_LIMIT"])(bp)

from . import (  # noqa: E402, F401
    changes,
    export,
    http,
    needs,
    offerings,
    openapi,
    organizations,
    reference,
    root,
    search,
    stats,
)
