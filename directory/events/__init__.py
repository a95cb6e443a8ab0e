"""Trade-promotion events: registration, meeting requests between participants, agendas."""

from flask import Blueprint

bp = Blueprint("events", __name__)

from . import agenda_views, views  # noqa: E402, F401 - both share the blueprint
