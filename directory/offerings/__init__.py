from flask import Blueprint

bp = Blueprint("offerings", __name__)


def init_app(app) -> None:
    """Offerings sit above organizations: they add themselves to its page and sector filter."""
    from .. import signals
    from ..organizations.queries import register_sector_filter
    from .queries import has_public_offering_in, organization_page_offerings

    signals.organization_page.connect(organization_page_offerings)
    register_sector_filter(has_public_offering_in)


from . import views  # noqa: E402, F401
