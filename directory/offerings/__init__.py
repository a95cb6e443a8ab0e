from flask import Blueprint

bp = Blueprint("offerings", __name__)

from . import views  # noqa: E402, F401
