"""Forms for organizations and their members; labels and messages in Vietnamese (_l)."""

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, StringField, SubmitField
from wtforms.validators import DataRequired, Optional

from ..forms import (
    ChoiceField,
    EnterpriseCodeField,
    email_field,
    line_field,
    max_length,
    one_line,
    options,
    phone_field,
    text_field,
)
from ..reference.forms import commune_field, zone_field
from .fields import check_website, normalise_website
from .labels import KIND_LABELS, SIZE_LABELS
from .logos import size_text

NOT_A_CHOICE = _l("Lựa chọn không hợp lệ.")


class OrganizationForm(FlaskForm):
    kind = ChoiceField(
        _l("Loại tổ chức"),
        choices=options([("", _l("— Chọn —"))] + list(KIND_LABELS.items())),
        validators=[DataRequired(_l("Vui lòng chọn loại tổ chức."))],
        invalid_choice_message=NOT_A_CHOICE,
    )
    name = line_field(_l("Tên tổ chức"), 300, required=_l("Vui lòng nhập tên tổ chức."))
    enterprise_code = EnterpriseCodeField(
        _l("Mã số doanh nghiệp"),
        validators=[Optional(), max_length(14)],
        description=_l("Mã số thuế 10 chữ số; để trống nếu là hộ kinh doanh hoặc cơ quan."),
    )
    size = ChoiceField(
        _l("Quy mô"),
        choices=options([("", _l("— Không nêu —"))] + list(SIZE_LABELS.items())),
        invalid_choice_message=NOT_A_CHOICE,
    )
    commune = commune_field(required=True)
    industrial_zone = zone_field()
    address = line_field(_l("Địa chỉ"), 500)
    phone = phone_field(_l("Điện thoại"), filters=[one_line])
    email = email_field(_l("Email liên hệ"), filters=[one_line])
    website = StringField(
        _l("Website"), filters=[normalise_website], validators=[max_length(500), check_website]
    )
    description = text_field(
        _l("Giới thiệu"),
        10000,
        description=_l("Lĩnh vực hoạt động, năng lực, kinh nghiệm, chứng nhận…"),
    )
    logo = FileField(_l("Logo"), render_kw={"accept": "image/png,image/jpeg,image/webp"})
    remove_logo = BooleanField(_l("Xóa logo hiện tại"))
    submit = SubmitField(_l("Lưu"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.logo.description = _l(
            "Ảnh PNG, JPEG hoặc WebP, tối đa %(size)s.",
            size=size_text(current_app.config["LOGO_MAX_BYTES"]),
        )

    def values(self) -> dict:
        """What the services need, by model attribute name."""
        return {
            "kind": self.kind.data,
            "name": self.name.data,
            "enterprise_code": self.enterprise_code.data or None,
            "size": self.size.data or None,
            "commune_code": self.commune.data or None,
            "industrial_zone_id": int(self.industrial_zone.data)
            if self.industrial_zone.data
            else None,
            "address": self.address.data or None,
            "phone": self.phone.data or None,
            "email": (self.email.data or "").lower() or None,
            "website": self.website.data or None,
            "description": self.description.data or "",
        }

    def fill_from(self, org) -> None:
        """Show an existing organization in the form (GET of the edit page)."""
        self.kind.data = org.kind
        self.name.data = org.name
        self.enterprise_code.data = org.enterprise_code
        self.size.data = org.size or ""
        self.commune.data = org.commune_code or ""
        self.industrial_zone.data = str(org.industrial_zone_id or "")
        self.address.data = org.address
        self.phone.data = org.phone
        self.email.data = org.email
        self.website.data = org.website
        self.description.data = org.description


class InviteForm(FlaskForm):
    email = email_field(
        _l("Email người được mời"), required=_l("Vui lòng nhập email."), filters=[one_line]
    )
    submit = SubmitField(_l("Gửi lời mời"))
