"""Forms of the curation desk; every message in Vietnamese first."""

import re

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired, InputRequired, NumberRange, ValidationError

from ..forms import (
    ChoiceField,
    VietnameseDateField,
    WholeNumberField,
    line_field,
    note_field,
    options,
    text_or_empty,
)
from ..timeutil import today_in_vietnam

_RECORD_URL = re.compile(r"/(organizations|offerings)/(\d{1,9})(?:[/?#]|$)")
_RECORD_ID = re.compile(r"^#?(\d{1,9})$")


class NoteForm(FlaskForm):
    """Verify with a note (what the officer saw)."""

    note = note_field(
        _l("Ghi chú xác minh"),
        required=_l("Vui lòng ghi rõ căn cứ xác minh (giấy tờ đã xem, khảo sát thực tế…)."),
        description=_l("Ví dụ: đã xem giấy chứng nhận đăng ký doanh nghiệp; đã đến cơ sở ngày …"),
    )


class ReasonForm(FlaskForm):
    """Reject verification, or hide a record, with a reason the owners receive."""

    reason = note_field(
        _l("Lý do"),
        required=_l("Vui lòng ghi lý do; chủ tổ chức sẽ nhận được lý do này."),
        description=_l("Viết rõ điều cần sửa để chủ tổ chức có thể khắc phục."),
    )


class OptionalNoteForm(FlaskForm):
    """Unhide, or ask for a review, with an optional note."""

    note = note_field(_l("Ghi chú"))


class FeatureForm(FlaskForm):
    kind = ChoiceField(
        _l("Loại"),
        choices=options(
            [("offering", _l("Giải pháp / dịch vụ")), ("organization", _l("Doanh nghiệp"))]
        ),
        validators=[InputRequired(_l("Giá trị không có trong danh sách."))],
    )
    record = StringField(
        _l("Bản ghi"),
        filters=[text_or_empty],
        validators=[DataRequired(_l("Vui lòng nhập số ID hoặc dán đường dẫn của bản ghi."))],
        description=_l("Số ID hoặc đường dẫn, ví dụ: 12 hoặc /offerings/12"),
    )
    starts_on = VietnameseDateField(
        _l("Từ ngày"),
        default=today_in_vietnam,
        validators=[InputRequired(_l("Vui lòng chọn ngày bắt đầu."))],
    )
    ends_on = VietnameseDateField(
        _l("Đến hết ngày"),
        validators=[InputRequired(_l("Vui lòng chọn ngày kết thúc."))],
    )
    reason = line_field(_l("Lý do nổi bật"), 300, _l("Vui lòng ghi ngắn gọn lý do."))
    position = WholeNumberField(
        _l("Thứ tự"),
        default=0,
        validators=[
            InputRequired(_l("Vui lòng nhập một số từ 0 đến 999.")),
            NumberRange(0, 999, message=_l("Vui lòng nhập một số từ 0 đến 999.")),
        ],
        description=_l("Số nhỏ hơn đứng trước."),
    )

    def target(self) -> tuple[str, int] | None:
        """(kind, id) from the record field: a plain id, or a link that names its kind."""
        text = self.record.data or ""
        match = _RECORD_URL.search(text)
        if match:
            kind = "organization" if match.group(1) == "organizations" else "offering"
            return kind, int(match.group(2))
        match = _RECORD_ID.match(text)
        if match:
            return self.kind.data, int(match.group(1))
        return None

    def validate_record(self, field):
        if field.data and self.target() is None:
            raise ValidationError(_l("Không hiểu bản ghi này; nhập số ID hoặc dán đường dẫn."))
