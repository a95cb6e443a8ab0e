"""The message form ("Nội dung" / "Gửi"), the stage choice and the abuse report."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectChoice, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from .labels import STAGE_LABELS
from .services import MAX_BODY

MAX_REASON = 2000


class MessageForm(FlaskForm):
    # Ids are checked by the service (a foreign or unknown id gets a clear message there).
    organization = SelectField(_l("Gửi với tư cách"), validate_choice=False)
    offering = SelectField(_l("Giải pháp của bạn (không bắt buộc)"), validate_choice=False)
    need = SelectField(_l("Nhu cầu của bạn (không bắt buộc)"), validate_choice=False)
    body = TextAreaField(
        _l("Nội dung"),
        validators=[
            DataRequired(_l("Vui lòng nhập nội dung.")),
            Length(max=MAX_BODY, message=_l("Nội dung dài tối đa %(max)d ký tự.")),
        ],
        render_kw={"rows": 6, "maxlength": MAX_BODY},
    )
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
    reason = TextAreaField(
        _l("Lý do"),
        validators=[
            DataRequired(_l("Vui lòng nêu lý do.")),
            Length(max=MAX_REASON, message=_l("Lý do dài tối đa %(max)d ký tự.")),
        ],
        render_kw={"rows": 3, "maxlength": MAX_REASON},
    )
    submit = SubmitField(_l("Báo cáo vi phạm"))
