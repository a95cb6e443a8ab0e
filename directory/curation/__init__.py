"""Sở Công Thương's curation desk: verification, featured listings and moderation.

``bp`` (under /officer) holds the officers' pages; ``review_bp`` (under /review) holds the two
requests the owners of a record send to the desk: verify us, and look again at a hidden record.
"""

from flask import Blueprint

bp = Blueprint("curation", __name__)
review_bp = Blueprint("review", __name__)

from . import review, views  # noqa: E402, F401
