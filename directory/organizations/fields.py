"""Form pieces the organization and offering forms share: text filters, checkbox lists, rules."""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms import SelectField, SelectMultipleField
from wtforms.validators import Length, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from ..validation import clean_text

try:  # WTForms ≥ 3.3 wants option objects; older versions take (value, label) pairs
    from wtforms import SelectChoice
except ImportError:  # pragma: no cover - depends on the installed WTForms
    SelectChoice = None

PHONE = re.compile(r"^[0-9+().\- ]{6,40}$")


def options(pairs) -> list:
    """Select options from (value, label) pairs, in the form the installed WTForms expects."""
    if SelectChoice is None:
        return [(value, label) for value, label in pairs]
    return [SelectChoice(value, label) for value, label in pairs]


def one_line(value):
    """Clean text on a single line: NFC, no control characters, runs of spaces collapsed."""
    text = clean_text(value)
    return " ".join(text.split()) if text else None


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


class ChoiceField(SelectField):
    """A select whose unknown values get a Vietnamese message instead of WTForms' English one."""

    def __init__(self, *args, invalid_message=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Lựa chọn không hợp lệ.")

    def pre_validate(self, form):
        if self.data in (None, ""):
            return
        if self.data not in {str(value) for value, *_ in self.iter_choices()}:
            raise ValidationError(str(self.invalid_message))


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multi-select: usable on a phone and without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, invalid_message=None, **kwargs):
        kwargs.setdefault("validate_choice", False)
        super().__init__(*args, **kwargs)
        self.invalid_message = invalid_message or _l("Có lựa chọn không hợp lệ.")

    def pre_validate(self, form):
        allowed = {str(value) for value, *_ in self.iter_choices()}
        if any(value not in allowed for value in self.data or []):
            raise ValidationError(str(self.invalid_message))


def check_phone(form, field):
    if field.data and not PHONE.match(field.data):
        raise ValidationError(
            _l("Số điện thoại chỉ gồm chữ số, dấu cách và các ký tự + ( ) . -, ít nhất 6 ký tự.")
        )


def normalise_website(value):
    """Add https:// when someone types a bare domain such as "congty.vn"."""
    text = one_line(value)
    if text and "://" not in text and re.match(r"^[\w.-]+\.[a-zA-Z]{2,}(/\S*)?$", text):
        return "https://" + text
    return text


def check_website(form, field):
    if not field.data:
        return
    try:
        parts = urlsplit(field.data)
        host = parts.hostname or ""
    except ValueError:  # e.g. an unclosed IPv6 bracket
        parts, host = None, ""
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not host
        or "." not in host
        or any(c.isspace() for c in field.data)
    ):
        raise ValidationError(
            _l("Địa chỉ website phải bắt đầu bằng http:// hoặc https://, ví dụ https://congty.vn")
        )
