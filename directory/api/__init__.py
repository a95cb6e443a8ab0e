"""The public, read-only JSON API (contracts.md §3), one module per resource."""

from flask import Blueprint

bp = Blueprint("api", __name__)

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
