"""Stored matches: each open need's best offerings, computed when the records change.

Pages, the yearly report and alerts read the ``stored_matches`` table instead of searching on
every view. The search index applies a change first; ``search.index_applied`` then tells this
area which records changed (see services.on_index_applied).
"""


def init_app(app) -> None:
    from . import services

    services.init_app(app)
