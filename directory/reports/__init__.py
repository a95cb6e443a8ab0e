"""The officers' desk at /officer: dashboard, yearly report and its exports, import upload."""

from flask import Blueprint

from ..templating import template_globals

bp = Blueprint("reports", __name__)

from . import import_views, views  # noqa: E402, F401
from .tables import format_figure  # noqa: E402

template_globals(bp, figure=format_figure)
