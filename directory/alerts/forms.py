"""The alert preferences form."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, StringField, SubmitField
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


class SaveSearchForm(FlaskForm):
    """The words of a search to save (editable) and its filters (kept as on the search page).
    The length and emptiness rules are the service's, so that a refusal keeps what was typed."""

    q = StringField(_l("Từ khóa"))
    kind = HiddenField()
    filters = HiddenField()  # the search page's filters, as a query string
    submit = SubmitField(_l("Lưu tìm kiếm"))
