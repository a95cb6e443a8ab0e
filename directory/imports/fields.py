"""The import format's vocabulary: problems, field types, and raw value → clean value.

A raw value comes from JSON (str, int, float, bool, list, dict, None) or from a spreadsheet
cell (str, int, float, bool, date/datetime, None); every converter accepts both and raises
``Invalid`` with a message for the person who wrote the file.
"""

import contextlib
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from flask import current_app, has_request_context
from flask_babel import force_locale
from flask_babel import gettext as _

from ..validation import clean_text

FORMAT = "ecodirectory/v1"
KINDS = ("organizations", "offerings", "needs")
BIGINT_MAX = 2**63 - 1

_TRUE = {"true", "1", "có", "co", "yes", "x"}
_FALSE = {"false", "0", "không", "khong", "no"}
_ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_DMY_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_AMOUNT = re.compile(r"^(\d{1,3}(?:([.,  ])\d{3})(?:\2\d{3})*|\d+)$")
_CURRENCY = re.compile(r"\s*(₫|đ|vnđ|vnd|đồng)$", re.IGNORECASE)


class Invalid(ValueError):
    """A value that cannot be used; ``str()`` is the message for the file's author."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input: ``where: field: message`` when printed."""

    where: str  # a record's ref, "offerings row 12", or the file's name
    field: str | None
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}: {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


def messages_locale():
    """Outside a request (CLI, demo loader) messages use the default locale.

    The app's locale selector reads the session, which only exists inside a request.
    """
    if has_request_context():
        return contextlib.nullcontext()
    return force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "vi"))


def _type_name(value) -> str:
    if isinstance(value, dict):
        return _("một đối tượng")
    if isinstance(value, list):
        return _("một danh sách")
    if isinstance(value, bool):
        return _("giá trị đúng/sai")
    return type(value).__name__


def to_text(value, multiline: bool = False) -> str | None:
    """Clean text (NFC, no control characters); single-line fields get their spaces collapsed."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date() if value.time() == datetime.min.time() else value
    if isinstance(value, int | float | date) and not isinstance(value, bool):
        value = value.isoformat() if isinstance(value, date) else str(value)
    if not isinstance(value, str):
        raise Invalid(_("phải là văn bản, không phải %(type)s", type=_type_name(value)))
    if value.replace("\n", "").replace("\t", "").isprintable():
        # No control or format characters to drop: the same result as clean_text, without its
        # per-character walk (ten thousand descriptions take seconds).
        text = unicodedata.normalize("NFC", value).strip() or None
    else:
        text = clean_text(value)
    if text and not multiline:
        text = " ".join(text.split())
    return text


def to_list(value) -> list[str]:
    """A JSON list, or items separated by ";" in one cell; empty items and repeats dropped."""
    if value is None:
        return []
    if isinstance(value, dict | bool):
        raise Invalid(_("phải là một danh sách, không phải %(type)s", type=_type_name(value)))
    if not isinstance(value, list):
        value = (to_text(value) or "").split(";")
    clean = []
    for item in value:
        if isinstance(item, dict | list):
            raise Invalid(_("mỗi mục phải là văn bản, không phải %(type)s", type=_type_name(item)))
        text = to_text(item)
        if text and text not in clean:
            clean.append(text)
    return clean


def to_bool(value) -> bool | None:
    """true/false, TRUE/FALSE, 1/0, có/không (any case); empty is null."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    if isinstance(value, str):
        word = " ".join(value.split()).casefold()
        if not word:
            return None
        if word in _TRUE:
            return True
        if word in _FALSE:
            return False
    raise Invalid(_("phải là TRUE/FALSE, 1/0 hoặc có/không"))


def to_amount(value) -> int | None:
    """A non-negative whole number of đồng: 12000000000, 1.2e10 or "12.000.000.000 ₫"."""
    if value is None:
        return None
    if isinstance(value, bool):
        raise Invalid(_("phải là một số nguyên"))
    if isinstance(value, float):
        value = _whole_number(value)
    elif isinstance(value, str):
        value = _amount_in_text(value)
        if value is None:
            return None
    if not isinstance(value, int):
        raise Invalid(_("phải là một số nguyên, không phải %(type)s", type=_type_name(value)))
    if value < 0:
        raise Invalid(_("không được là số âm"))
    if value > BIGINT_MAX:
        raise Invalid(_("số quá lớn"))
    return value


def _whole_number(value: float) -> int:
    """A float that holds a whole number (1.2e10 in JSON, some spreadsheet cells)."""
    if not math.isfinite(value) or not value.is_integer():
        raise Invalid(_("phải là một số nguyên"))
    return int(value)


def _amount_in_text(value: str) -> int | None:
    """The whole number "12.000.000.000 ₫" writes; None when nothing is left without the
    currency and the spaces."""
    text = _CURRENCY.sub("", " ".join(value.split()))
    if not text:
        return None
    if text.startswith("-") and _AMOUNT.match(text[1:]):
        raise Invalid(_("không được là số âm"))
    if not _AMOUNT.match(text):
        raise Invalid(_("phải là một số nguyên (đồng), ví dụ 12000000000"))
    return int(re.sub(r"\D", "", text))


def to_date(value) -> date | None:
    """An ISO date (2027-06-30), a day-first date (30/06/2027) or a date cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = " ".join(value.split()) if isinstance(value, str) else None
    if text == "":
        return None
    match = _ISO_DATE.match(text or "")
    parts = (match.group(1), match.group(2), match.group(3)) if match else None
    if not parts and (match := _DMY_DATE.match(text or "")):
        parts = (match.group(3), match.group(2), match.group(1))
    if not parts:
        raise Invalid(_("phải là một ngày dạng YYYY-MM-DD, ví dụ 2027-06-30"))
    try:
        return date(int(parts[0]), int(parts[1]), int(parts[2]))
    except ValueError:
        raise Invalid(_("ngày %(text)s không có trên lịch", text=text)) from None
