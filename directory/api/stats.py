"""API: the Department's yearly aggregates (contracts.md §8). Public; counts only, no names."""

from flask import jsonify

from ..reports.services import current_year, year_stats
from ..reports.tables import MAX_YEAR, MIN_YEAR
from . import bp
from .common import int_arg


@bp.get("/stats")
def stats():
    """?year=YYYY (default: this year): organizations, offerings, and the needs' deal funnel."""
    year = int_arg("year", current_year(), minimum=MIN_YEAR, maximum=MAX_YEAR)
    return jsonify(year_stats(year))
