"""Form fields and validators every area shares, each with its message in Vietnamese.

Choices, checkbox lists, dates typed as dd/mm/yyyy, VND amounts typed the Vietnamese way,
phone numbers and enterprise codes are read here once, so that the same input gets the same
answer on every form. WTForms ≥ 3.3 gives the option objects and the message hooks used here.
The place pickers (commune, industrial zone) read the reference tables, which the core may not
import: they are in ``directory/reference/forms.py``.
"""

import re
import unicodedata
from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    DateField,
    EmailField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, Email, Length, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from .validation import clean_text, enterprise_code_problem

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]  # what <input type=date> sends, and what people type
EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)
MAX_VND = 10**15
_GROUPED = re.compile(r"^[0-9]{1,3}(\.[0-9]{3})+$")
_CURRENCY = re.compile(r"(₫|đ|vnđ|vnd|đồng)$", re.IGNORECASE)
_PHONE = re.compile(r"^\+?[0-9 .()\-]{6,40}$")
_PHONE_DIGITS = 6


# Text ------------------------------------------------------------------------------------------


def one_line(value):
    """Clean text on a single line: NFC, no control characters, runs of spaces collapsed."""
    text = clean_text(value)
    return " ".join(text.split()) if text else None


def max_length(n: int) -> Length:
    return Length(max=n, message=_l("Tối đa %(max)d ký tự."))


def line_field(label, max_chars: int, required=None, **kwargs) -> StringField:
    """One line of text (see ``one_line``) of at most ``max_chars`` characters.

    ``required`` is the message for an empty one; without it the line may be left out.
    """
    presence = [DataRequired(required)] if required else []
    return StringField(
        label, filters=[one_line], validators=[*presence, max_length(max_chars)], **kwargs
    )


def text_or_empty(value) -> str:
    return clean_text(value) or ""


def text_field(
    label, max_chars: int, required=None, rows: int | None = None, **kwargs
) -> TextAreaField:
    """A few lines of text, cleaned (NFC, no control characters, trimmed), of at most
    ``max_chars`` characters; the browser is told the limit too.

    ``required`` is the message for an empty one; without it the text may be left out.
    """
    presence = [DataRequired(required)] if required else []
    render_kw = {"maxlength": max_chars, **({"rows": rows} if rows else {})}
    return TextAreaField(
        label,
        filters=[text_or_empty],
        validators=[*presence, max_length(max_chars)],
        render_kw=render_kw,
        **kwargs,
    )


def note_field(label, required=None, **kwargs) -> TextAreaField:
    """A note or reason in a few lines, at most 2,000 characters (see ``text_field``)."""
    return text_field(label, 2000, required, **kwargs)


# Choices ---------------------------------------------------------------------------------------


def options(pairs) -> list[SelectChoice]:
    """(value, label) pairs as WTForms choices; values are compared as text."""
    return [SelectChoice(str(value), label) for value, label in pairs]


class ChoiceField(SelectField):
    """A select whose unknown values are refused with a Vietnamese message.

    An empty value is left to the required-validator (or allowed, on an optional field).
    """

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Giá trị không có trong danh sách."))
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.data not in (None, ""):
            super().pre_validate(form)


class ChoiceRadioField(RadioField, ChoiceField):
    """The same choice as radio buttons."""


class MultiCheckboxField(SelectMultipleField):
    """Checkboxes instead of a multi-select: usable on a phone and without JavaScript."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_choice_message", _l("Có lựa chọn không hợp lệ."))
        super().__init__(*args, **kwargs)


def sectors_field(label, **kwargs) -> MultiCheckboxField:
    """The sectors a record is in, as checkboxes; the view or form fills the choices."""
    return MultiCheckboxField(
        label, invalid_choice_message=_l("Có lĩnh vực không có trong danh sách."), **kwargs
    )


# Dates and numbers -----------------------------------------------------------------------------


class VietnameseDateField(DateField):
    """A date typed as dd/mm/yyyy (or sent by a date picker) between ``earliest`` and ``latest``.

    ``latest`` may be a callable, for limits that move with today's date; with both limits
    None, the form's own validators decide (e.g. a deadline's).
    """

    def __init__(
        self,
        label=None,
        validators=None,
        earliest=EARLIEST_DAY,
        latest=LATEST_DAY,
        out_of_range_message=None,
        **kwargs,
    ):
        kwargs.setdefault("format", DATE_FORMATS)
        kwargs.setdefault(
            "invalid_value_message", _l("Ngày không hợp lệ; chọn ngày theo dạng dd/mm/yyyy.")
        )
        super().__init__(label, validators, **kwargs)
        self.earliest, self.latest = earliest, latest
        self.out_of_range_message = out_of_range_message or _l(
            "Chọn một ngày từ năm 2000 đến năm 2100."
        )

    def pre_validate(self, form):
        if self.data is None or self.earliest is None:
            return
        latest = self.latest() if callable(self.latest) else self.latest
        if not self.earliest <= self.data <= latest:
            raise ValidationError(self.out_of_range_message)


class WholeNumberField(IntegerField):
    """An integer field that says in Vietnamese what is wrong with what was typed."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_value_message", _l("Vui lòng nhập một số nguyên."))
        super().__init__(*args, **kwargs)


def parse_vnd(text: str) -> int | None:
    """Đồng typed as "12.000.000", "12000000" or "12.000.000 đ"; None when empty.

    Raises ValueError with the message to show when the text is not a positive amount.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    text = _CURRENCY.sub("", text).strip().replace(" ", "")
    if not text:
        return None
    if text.startswith("-"):
        raise ValueError(_l("Số tiền không được là số âm."))
    if not (_GROUPED.match(text) or re.fullmatch(r"[0-9]+", text)):
        raise ValueError(
            _l(
                "Nhập số tiền bằng chữ số, có thể dùng dấu chấm ngăn cách hàng nghìn, "
                "ví dụ 50.000.000."
            )
        )
    digits = text.replace(".", "")
    if len(digits) > len(str(MAX_VND)) or int(digits) > MAX_VND:
        raise ValueError(_l("Số tiền quá lớn: tối đa 1.000.000.000.000.000 ₫."))
    if int(digits) == 0:
        raise ValueError(_l("Số tiền phải lớn hơn 0; để trống nếu chưa xác định."))
    return int(digits)


class VndAmountField(StringField):
    """Money in VND (see ``parse_vnd``); shown back as typed, or grouped "12.000.000"."""

    def process_formdata(self, valuelist):
        self.raw = valuelist[0] if valuelist else ""
        self.data = None
        self.parse_problem = None
        try:
            self.data = parse_vnd(self.raw)
        except ValueError as problem:
            self.parse_problem = problem.args[0]

    def pre_validate(self, form):
        if getattr(self, "parse_problem", None):
            raise ValidationError(self.parse_problem)

    def _value(self):
        if getattr(self, "raw", None) is not None:
            return self.raw
        return f"{self.data:,}".replace(",", ".") if self.data is not None else ""


# Files -----------------------------------------------------------------------------------------


def upload_field(label, accept: str, required=None, **kwargs) -> FileField:
    """A file to send; ``accept`` tells the browser which kinds to offer."""
    message = required or _l("Vui lòng chọn một tệp để tải lên.")
    return FileField(
        label, validators=[FileRequired(message)], render_kw={"accept": accept}, **kwargs
    )


# Phones, email addresses and enterprise codes --------------------------------------------------


def phone_number(form, field):
    """Digits, spaces and + . - ( ), a + only in front, at least six digits."""
    text = (field.data or "").strip()
    if text and (not _PHONE.match(text) or sum(c.isdigit() for c in text) < _PHONE_DIGITS):
        raise ValidationError(
            _l("Số điện thoại chỉ gồm chữ số, dấu cách và các dấu + ( ) . -, có ít nhất 6 chữ số.")
        )


def phone_field(label, **kwargs) -> StringField:
    """A phone number to call, at most 40 characters; empty means none."""
    return StringField(label, validators=[max_length(40), phone_number], **kwargs)


def email_field(label, required=None, **kwargs) -> EmailField:
    """An email address to write to, at most 254 characters.

    ``required`` is the message for an empty one; without it the address may be left out.
    """
    return EmailField(
        label,
        validators=[
            DataRequired(required) if required else Optional(),
            max_length(254),
            Email(_l("Email không hợp lệ."), check_deliverability=False),
        ],
        **kwargs,
    )


ENTERPRISE_CODE_MESSAGES = {
    "format": _l(
        "Mã số doanh nghiệp gồm 10 chữ số, hoặc 10 chữ số, dấu gạch ngang và 3 chữ số "
        "(đơn vị phụ thuộc), ví dụ 1201234560 hoặc 1201234560-001."
    ),
    "check-digit": _l("Mã số doanh nghiệp không đúng: chữ số kiểm tra không khớp."),
}


def compact_code(value):
    """Enterprise codes are often typed with spaces or dots: keep only what the rule reads."""
    text = one_line(value)
    return text.replace(" ", "").replace(".", "") if text else None


def enterprise_code(form, field):
    """Ten digits with a valid check digit, optionally -NNN for a dependent unit."""
    problem = enterprise_code_problem(field.data) if field.data else None
    if problem:
        raise ValidationError(ENTERPRISE_CODE_MESSAGES[problem])


class EnterpriseCodeField(StringField):
    """An enterprise (tax) code, compacted as typed and checked; empty means none."""

    def __init__(self, label=None, validators=None, **kwargs):
        kwargs["filters"] = [compact_code, *kwargs.get("filters", ())]
        super().__init__(label, [*(validators or []), enterprise_code], **kwargs)
