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
# The board's orders ("" is the default: newest first).
BOARD_SORTS = {
    "": _l("Mới nhất"),
    "deadline": _l("Hạn chót gần nhất"),
}

DEADLINE_WINDOWS = {
    "7": _l("Hạn trong 7 ngày"),
    "30": _l("Hạn trong 30 ngày"),
    "90": _l("Hạn trong 90 ngày"),
}

# What each refusal of services.NeedError says, next to its field.
ERRORS = {
    "deadline-passed": _l("Hạn chót đã qua; chọn một ngày từ hôm nay trở đi."),
    "unknown-sector": _l("Có lĩnh vực không có trong danh sách."),
    "unknown-commune": _l("Xã, phường không có trong danh sách của tỉnh Đồng Tháp."),
    "unknown-zone": _l("Khu, cụm công nghiệp không có trong danh sách."),
    "unknown-procurement": _l("Hình thức không hợp lệ."),
    "unknown-reason": _l("Vui lòng chọn lý do."),
    "closed": _l("Nhu cầu đã đóng; hãy mở lại trước khi sửa."),
    "draft": _l("Bản nháp chưa đăng; hãy sửa hạn chót trong trang sửa."),
    "not-draft": _l("Nhu cầu đã được đăng."),
    "not-open": _l("Chỉ đóng được nhu cầu đang mở hoặc đã hết hạn."),
    "not-closed": _l("Nhu cầu chưa đóng."),
}
