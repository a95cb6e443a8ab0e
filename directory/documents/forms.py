"""Forms of the documents area: upload, declare a label, add an installation, decide."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired, NumberRange, Optional, ValidationError

from ..forms import (
    ChoiceField,
    VietnameseDateField,
    WholeNumberField,
    line_field,
    note_field,
    options,
    upload_field,
)
from ..reference.forms import commune_field
from .models import DocumentKind, LabelScheme

ACCEPT = "application/pdf,image/png,image/jpeg,image/webp"


class DocumentForm(FlaskForm):
    file = upload_field(
        _l("Tệp"),
        ACCEPT,
        required=_l("Hãy chọn một tệp PDF, JPEG, PNG hoặc WebP."),
        description=_l("PDF, JPEG, PNG hoặc WebP, tối đa 10 MB; PDF tối đa 200 trang."),
    )
    kind = ChoiceField(
        _l("Loại tài liệu"),
        choices=options(DocumentKind.labels().items()),
        validators=[DataRequired(_l("Hãy chọn loại tài liệu."))],
    )
    title = line_field(_l("Tên tài liệu"), 300, required=_l("Hãy đặt tên cho tài liệu."))
    issuer = line_field(_l("Cơ quan cấp"), 300)
    number = line_field(_l("Số hiệu"), 100)
    issued_on = VietnameseDateField(_l("Ngày cấp"), validators=[Optional()])
    expires_on = VietnameseDateField(_l("Ngày hết hạn"), validators=[Optional()])
    officers_only = BooleanField(
        _l("Chỉ cán bộ Sở được xem"),
        description=_l("Ví dụ giấy phép, đăng ký kinh doanh: không hiện cho người xem khác."),
    )

    def values(self) -> dict:
        return {
            "kind": self.kind.data,
            "title": self.title.data,
            "issuer": self.issuer.data or None,
            "number": self.number.data or None,
            "issued_on": self.issued_on.data,
            "expires_on": self.expires_on.data,
            "officers_only": bool(self.officers_only.data),
        }


class LabelForm(FlaskForm):
    scheme = ChoiceField(
        _l("Nhãn"),
        choices=options(LabelScheme.labels().items()),
        validators=[DataRequired(_l("Hãy chọn nhãn."))],
    )
    scheme_name = line_field(
        _l("Tên nhãn khác"), 200, description=_l("Chỉ khi chọn “Nhãn sinh thái khác”.")
    )
    number = line_field(_l("Số giấy chứng nhận"), 100, required=_l("Hãy nhập số giấy chứng nhận."))
    scope = line_field(_l("Phạm vi sản phẩm"), 300)
    valid_until = VietnameseDateField(
        _l("Hiệu lực đến"), validators=[DataRequired(_l("Hãy nhập ngày hết hiệu lực."))]
    )
    document = ChoiceField(
        _l("Giấy chứng nhận đã tải lên"),
        validators=[DataRequired(_l("Hãy chọn giấy chứng nhận để cán bộ Sở đối chiếu."))],
    )

    def validate_scheme_name(self, field):
        if self.scheme.data == LabelScheme.OTHER and not field.data:
            raise ValidationError(_l("Hãy ghi tên nhãn."))


class InstallationForm(FlaskForm):
    place = line_field(_l("Nơi lắp đặt"), 300, required=_l("Hãy ghi nơi lắp đặt."))
    commune = commune_field()
    year = WholeNumberField(
        _l("Năm"),
        validators=[Optional(), NumberRange(1990, 2100, _l("Năm từ 1990 đến 2100."))],
    )
    capacity = line_field(_l("Công suất"), 200)
    application = line_field(
        _l("Ứng dụng"), 300, description=_l("Ví dụ: nước thải chế biến thủy sản, lò hơi đốt trấu.")
    )
    client = line_field(_l("Khách hàng"), 300)
    client_consent = BooleanField(_l("Khách hàng đồng ý công khai tên"))

    def values(self) -> dict:
        return {
            "place": self.place.data,
            "commune_code": self.commune.data or None,
            "year": self.year.data,
            "capacity": self.capacity.data or None,
            "application": self.application.data or None,
            "client": self.client.data or None,
            "client_consent": bool(self.client_consent.data and self.client.data),
        }


class DecisionForm(FlaskForm):
    note = note_field(
        _l("Ghi chú hoặc lý do"), required=_l("Hãy ghi căn cứ xác minh hoặc lý do từ chối.")
    )
