"""The website field's filter and rule (the shared fields are in ``directory.forms``)."""

import re
from urllib.parse import urlsplit

from flask_babel import lazy_gettext as _l
from wtforms.validators import ValidationError

from ..forms import one_line


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
