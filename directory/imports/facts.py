"""The offerings' optional ``labels`` and ``installations`` in the import format (issue 13).

JSON: lists of objects, ``{"scheme", "number", "valid_until", "scheme_name"?, "scope"?}`` and
``{"place", "commune"?, "year"?, "capacity"?, "application"?, "client"?}``. Spreadsheets: in
one cell, items separated by ``;`` and each item's fields by ``|`` in that order
(``green_label|NX-2026-015|2028-12-31``; ``KCN Sa Đéc|Phường Sa Đéc|2025|300 m³/ngày``).

An import is an officer's act: imported labels are verified (with no document) and imported
installations are public without a client's name (the file cannot carry the client's consent).
"""

from flask_babel import gettext as _

from ..documents.models import LabelScheme
from .fields import Invalid, to_date, to_text

LABEL_KEYS = ("scheme", "number", "valid_until", "scheme_name", "scope")
INSTALLATION_KEYS = ("place", "commune", "year", "capacity", "application")
LENGTHS = {"number": 100, "scheme_name": 200, "scope": 300, "place": 300, "capacity": 200}
LENGTHS["application"] = 300


def _items(value, keys: tuple[str, ...]) -> list[dict]:
    if value is None:
        return []
    if isinstance(value, str):
        value = [
            dict(zip(keys, (p.strip() or None for p in item.split("|")), strict=False))
            for item in value.split(";")
            if item.strip()
        ]
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise Invalid(_("phải là một danh sách các đối tượng"))
    for item in value:
        unknown = sorted(set(item) - set(keys))
        if unknown:
            raise Invalid(_("trường không có trong định dạng: %(names)s", names=", ".join(unknown)))
    return value


def _text(item: dict, key: str, required: bool = False) -> str | None:
    text = to_text(item.get(key)) if item.get(key) is not None else None
    if required and not text:
        raise Invalid(_("mỗi mục cần %(name)s", name=key))
    if text and len(text) > LENGTHS.get(key, 300):
        raise Invalid(_("dài %(n)d ký tự, tối đa %(max)d", n=len(text), max=LENGTHS[key]))
    return text


def check_labels(value, lookups) -> list[dict]:
    clean = []
    for item in _items(value, LABEL_KEYS):
        scheme = _text(item, "scheme", required=True)
        if scheme not in LabelScheme.codes():
            raise Invalid(_("scheme phải là green_label hoặc other"))
        until = to_date(item.get("valid_until"))
        if until is None:
            raise Invalid(_("mỗi mục cần %(name)s", name="valid_until"))
        clean.append(
            {
                "scheme": scheme,
                "number": _text(item, "number", required=True),
                "valid_until": until,
                "scheme_name": _text(item, "scheme_name"),
                "scope": _text(item, "scope"),
            }
        )
    return clean


def check_installations(value, lookups) -> list[dict]:
    clean = []
    for item in _items(value, INSTALLATION_KEYS):
        commune = _text(item, "commune")
        year = item.get("year")
        try:
            year = int(str(year)) if year not in (None, "") else None
        except ValueError as exc:
            raise Invalid(_("year phải là một năm, ví dụ 2025")) from exc
        if year is not None and not 1990 <= year <= 2100:
            raise Invalid(_("year phải là một năm, ví dụ 2025"))
        clean.append(
            {
                "place": _text(item, "place", required=True),
                "commune_code": lookups.commune(commune) if commune else None,
                "year": year,
                "capacity": _text(item, "capacity"),
                "application": _text(item, "application"),
            }
        )
    return clean
