"""Words the curation pages and mails show for codes."""

from flask_babel import lazy_gettext as _l

VERIFICATION_LABELS = {
    "unverified": _l("Chưa xác minh"),
    "pending": _l("Chờ xác minh"),
    "verified": _l("Đã xác minh"),
    "rejected": _l("Bị từ chối xác minh"),
}

RECORD_KIND_LABELS = {
    "organization": _l("Doanh nghiệp / tổ chức"),
    "offering": _l("Giải pháp / dịch vụ"),
    "need": _l("Nhu cầu"),
}

EVENT_LABELS = {
    "verification_requested": _l("Chủ tổ chức yêu cầu xác minh"),
    "verified": _l("Đã xác minh"),
    "rejected": _l("Từ chối xác minh"),
    "verification_reset": _l("Đổi thông tin định danh, cần xác minh lại"),
    "hidden": _l("Bị ẩn"),
    "review_requested": _l("Chủ tổ chức yêu cầu xem xét lại"),
    "unhidden": _l("Hiển thị lại"),
}


def verification_label(code: str) -> str:
    return str(VERIFICATION_LABELS.get(code, code))


def record_kind_label(code: str) -> str:
    return str(RECORD_KIND_LABELS.get(code, code))


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))
