"""Stage labels (contracts.md §8) and the messages refused requests show."""

from flask_babel import lazy_gettext as _l

from .models import DealStage, ReportKind

STAGE_LABELS = DealStage.labels()
report_kind_label = ReportKind.label_of

ERRORS = {
    "empty": _l("Vui lòng nhập nội dung."),
    "too-long": _l("Nội dung dài tối đa 5.000 ký tự."),
    "unconfirmed": _l(
        "Vui lòng xác nhận địa chỉ email trước khi gửi tin: mở liên kết trong thư chúng tôi đã gửi."
    ),
    "unknown-organization": _l("Hãy chọn một tổ chức của bạn để gửi."),
    "unknown-offering": _l("Giải pháp đã chọn không thuộc tổ chức của bạn."),
    "unknown-need": _l("Nhu cầu đã chọn không thuộc tổ chức của bạn."),
    "not-open": _l("Nhu cầu này không còn nhận đề xuất."),
    "not-public": _l("Giải pháp này không còn hiển thị."),
    "daily-limit": _l(
        "Tổ chức của bạn đã mở quá nhiều trao đổi mới trong 24 giờ qua. Vui lòng thử lại sau."
    ),
    "not-participant": _l("Bạn không tham gia trao đổi này."),
    "bad-stage": _l("Hãy chọn một giai đoạn khác với giai đoạn hiện tại."),
    "bad-link": _l("Liên kết không hợp lệ, đã dùng hoặc đã hết hạn."),
    "unknown-record": _l("Không tìm thấy nội dung cần báo cáo."),
}
