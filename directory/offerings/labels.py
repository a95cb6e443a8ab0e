"""How offering codes are shown to people, in the visitor's language."""

from flask_babel import lazy_gettext as _l

TYPE_LABELS = {
    "technology": _l("Công nghệ"),
    "equipment": _l("Thiết bị"),
    "product": _l("Sản phẩm"),
    "service": _l("Dịch vụ"),
}


def type_label(code: str | None) -> str:
    return str(TYPE_LABELS.get(code, code or ""))
