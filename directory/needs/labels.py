"""How needs' codes read to people (the codes themselves are in models.py and contracts.md)."""

from flask_babel import lazy_gettext as _l

PROCUREMENT_LABELS = {
    "order": _l("Đặt hàng"),
    "designated": _l("Chỉ định thầu"),
    "quotation": _l("Chào giá"),
    "information": _l("Tìm hiểu thông tin"),
}

STATUS_LABELS = {
    "draft": _l("Bản nháp"),
    "open": _l("Đang mở"),
    "closed": _l("Đã đóng"),
    "expired": _l("Hết hạn"),
}

# Badge classes of static/css/site.css for each effective status.
STATUS_BADGES = {
    "draft": "badge badge-muted",
    "open": "badge",
    "closed": "badge badge-muted",
    "expired": "badge badge-warn",
}

CLOSE_REASON_LABELS = {
    "fulfilled": _l("Đã đáp ứng (đã tìm được nhà cung cấp)"),
    "cancelled": _l("Đã hủy"),
}

# The board's deadline filter: "due within N days".
DEADLINE_WINDOWS = {
    "7": _l("Hạn trong 7 ngày"),
    "30": _l("Hạn trong 30 ngày"),
    "90": _l("Hạn trong 90 ngày"),
}
