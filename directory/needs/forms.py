"""Forms for posting, closing and extending needs; every message in Vietnamese first."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import DataRequired, InputRequired, Optional, ValidationError

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
    sectors_field,
    text_field,
)
from ..reference.forms import commune_field, zone_field
from ..timeutil import today_in_vietnam
from .labels import CLOSE_REASON_LABELS, PROCUREMENT_LABELS


def future_deadline(form, field):
    """The deadline may not lie in the past, unless it is the one already saved."""
    if field.data is None or field.data == getattr(form, "original_deadline", None):
        return
    if field.data < today_in_vietnam():
        raise ValidationError(_l("Hạn chót đã qua; chọn một ngày từ hôm nay trở đi."))
    if field.data.year > today_in_vietnam().year + 10:
        raise ValidationError(_l("Hạn chót quá xa; chọn một ngày trong vòng 10 năm tới."))


class NeedForm(FlaskForm):
    organization = ChoiceField(
        _l("Tổ chức đăng nhu cầu"),
        validators=[DataRequired(_l("Vui lòng chọn tổ chức."))],
        invalid_choice_message=_l("Bạn không thể đăng nhu cầu cho tổ chức này."),
    )
    title = line_field(
        _l("Tiêu đề"),
        300,
        _l("Vui lòng nhập tiêu đề nhu cầu."),
        description=_l("Ví dụ: Cần nâng cấp trạm xử lý nước thải tập trung 1.500 m³/ngày"),
    )
    description = text_field(
        _l("Mô tả"),
        10000,
        description=_l("Hiện trạng, yêu cầu kỹ thuật, tiêu chuẩn cần đạt, điều kiện thực hiện."),
    )
    sectors = sectors_field(
        _l("Lĩnh vực (không bắt buộc)"),
        description=_l("Bỏ trống nếu chưa rõ lĩnh vực; nhà cung cấp vẫn tìm thấy qua mô tả."),
    )
    commune = commune_field(required=True)
    industrial_zone = zone_field()
    quantity = line_field(
        _l("Khối lượng hoặc công suất"), 200, description=_l("Ví dụ: 1.500 m³/ngày, 3 ấp, 2 lò hơi")
    )
    budget = VndAmountField(
        _l("Ngân sách dự kiến (đồng)"),
        description=_l("Ví dụ: 12.000.000.000. Để trống nếu chưa xác định."),
    )
    deadline = VietnameseDateField(
        _l("Hạn chót nhận đề xuất"),
        earliest=None,  # future_deadline decides
        validators=[Optional(), future_deadline],
        description=_l("Sau ngày này nhu cầu hết hạn và không còn trên bảng nhu cầu."),
    )
    procurement = ChoiceField(
        _l("Hình thức"),
        choices=options([("", _l("— Chọn hình thức —")), *PROCUREMENT_LABELS.items()]),
        validators=[DataRequired(_l("Vui lòng chọn hình thức."))],
        invalid_choice_message=_l("Hình thức không hợp lệ."),
    )
    contact_name = line_field(_l("Người liên hệ"), 200)
    contact_phone = phone_field(_l("Điện thoại liên hệ"))
    contact_email = email_field(_l("Email liên hệ"))
    save_draft = SubmitField(_l("Lưu nháp"))
    publish = SubmitField(_l("Đăng nhu cầu"))
    save = SubmitField(_l("Lưu thay đổi"))

    def values(self) -> dict:
        """What the services need, in their terms."""
        return {
            "title": self.title.data,
            "description": self.description.data,
            "sector_codes": list(self.sectors.data or []),
            "commune_code": self.commune.data,
            "industrial_zone_id": int(self.industrial_zone.data)
            if self.industrial_zone.data
            else None,
            "quantity": self.quantity.data,
            "budget_vnd": self.budget.data,
            "deadline": self.deadline.data,
            "procurement": self.procurement.data,
            "contact_name": self.contact_name.data,
            "contact_phone": self.contact_phone.data,
            "contact_email": self.contact_email.data,
        }


class CloseForm(FlaskForm):
    reason = ChoiceRadioField(
        _l("Lý do đóng"),
        choices=options(CLOSE_REASON_LABELS.items()),
        validators=[DataRequired(_l("Vui lòng chọn lý do."))],
    )
    note = note_field(
        _l("Ghi chú (không bắt buộc)"),
        description=_l(
            "Hiển thị công khai trên trang nhu cầu. Ví dụ: đã chọn được nhà cung cấp, "
            "hoặc dự án tạm dừng."
        ),
    )
    submit = SubmitField(_l("Đóng nhu cầu"))


class ExtendForm(FlaskForm):
    deadline = VietnameseDateField(
        _l("Hạn chót mới"),
        earliest=None,  # future_deadline decides
        validators=[InputRequired(_l("Vui lòng chọn hạn chót mới.")), future_deadline],
    )
    submit = SubmitField(_l("Gia hạn"))
