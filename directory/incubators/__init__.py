from flask import Blueprint

bp = Blueprint("incubators", __name__)

from . import views  # noqa: E402, F401
