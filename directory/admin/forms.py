"""Forms of the admin pages; every message in Vietnamese first."""

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError

from ..validation import clean_text

ROLE_LABELS = {
    "member": _l("Thành viên"),
    "officer": _l("Cán bộ Sở"),
    "admin": _l("Quản trị viên"),
}
EARLIEST, LATEST = date(2000, 1, 1), date(2100, 12, 31)


class RoleForm(FlaskForm):
    role = SelectField(
        _l("Vai trò"),
        choices=[SelectChoice(code, label) for code, label in ROLE_LABELS.items()],
        validate_choice=False,
    )

    def validate_role(self, field):
        if field.data not in ROLE_LABELS:
            raise ValidationError(_l("Vai trò không hợp lệ."))


class LenientDateField(DateField):
    """A filter date: a bad one is reported in Vietnamese, and only 2000–2100 make sense."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            message = _l("Ngày không hợp lệ; chọn ngày theo dạng dd/mm/yyyy.")
            raise ValueError(str(message)) from error

    def pre_validate(self, form):
        if self.data is not None and not EARLIEST <= self.data <= LATEST:
            raise ValidationError(_l("Chọn một ngày từ năm 2000 đến năm 2100."))


class LenientIntegerField(IntegerField):
    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError as error:
            raise ValueError(str(_l("Vui lòng nhập một số nguyên."))) from error


def _known_choice(field) -> None:
    if field.data and field.data not in {choice.value for choice in field.choices or []}:
        raise ValidationError(_l("Giá trị không có trong danh sách."))


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string."""

    class Meta:
        csrf = False

    actor = StringField(_l("Người thực hiện"), filters=[lambda v: (clean_text(v) or "")[:100]])
    action = SelectField(_l("Thao tác"), validate_choice=False)
    object_type = SelectField(_l("Loại đối tượng"), validate_choice=False)
    object_id = LenientIntegerField(
        _l("ID đối tượng"),
        validators=[Optional(), NumberRange(1, 2**31 - 1, message=_l("ID không hợp lệ."))],
    )
    since = LenientDateField(
        _l("Từ ngày"), format=["%Y-%m-%d", "%d/%m/%Y"], validators=[Optional()]
    )
    until = LenientDateField(
        _l("Đến ngày"), format=["%Y-%m-%d", "%d/%m/%Y"], validators=[Optional()]
    )

    def validate_action(self, field):
        _known_choice(field)

    def validate_object_type(self, field):
        _known_choice(field)

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
