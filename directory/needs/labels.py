"""How needs' codes read to people (the codes themselves are in models.py and contracts.md)."""

from flask_babel import lazy_gettext as _l

from .models import CloseReason, NeedStatus, Procurement

PROCUREMENT_LABELS = Procurement.labels()
STATUS_LABELS = NeedStatus.labels()

# Badge classes of static/css/site.css for each effective status.
STATUS_BADGES = {
    "draft": "badge badge-muted",
    "open": "badge",
    "closed": "badge badge-muted",
    "expired": "badge badge-warn",
}

CLOSE_REASON_LABELS = CloseReason.labels()

# The board's deadline filter: "due within N days".
DEADLINE_WINDOWS = {
    "7": _l("Hạn trong 7 ngày"),
    "30": _l("Hạn trong 30 ngày"),
    "90": _l("Hạn trong 90 ngày"),
}
