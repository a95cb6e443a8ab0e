"""Alerts (issue 10): tell each side when a fitting match appears, by mail and on the site.

- ``services.record_matches`` hears ``signals.matches_found`` (matching stored new pairs) and
  writes one ``AlertEvent`` per person to tell: the ledger, so no one hears of a pair twice.
- ``digest.compose_due`` turns the pending events of everyone whose time has come (immediately,
  daily, weekly) into one mail each in the stored outbox (``AlertMail``);
  ``outbox.deliver_due`` sends it, retrying with back-off. ``flask send-alerts`` runs both.
- Every mail carries a signed one-click unsubscribe link (RFC 8058).
"""

from flask import Blueprint

bp = Blueprint("alerts", __name__)


def init_app(app) -> None:
    from . import services

    services.init_app(app)


from . import views  # noqa: E402,F401 - the routes register on bp
