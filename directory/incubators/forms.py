"""Officers' forms for incubators, cohorts and participants; every message Vietnamese first."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.validators import DataRequired, InputRequired, ValidationError

from ..forms import (
    ChoiceField,
    ChoiceRadioField,
    VietnameseDateField,
    VndAmountField,
    email_field,
    line_field,
    note_field,
    options,
    phone_field,
    text_field,
)
from ..reference.forms import zone_field
from ..timeutil import today_in_vietnam
from .labels import ENTRY_LABELS, SUPPORT_TYPE_LABELS


def not_in_future(form, field):
    if field.data is not None and field.data > today_in_vietnam():
        raise ValidationError(_l("Ngày này chưa đến; chọn hôm nay hoặc một ngày đã qua."))


class IncubatorForm(FlaskForm):
    name = line_field(_l("Tên vườn ươm"), 200, _l("Vui lòng nhập tên vườn ươm."))
    industrial_zone = zone_field(required=True)
    description = text_field(_l("Giới thiệu"), 5000)
    manager_name = line_field(_l("Người phụ trách"), 200)
    manager_phone = phone_field(_l("Điện thoại người phụ trách"))
    manager_email = email_field(_l("Email người phụ trách"))


class CohortForm(FlaskForm):
    name = line_field(
        _l("Tên khóa ươm tạo"),
        200,
        _l("Vui lòng nhập tên khóa."),
        description=_l("Ví dụ: Khóa 2026"),
    )
    starts_on = VietnameseDateField(
        _l("Ngày bắt đầu"), validators=[InputRequired(_l("Vui lòng chọn ngày bắt đầu."))]
    )
    ends_on = VietnameseDateField(
        _l("Ngày kết thúc"), validators=[InputRequired(_l("Vui lòng chọn ngày kết thúc."))]
    )

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))


class ParticipantForm(FlaskForm):
    organization = ChoiceRadioField(
        _l("Doanh nghiệp tham gia"),
        validators=[DataRequired(_l("Vui lòng chọn một doanh nghiệp."))],
    )
    status = ChoiceRadioField(
        _l("Trạng thái"),
        choices=options(ENTRY_LABELS.items()),
        default="applied",
        validators=[DataRequired(_l("Vui lòng chọn trạng thái."))],
    )
    applied_on = VietnameseDateField(
        _l("Ngày"),
        validators=[InputRequired(_l("Vui lòng chọn ngày.")), not_in_future],
        default=today_in_vietnam,
        description=_l("Ngày đăng ký; khi tiếp nhận ngay, cũng là ngày tiếp nhận."),
    )
    note = note_field(
        _l("Ghi chú"),
        description=_l("Bắt buộc khi tiếp nhận ngay: căn cứ (vd: quyết định ngày 15/01)."),
    )


class StatusForm(FlaskForm):
    status = ChoiceField(
        _l("Trạng thái mới"),
        validators=[DataRequired(_l("Vui lòng chọn trạng thái mới."))],
        invalid_choice_message=_l("Không thể chuyển sang trạng thái này từ trạng thái hiện tại."),
    )
    changed_on = VietnameseDateField(
        _l("Ngày thay đổi"),
        validators=[InputRequired(_l("Vui lòng chọn ngày.")), not_in_future],
        default=today_in_vietnam,
    )
    note = note_field(
        _l("Ghi chú"),
        required=_l("Vui lòng ghi chú căn cứ của thay đổi."),
        description=_l("Ví dụ: Hội đồng xét chọn ngày 15/01 đồng ý tiếp nhận."),
    )


class MentorForm(FlaskForm):
    name = line_field(_l("Họ tên chuyên gia"), 200, _l("Vui lòng nhập họ tên chuyên gia."))
    expertise = line_field(
        _l("Chuyên môn"), 300, description=_l("Ví dụ: Xử lý nước thải, quản trị tài chính")
    )
    contact = line_field(_l("Liên hệ"), 300, description=_l("Điện thoại hoặc email"))


class AssignMentorForm(FlaskForm):
    mentor = ChoiceField(
        _l("Chuyên gia hướng dẫn"),
        validators=[DataRequired(_l("Vui lòng chọn chuyên gia."))],
        invalid_choice_message=_l("Chuyên gia không thuộc vườn ươm này hoặc đã được phân công."),
    )


class MilestoneForm(FlaskForm):
    title = line_field(
        _l("Mốc công việc"),
        300,
        _l("Vui lòng nhập mốc công việc."),
        description=_l("Ví dụ: Hoàn thiện mẫu sản phẩm"),
    )
    due_on = VietnameseDateField(_l("Hạn"), validators=[InputRequired(_l("Vui lòng chọn hạn."))])


class CompleteMilestoneForm(FlaskForm):
    done_on = VietnameseDateField(
        _l("Ngày hoàn thành"),
        validators=[InputRequired(_l("Vui lòng chọn ngày hoàn thành.")), not_in_future],
        default=today_in_vietnam,
    )


class SupportForm(FlaskForm):
    type = ChoiceField(
        _l("Hình thức hỗ trợ"),
        choices=options([("", _l("— Chọn hình thức —")), *SUPPORT_TYPE_LABELS.items()]),
        validators=[DataRequired(_l("Vui lòng chọn hình thức hỗ trợ."))],
    )
    amount = VndAmountField(
        _l("Giá trị (đồng)"), description=_l("Ví dụ: 50.000.000. Để trống nếu không quy ra tiền.")
    )
    given_on = VietnameseDateField(
        _l("Ngày hỗ trợ"),
        validators=[InputRequired(_l("Vui lòng chọn ngày hỗ trợ.")), not_in_future],
        default=today_in_vietnam,
    )
    note = note_field(_l("Nội dung"))
