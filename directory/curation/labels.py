"""Words the curation pages and mails show for codes."""

from flask_babel import lazy_gettext as _l

from ..codes import RecordKind
from ..organizations.models import Verification

VERIFICATION_LABELS = Verification.labels()
RECORD_KIND_LABELS = RecordKind.labels()

EVENT_LABELS = {
    "verification_requested": _l("Chủ tổ chức yêu cầu xác minh"),
    "verified": _l("Đã xác minh"),
    "rejected": _l("Từ chối xác minh"),
    "verification_reset": _l("Đổi thông tin định danh, cần xác minh lại"),
    "hidden": _l("Bị ẩn"),
    "review_requested": _l("Chủ tổ chức yêu cầu xem xét lại"),
    "unhidden": _l("Hiển thị lại"),
}


verification_label = Verification.label_of
record_kind_label = RecordKind.label_of


def event_label(code: str) -> str:
    return str(EVENT_LABELS.get(code, code))
