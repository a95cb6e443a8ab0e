"""How the incubator codes read to people (the codes themselves are in models.py)."""

from flask_babel import lazy_gettext as _l

from .models import ParticipationStatus, SupportType

STATUS_LABELS = ParticipationStatus.labels()

# What the officer clicks to move a participant into each status.
TRANSITION_LABELS = {
    "admitted": _l("Tiếp nhận"),
    "active": _l("Bắt đầu ươm tạo"),
    "graduated": _l("Công nhận tốt nghiệp"),
    "withdrawn": _l("Rút khỏi chương trình"),
}

# Where a new participant may start: applied (the selection follows), or admitted or already
# being incubated in one step (the history still records each step, on the same day).
ENTRY_LABELS = {
    "applied": _l("Đã đăng ký, chờ xét chọn"),
    "admitted": _l("Tiếp nhận ngay"),
    "active": _l("Tiếp nhận và bắt đầu ươm tạo ngay"),
}

# Badge classes of static/css/site.css for each status.
STATUS_BADGES = {
    "applied": "badge badge-muted",
    "admitted": "badge",
    "active": "badge",
    "graduated": "badge",
    "withdrawn": "badge badge-muted",
}

SUPPORT_TYPE_LABELS = SupportType.labels()

# What each refusal of services.IncubatorError says, next to its field.
ERRORS = {
    "name-required": _l("Vui lòng nhập tên."),
    "title-required": _l("Vui lòng nhập mốc công việc."),
    "unknown-zone": _l("Khu, cụm công nghiệp không có trong danh sách."),
    "duplicate-incubator": _l("Đã có vườn ươm mang tên này."),
    "duplicate-cohort": _l("Vườn ươm đã có khóa mang tên này."),
    "dates-required": _l("Vui lòng chọn ngày bắt đầu và ngày kết thúc."),
    "dates-reversed": _l("Ngày kết thúc phải sau ngày bắt đầu."),
    "already-participant": _l("Doanh nghiệp này đã có trong khóa."),
    "unknown-organization": _l("Không tìm thấy doanh nghiệp này."),
    "future-date": _l("Ngày này chưa đến; chọn hôm nay hoặc một ngày đã qua."),
    "transition-refused": _l("Không thể chuyển sang trạng thái này từ trạng thái hiện tại."),
    "before-last-change": _l("Ngày thay đổi không được trước lần thay đổi trạng thái gần nhất."),
    "note-required": _l("Vui lòng ghi chú căn cứ của thay đổi."),
    "unknown-mentor": _l("Chuyên gia không thuộc vườn ươm này."),
    "already-assigned": _l("Chuyên gia đã được phân công cho doanh nghiệp này."),
    "not-assigned": _l("Chuyên gia không được phân công cho doanh nghiệp này."),
    "already-done": _l("Mốc công việc đã hoàn thành."),
    "unknown-support-type": _l("Hình thức hỗ trợ không hợp lệ."),
    "amount-not-positive": _l("Số tiền phải lớn hơn 0; để trống nếu không quy ra tiền."),
}
