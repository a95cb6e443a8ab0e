"""Forms of the events area: the officer's event and meeting day, registration, requests."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, TimeField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional

from ..forms import (
    ChoiceField,
    MultiCheckboxField,
    VietnameseDateField,
    WholeNumberField,
    line_field,
    text_field,
    upload_field,
)
from ..reference.forms import commune_field


class EventForm(FlaskForm):
    title = line_field(_l("Tên sự kiện"), 300, _l("Vui lòng nhập tên sự kiện."))
    description = text_field(_l("Giới thiệu"), 10000)
    commune_code = commune_field()
    venue = line_field(_l("Địa điểm"), 300)
    online = BooleanField(_l("Tổ chức trực tuyến"))
    starts_on = VietnameseDateField(
        _l("Ngày bắt đầu"), validators=[InputRequired(_l("Vui lòng chọn ngày bắt đầu."))]
    )
    ends_on = VietnameseDateField(
        _l("Ngày kết thúc"), validators=[InputRequired(_l("Vui lòng chọn ngày kết thúc."))]
    )
    registration_deadline = VietnameseDateField(
        _l("Hạn đăng ký"), validators=[InputRequired(_l("Vui lòng chọn hạn đăng ký."))]
    )
    capacity = WholeNumberField(
        _l("Số tổ chức tối đa"),
        validators=[Optional(), NumberRange(1, 10000, _l("Từ 1 đến 10.000."))],
        description=_l("Để trống nếu không giới hạn."),
    )
    slot_minutes = WholeNumberField(
        _l("Thời lượng mỗi lượt gặp (phút)"),
        default=20,
        validators=[
            InputRequired(_l("Vui lòng nhập số phút.")),
            NumberRange(5, 240, _l("Từ 5 đến 240 phút.")),
        ],
    )
    tables = WholeNumberField(
        _l("Số bàn gặp"),
        default=10,
        validators=[
            InputRequired(_l("Vui lòng nhập số bàn.")),
            NumberRange(1, 500, _l("Từ 1 đến 500 bàn.")),
        ],
    )
    approval_required = BooleanField(_l("Cán bộ duyệt từng đăng ký"))
    published = BooleanField(_l("Công bố"))


class MeetingDayForm(FlaskForm):
    day = VietnameseDateField(_l("Ngày gặp"), validators=[InputRequired(_l("Vui lòng chọn ngày."))])
    starts = TimeField(_l("Bắt đầu"), validators=[InputRequired(_l("Vui lòng nhập giờ."))])
    ends = TimeField(_l("Kết thúc"), validators=[InputRequired(_l("Vui lòng nhập giờ."))])
    breaks = line_field(_l("Giờ nghỉ"), 200, description=_l("Ví dụ: 12:00-13:30, 15:00-15:15"))


class RegistrationForm(FlaskForm):
    organization = ChoiceField(
        _l("Tổ chức"), validators=[DataRequired(_l("Hãy chọn một tổ chức của bạn."))]
    )
    attendees = text_field(
        _l("Người tham dự"),
        2000,
        _l("Vui lòng ghi người tham dự."),
        description=_l("Họ tên, chức vụ, điện thoại"),
    )
    offering_ids = MultiCheckboxField(_l("Giải pháp giới thiệu tại sự kiện"))
    offers_text = text_field(_l("Hoặc mô tả điều bạn chào"), 2000)
    need_ids = MultiCheckboxField(_l("Nhu cầu tìm đối tác tại sự kiện"))
    seeks_text = text_field(_l("Hoặc mô tả điều bạn tìm"), 2000)


class MeetingRequestForm(FlaskForm):
    message = text_field(_l("Lời nhắn"), 2000)


class ParticipantsUploadForm(FlaskForm):
    file = upload_field(
        _l("Sổ tính người tham gia (.xlsx)"),
        ".xlsx",
        description=_l(
            "Trang đầu: cột organization (mã ref hoặc số id), attendees, offers, seeks."
        ),
    )
