"""The public, read-only JSON API (contracts.md §3), one module per resource."""

from flask import Blueprint

bp = Blueprint("api", __name__)

from . import needs, offerings, openapi, organizations, search, stats  # noqa: E402, F401
