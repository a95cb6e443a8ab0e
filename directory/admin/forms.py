"""Forms of the admin pages; every message in Vietnamese first."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from ..accounts.models import UserRole
from ..forms import ChoiceField, VietnameseDateField, WholeNumberField, options
from ..routing import MAX_ID
from ..validation import clean_text

ROLE_LABELS = UserRole.labels()


class RoleForm(FlaskForm):
    role = ChoiceField(
        _l("Vai trò"),
        choices=options(ROLE_LABELS.items()),
        validators=[InputRequired(_l("Vai trò không hợp lệ."))],
        invalid_choice_message=_l("Vai trò không hợp lệ."),
    )


class AuditFilterForm(FlaskForm):
    """The audit log's filters, read from the query string."""

    class Meta:
        csrf = False

    actor = StringField(_l("Người thực hiện"), filters=[lambda v: (clean_text(v) or "")[:100]])
    action = ChoiceField(_l("Thao tác"))
    object_type = ChoiceField(_l("Loại đối tượng"))
    object_id = WholeNumberField(
        _l("ID đối tượng"),
        validators=[Optional(), NumberRange(1, MAX_ID, message=_l("ID không hợp lệ."))],
    )
    since = VietnameseDateField(_l("Từ ngày"), validators=[Optional()])
    until = VietnameseDateField(_l("Đến ngày"), validators=[Optional()])

    def validate_until(self, field):
        if field.data and self.since.data and field.data < self.since.data:
            raise ValidationError(_l("Ngày kết thúc phải từ ngày bắt đầu trở đi."))
