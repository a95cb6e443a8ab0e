"""The offering form: what a supplier offers, where, and to which standards."""

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SubmitField, TextAreaField
from wtforms.validators import DataRequired, ValidationError

from ..forms import (
    ChoiceField,
    MultiCheckboxField,
    line_field,
    options,
    sectors_field,
    text_field,
)
from ..i18n import current_language
from ..reference.services import all_communes, all_sectors
from ..validation import clean_text
from .labels import TYPE_LABELS

MAX_STANDARDS = 30
MAX_STANDARD_LENGTH = 200


def standard_lines(value) -> list[str]:
    """One standard per line, cleaned, blank lines and repeats dropped."""
    text = clean_text(value) or ""
    seen: list[str] = []
    for line in text.splitlines():
        item = " ".join(line.split())
        if item and item not in seen:
            seen.append(item)
    return seen


class OfferingForm(FlaskForm):
    type = ChoiceField(
        _l("Loại"),
        choices=options([("", _l("— Chọn —"))] + list(TYPE_LABELS.items())),
        validators=[DataRequired(_l("Vui lòng chọn loại giải pháp."))],
        invalid_choice_message=_l("Lựa chọn không hợp lệ."),
    )
    title = line_field(
        _l("Tên giải pháp, sản phẩm hoặc dịch vụ"), 300, required=_l("Vui lòng nhập tên.")
    )
    description = text_field(
        _l("Mô tả"),
        10000,
        description=_l("Công nghệ, ưu điểm, chi phí tham khảo, công trình đã thực hiện…"),
    )
    sectors = sectors_field(_l("Lĩnh vực"), description=_l("Chọn ít nhất một lĩnh vực."))
    capacity = line_field(_l("Công suất, năng lực"), 200, description=_l("Ví dụ: 20–500 m³/ngày"))
    standards = TextAreaField(
        _l("Quy chuẩn, tiêu chuẩn đáp ứng"),
        description=_l("Mỗi dòng một quy chuẩn, ví dụ QCVN 14:2025/BTNMT"),
    )
    eco_label = line_field(_l("Nhãn sinh thái, chứng nhận"), 200)
    service_area = MultiCheckboxField(
        _l("Khu vực phục vụ"),
        description=_l("Không chọn xã, phường nào nghĩa là phục vụ toàn tỉnh."),
        invalid_choice_message=_l("Có xã, phường không có trong danh sách của tỉnh Đồng Tháp."),
    )
    service_area_groups = MultiCheckboxField(
        _l("Cả khu vực"),
        invalid_choice_message=_l("Có khu vực không có trong danh sách của tỉnh Đồng Tháp."),
    )
    submit = SubmitField(_l("Lưu"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        language = current_language()
        self.sectors.choices = options((s.code, s.name(language)) for s in all_sectors())
        self.sectors.flags.required = True  # checked in validate_sectors; marks the legend
        communes = all_communes()
        self.service_area.choices = options((c.code, c.name) for c in communes)
        self.area_groups = commune_groups(communes)
        self.service_area_groups.choices = options((g, g) for g in self.area_groups)

    def validate_sectors(self, field):
        if not field.data:
            raise ValidationError(str(_l("Vui lòng chọn ít nhất một lĩnh vực.")))

    def validate_standards(self, field):
        lines = standard_lines(field.data)
        if len(lines) > MAX_STANDARDS:
            raise ValidationError(
                str(_l("Tối đa %(n)d quy chuẩn, mỗi dòng một quy chuẩn.", n=MAX_STANDARDS))
            )
        if any(len(line) > MAX_STANDARD_LENGTH for line in lines):
            raise ValidationError(
                str(_l("Mỗi quy chuẩn tối đa %(n)d ký tự.", n=MAX_STANDARD_LENGTH))
            )

    def values(self) -> dict:
        return {
            "type": self.type.data,
            "title": self.title.data,
            "description": self.description.data or "",
            "capacity": self.capacity.data or None,
            "standards": standard_lines(self.standards.data),
            "eco_label": self.eco_label.data or None,
            "sectors": list(self.sectors.data or []),
            "service_area": self.chosen_communes(),
        }

    def chosen_communes(self) -> list[str]:
        """The communes ticked one by one plus every commune of each area ticked as a whole."""
        chosen = list(self.service_area.data or [])
        for group in self.service_area_groups.data or []:
            chosen += [c.code for c in self.area_groups.get(group, ()) if c.code not in chosen]
        return chosen

    def fill_from(self, offering) -> None:
        self.type.data = offering.type
        self.title.data = offering.title
        self.description.data = offering.description
        self.capacity.data = offering.capacity
        self.standards.data = "\n".join(offering.standards or [])
        self.eco_label.data = offering.eco_label
        self.sectors.data = [s.code for s in offering.sectors]
        self.service_area.data = [c.code for c in offering.service_area]


def commune_groups(communes) -> dict[str, list]:
    """Communes by the district or city they (mostly) belonged to before 1 July 2025.

    A commune merged from two districts ("TP Sa Đéc, H. Lai Vung (Đồng Tháp cũ)") goes with the
    first one named, so that the list has one group per former district.
    """
    groups: dict[str, list] = {}
    for commune in communes:
        groups.setdefault(former_district(commune.former_area), []).append(commune)
    return {name: groups[name] for name in sorted(groups)}


def former_district(former_area: str | None) -> str:
    if not former_area:
        return str(_l("Khác"))
    first, _sep, rest = former_area.partition(", ")
    province = former_area[former_area.rfind(" (") :] if " (" in former_area else ""
    return first if first.endswith(")") else first + province
