"""Sở Công Thương's curation desk: verification, featured listings and moderation.

``bp`` (under /officer) holds the officers' pages; ``review_bp`` (under /review) holds the two
requests the owners of a record send to the desk: verify us, and look again at a hidden record.
"""

from flask import Blueprint

bp = Blueprint("curation", __name__)
review_bp = Blueprint("review", __name__)


def init_app(app) -> None:
    """Curation sits above the records and search: it hears identity edits and tells search
    which records are featured."""
    from .. import search, signals
    from .holds import hold_if_first
    from .services import featured_records
    from .verification import identity_changed

    signals.identity_changed.connect(identity_changed)
    signals.listing_published.connect(hold_if_first)
    search.register_provider("featured", featured_records)


from . import review, views  # noqa: E402, F401
