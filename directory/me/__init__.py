"""/me ("Trang của tôi"): a member's organizations, their listings and matches, what waits."""

from flask import Blueprint

bp = Blueprint("me", __name__)

from . import views  # noqa: E402,F401 - the routes register on bp
