"""The officers' desk at /officer: dashboard, yearly report and its exports, import upload."""

from flask import Blueprint

bp = Blueprint("reports", __name__)


@bp.context_processor
def report_helpers():
    from .tables import format_figure

    return {"figure": format_figure}


from . import import_views, views  # noqa: E402, F401
