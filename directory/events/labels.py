"""Texts of the events area: refusals and status labels, Vietnamese first."""

from flask_babel import lazy_gettext as _l

from .models import MeetingStatus, ParticipantStatus

ERRORS = {
    "dates": _l("Ngày kết thúc phải sau hoặc bằng ngày bắt đầu."),
    "deadline": _l("Hạn đăng ký phải trước hoặc bằng ngày kết thúc sự kiện."),
    "slot-times": _l("Giờ kết thúc phải sau giờ bắt đầu, đủ cho ít nhất một lượt gặp."),
    "slot-day": _l("Ngày gặp phải nằm trong thời gian diễn ra sự kiện."),
    "breaks": _l("Giờ nghỉ ghi theo dạng 12:00-13:30, cách nhau bằng dấu phẩy."),
    "too-many-slots": _l("Quá nhiều lượt gặp trong một ngày (tối đa %(most)d)."),
    "not-open": _l("Sự kiện này không nhận đăng ký."),
    "closed": _l("Đã hết hạn đăng ký sự kiện này."),
    "full": _l("Sự kiện đã đủ số lượng đăng ký."),
    "already": _l("Tổ chức này đã đăng ký sự kiện."),
    "unknown-organization": _l("Hãy chọn một tổ chức của bạn."),
    "unknown-record": _l("Chỉ chọn được giải pháp và nhu cầu của chính tổ chức đã chọn."),
    "not-participant": _l("Tổ chức của bạn chưa tham gia sự kiện này."),
    "self": _l("Không thể đặt lịch gặp với chính mình."),
    "other-gone": _l("Bên kia không còn tham gia sự kiện."),
    "duplicate": _l("Đã có yêu cầu gặp giữa hai bên đang chờ hoặc đã nhận."),
    "too-long": _l("Lời nhắn quá dài (tối đa %(most)d ký tự)."),
    "not-pending": _l("Yêu cầu gặp này không còn chờ trả lời."),
    "not-yours": _l("Chỉ bên được mời mới trả lời được yêu cầu này."),
    "no-slot": _l("Không còn khung giờ nào cả hai bên đều trống."),
    "slot-taken": _l("Khung giờ này vừa có người đặt hoặc đã kín bàn; hãy chọn khung giờ khác."),
    "unknown-slot": _l("Khung giờ không thuộc sự kiện này."),
    "not-scheduled": _l("Cuộc gặp này chưa được xếp lịch."),
    "not-held": _l("Chỉ ghi nhận kết quả cho cuộc gặp đã diễn ra."),
    "no-subject": _l(
        "Hai bên chưa có giải pháp hoặc nhu cầu đăng trên trang để mở trao đổi tiếp theo."
    ),
}

PARTICIPANT_STATUS_LABELS = ParticipantStatus.labels()
MEETING_STATUS_LABELS = MeetingStatus.labels()
