"""Officers' forms for incubators, cohorts and participants; every message Vietnamese first."""

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    EmailField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError

from ..timeutil import today_in_vietnam
from .labels import SUPPORT_TYPE_LABELS

MAX_AMOUNT_VND = 10**15
EARLIEST = date(2000, 1, 1)
DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # what <input type=date> sends, and what people type
_GROUPED = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_CURRENCY = re.compile(r"(₫|đ|vnđ|vnd|đồng)$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9][0-9 .()-]{5,38}$")


def _max_length(limit: int):
    return Length(max=limit, message=_l("Tối đa %(max)d ký tự."))


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def _known(choices) -> set[str]:
    return {str(c.value if isinstance(c, SelectChoice) else c[0]) for c in choices or []}


class ChoiceField(SelectField):
    """A select that explains an unknown value in Vietnamese instead of WTForms' English."""

    def __init__(self, *args, invalid_message=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Giá trị không có trong danh sách.")

    def pre_validate(self, form):
        if self.data and self.data not in _known(self.choices):
            raise ValidationError(self.invalid_message)


class ChoiceRadioField(RadioField):
    def pre_validate(self, form):
        if self.data and self.data not in _known(self.choices):
            raise ValidationError(_l("Giá trị không có trong danh sách."))


class DayField(DateField):
    """A date typed as dd/mm/yyyy (or sent by a date picker), checked for a sensible year."""

    def __init__(self, label, validators=None, **kwargs):
        super().__init__(label, validators, format=DATE_FORMATS, **kwargs)

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Ngày không hợp lệ; nhập theo dạng dd/mm/yyyy."))) from error

    def pre_validate(self, form):
        if self.data is None:
            return
        latest = date(today_in_vietnam().year + 20, 12, 31)
        if not EARLIEST <= self.data <= latest:
            raise ValidationError(_l("Ngày nằm ngoài khoảng hợp lý (từ năm 2000 đến 20 năm tới)."))


def not_in_future(form, field):
    if field.data is not None and field.data > today_in_vietnam():
        raise ValidationError(_l("Ngày này chưa đến; chọn hôm nay hoặc một ngày đã qua."))


def phone_number(form, field):
    if field.data and not _PHONE.match(field.data.strip()):
        raise ValidationError(
            _l("Số điện thoại chỉ gồm chữ số, khoảng trắng và các dấu + . - ( ).")
        )


class AmountField(StringField):
    """Money in VND typed as "50.000.000", "50000000" or "50.000.000 đ"; empty means none."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        self.problem = None
        text = unicodedata.normalize("NFKC", self.raw or "").strip()
        text = _CURRENCY.sub("", text).strip().replace(" ", "")
        if not text:
            return
        if text.startswith("-"):
            self.problem = _l("Số tiền không được là số âm.")
        elif len(text) > 25:
            self.problem = _l("Số tiền quá lớn: tối đa 1.000.000.000.000.000 ₫.")
        elif _GROUPED.match(text) or re.fullmatch(r"[0-9]+", text):
            self.data = int(text.replace(".", ""))
        else:
            self.problem = _l(
                "Nhập số tiền bằng chữ số, có thể dùng dấu chấm ngăn cách hàng nghìn, "
                "ví dụ 50.000.000."
            )

    def pre_validate(self, form):
        if getattr(self, "problem", None):
            raise ValidationError(self.problem)
        if self.data is not None and self.data <= 0:
            raise ValidationError(_l("Số tiền phải lớn hơn 0; để trống nếu không quy ra tiền."))
        if self.data is not None and self.data > MAX_AMOUNT_VND:
            raise ValidationError(_l("Số tiền quá lớn: tối đa 1.000.000.000.000.000 ₫."))

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return f"{self.data:,}".replace(",", ".") if self.data is not None else ""


class IncubatorForm(FlaskForm):
    name = StringField(
        _l("Tên vườn ươm"),
        validators=[DataRequired(_l("Vui lòng nhập tên vườn ươm.")), _max_length(200)],
    )
    industrial_zone = ChoiceField(
        _l("Khu/cụm công nghiệp"),
        validators=[DataRequired(_l("Vui lòng chọn khu/cụm công nghiệp."))],
    )
    description = TextAreaField(_l("Giới thiệu"), validators=[_max_length(5000)])
    manager_name = StringField(_l("Người phụ trách"), validators=[_max_length(200)])
    manager_phone = StringField(
        _l("Điện thoại người phụ trách"), validators=[_max_length(40), phone_number]
    )
    manager_email = EmailField(
        _l("Email người phụ trách"),
        validators=[
            Optional(),
            _max_length(254),
            Email(_l("Email không hợp lệ."), check_deliverability=False),
        ],
    )


class CohortForm(FlaskForm):
    name = StringField(
        _l("Tên khóa ươm tạo"),
        validators=[DataRequired(_l("Vui lòng nhập tên khóa.")), _max_length(200)],
        description=_l("Ví dụ: Khóa 2026"),
    )
    starts_on = DayField(
        _l("Ngày bắt đầu"), validators=[DataRequired(_l("Vui lòng chọn ngày bắt đầu."))]
    )
    ends_on = DayField(
        _l("Ngày kết thúc"), validators=[DataRequired(_l("Vui lòng chọn ngày kết thúc."))]
    )

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data <= self.starts_on.data:
            raise ValidationError(_l("Ngày kết thúc phải sau ngày bắt đầu."))


class ParticipantForm(FlaskForm):
    organization = ChoiceRadioField(
        _l("Doanh nghiệp tham gia"),
        validators=[DataRequired(_l("Vui lòng chọn một doanh nghiệp."))],
    )
    applied_on = DayField(
        _l("Ngày đăng ký"),
        validators=[DataRequired(_l("Vui lòng chọn ngày đăng ký.")), not_in_future],
        default=today_in_vietnam,
    )
    note = TextAreaField(_l("Ghi chú (không bắt buộc)"), validators=[_max_length(2000)])


class StatusForm(FlaskForm):
    status = ChoiceField(
        _l("Trạng thái mới"),
        validators=[DataRequired(_l("Vui lòng chọn trạng thái mới."))],
        invalid_message=_l("Không thể chuyển sang trạng thái này từ trạng thái hiện tại."),
    )
    changed_on = DayField(
        _l("Ngày thay đổi"),
        validators=[DataRequired(_l("Vui lòng chọn ngày.")), not_in_future],
        default=today_in_vietnam,
    )
    note = TextAreaField(
        _l("Ghi chú"),
        validators=[DataRequired(_l("Vui lòng ghi chú căn cứ của thay đổi.")), _max_length(2000)],
        description=_l("Ví dụ: Hội đồng xét chọn ngày 15/01 đồng ý tiếp nhận."),
    )


class MentorForm(FlaskForm):
    name = StringField(
        _l("Họ tên chuyên gia"),
        validators=[DataRequired(_l("Vui lòng nhập họ tên chuyên gia.")), _max_length(200)],
    )
    expertise = StringField(
        _l("Chuyên môn"),
        validators=[_max_length(300)],
        description=_l("Ví dụ: Xử lý nước thải, quản trị tài chính"),
    )
    contact = StringField(
        _l("Liên hệ"), validators=[_max_length(300)], description=_l("Điện thoại hoặc email")
    )


class AssignMentorForm(FlaskForm):
    mentor = ChoiceField(
        _l("Chuyên gia hướng dẫn"),
        validators=[DataRequired(_l("Vui lòng chọn chuyên gia."))],
        invalid_message=_l("Chuyên gia không thuộc vườn ươm này hoặc đã được phân công."),
    )


class MilestoneForm(FlaskForm):
    title = StringField(
        _l("Mốc công việc"),
        validators=[DataRequired(_l("Vui lòng nhập mốc công việc.")), _max_length(300)],
        description=_l("Ví dụ: Hoàn thiện mẫu sản phẩm"),
    )
    due_on = DayField(_l("Hạn"), validators=[DataRequired(_l("Vui lòng chọn hạn."))])


class CompleteMilestoneForm(FlaskForm):
    done_on = DayField(
        _l("Ngày hoàn thành"),
        validators=[DataRequired(_l("Vui lòng chọn ngày hoàn thành.")), not_in_future],
        default=today_in_vietnam,
    )


class SupportForm(FlaskForm):
    type = ChoiceField(
        _l("Hình thức hỗ trợ"),
        choices=options([("", _l("— Chọn hình thức —")), *SUPPORT_TYPE_LABELS.items()]),
        validators=[DataRequired(_l("Vui lòng chọn hình thức hỗ trợ."))],
    )
    amount = AmountField(
        _l("Giá trị (đồng)"), description=_l("Ví dụ: 50.000.000. Để trống nếu không quy ra tiền.")
    )
    given_on = DayField(
        _l("Ngày hỗ trợ"),
        validators=[DataRequired(_l("Vui lòng chọn ngày hỗ trợ.")), not_in_future],
        default=today_in_vietnam,
    )
    note = TextAreaField(_l("Nội dung"), validators=[_max_length(2000)])
