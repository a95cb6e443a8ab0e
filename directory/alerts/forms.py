"""The alert preferences form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField
from wtforms.validators import InputRequired

from ..forms import ChoiceRadioField, options
from .models import Frequency


class AlertSettingsForm(FlaskForm):
    frequency = ChoiceRadioField(
        _l("Báo cho tôi khi có kết quả phù hợp mới"),
        choices=options(Frequency.labels().items()),
        validators=[InputRequired(_l("Chọn một cách nhận thông báo."))],
    )
    submit = SubmitField(_l("Lưu"))
