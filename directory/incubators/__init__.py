from flask import Blueprint

bp = Blueprint("incubators", __name__)


def init_app(app) -> None:
    """Incubators sit above search: they tell it who carries the incubation badge."""
    from .. import search
    from .services import incubatees_among

    search.register_provider("incubatees", incubatees_among)


from . import participants, views  # noqa: E402, F401 - participants' pages share the blueprint
