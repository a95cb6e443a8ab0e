"""The message form ("Nội dung" / "Gửi"), the stage choice and the abuse report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField

from ..forms import text_field
from .labels import STAGE_LABELS
from .services import MAX_BODY

MAX_REASON = 2000


class MessageForm(FlaskForm):
    # Ids are checked by the service (a foreign or unknown id gets a clear message there).
    organization = SelectField(_l("Gửi với tư cách"), validate_choice=False)
    offering = SelectField(_l("Giải pháp của bạn (không bắt buộc)"), validate_choice=False)
    need = SelectField(_l("Nhu cầu của bạn (không bắt buộc)"), validate_choice=False)
    body = text_field(_l("Nội dung"), MAX_BODY, _l("Vui lòng nhập nội dung."), rows=6)
    submit = SubmitField(_l("Gửi"))


class ReplyForm(FlaskForm):
    body = MessageForm.body
    submit = SubmitField(_l("Gửi"))


class StageForm(FlaskForm):
    stage = SelectField(
        _l("Giai đoạn"),
        choices=[SelectChoice(code, label) for code, label in STAGE_LABELS.items()],
        validate_choice=False,
    )
    submit = SubmitField(_l("Cập nhật giai đoạn"))


class ReportForm(FlaskForm):
    reason = text_field(_l("Lý do"), MAX_REASON, _l("Vui lòng nêu lý do."), rows=3)
    submit = SubmitField(_l("Báo cáo vi phạm"))
