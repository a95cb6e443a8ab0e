"""The place pickers every form shares: a commune (xã, phường) and an industrial park or cluster.

They live here rather than in the core's ``directory/forms.py`` because their choices come from
the reference tables, and the core imports no area. Each picker reads its list when a form
first shows or checks it (WTForms calls ``choices`` once per form), so a page asks the
database once per picker, as the views that filled the lists by hand did.
"""

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import SelectChoice
from wtforms.validators import DataRequired

from ..forms import ChoiceField
from .services import all_zones, communes_in_order

CHOOSE_COMMUNE = _l("— Chọn xã, phường —")
CHOOSE_ZONE = _l("— Chọn khu, cụm công nghiệp —")
NO_ZONE = _l("— Không nằm trong khu, cụm công nghiệp —")


def commune_choices() -> list[SelectChoice]:
    """Wards, then communes, each group alphabetical under its heading."""
    groups = {"phường": _("Phường"), "xã": _("Xã")}
    return [SelectChoice("", str(CHOOSE_COMMUNE))] + [
        SelectChoice(c.code, c.name, optgroup=groups.get(c.type, c.type))
        for c in communes_in_order()
    ]


def commune_field(required: bool = False) -> ChoiceField:
    """A commune or ward of the province, by its statistics code; empty when not ``required``."""
    return ChoiceField(
        _l("Xã, phường"),
        choices=commune_choices,
        validators=[DataRequired(_l("Vui lòng chọn xã, phường."))] if required else [],
        invalid_choice_message=_l("Xã, phường không có trong danh sách của tỉnh Đồng Tháp."),
    )


def zone_field(required: bool = False) -> ChoiceField:
    """An industrial park or cluster, by its id; when not ``required``, the blank says "none"."""
    blank = CHOOSE_ZONE if required else NO_ZONE

    def zone_choices() -> list[SelectChoice]:
        return [SelectChoice("", str(blank))] + [
            SelectChoice(str(zone.id), zone.name) for zone in all_zones()
        ]

    return ChoiceField(
        _l("Khu, cụm công nghiệp"),
        choices=zone_choices,
        validators=[DataRequired(_l("Vui lòng chọn khu, cụm công nghiệp."))] if required else [],
        invalid_choice_message=_l("Khu, cụm công nghiệp không có trong danh sách."),
    )
