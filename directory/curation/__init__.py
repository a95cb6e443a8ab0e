from flask import Blueprint

bp = Blueprint("curation", __name__)

from . import views  # noqa: E402, F401
