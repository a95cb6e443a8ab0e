from flask import Blueprint

bp = Blueprint("organizations", __name__)

from . import views  # noqa: E402, F401
