"""Documents, photos, eco-labels and reference installations of organizations and offerings.

A feature area (layer 5, docs/architecture.md): it adds its parts to the organization and
offering pages through signals and tells search which offerings carry a verified, unexpired
eco-label (the provider ``eco_labelled``), so the records below never import it.
"""

from flask import Blueprint

bp = Blueprint("documents", __name__)


def init_app(app) -> None:
    from .. import search, signals
    from .queries import (
        installations_for_search,
        labelled_among,
        offering_page_part,
        organization_page_part,
    )

    signals.offering_page.connect(offering_page_part)
    signals.organization_page.connect(organization_page_part)
    search.register_provider("eco_labelled", labelled_among)
    search.register_provider("installations", installations_for_search)


from . import officer, views  # noqa: E402, F401
