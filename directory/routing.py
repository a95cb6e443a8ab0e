"""What URLs may carry: record ids within bounds, page numbers within reason.

``<id:name>`` in a route takes a positive id that fits PostgreSQL's integer column; anything
else (0, -1, 99999999999999999999, abc) does not match and answers 404 before any view runs,
so views and queries never guard ids themselves. ``page_arg()`` reads ``?page=`` for web lists,
and ``or_404()`` turns "nothing by that id that this visitor may see" into the 404 page.
"""

from typing import TypeVar

from flask import abort, request
from werkzeug.routing import IntegerConverter

MAX_ID = 2**31 - 1  # PostgreSQL's integer: larger ids cannot exist, and comparing them fails
MAX_PAGE = 100_000  # far beyond any real listing; keeps OFFSET inside PostgreSQL's bigint

T = TypeVar("T")


class IdConverter(IntegerConverter):
    """``<id:org_id>``: a record id from 1 to MAX_ID."""

    def __init__(self, url_map):
        super().__init__(url_map, min=1, max=MAX_ID)


def id_from_text(text: str | None) -> int | None:
    """An id typed in a form or a query argument (``?org=12``); None unless it can exist."""
    text = (text or "").strip()
    if not (text.isascii() and text.isdecimal()) or len(text) > len(str(MAX_ID)):
        return None
    value = int(text)
    return value if 1 <= value <= MAX_ID else None


def page_arg(name: str = "page") -> int:
    """A forgiving ``?page=`` for web pages: anything odd is page 1, huge numbers are capped."""
    text = (request.args.get(name) or "").strip()
    if not (text.isascii() and text.isdecimal()):
        return 1
    digits = text.lstrip("0")
    if len(digits) > len(str(MAX_PAGE)):  # no need to read a thousand digits
        return MAX_PAGE
    return max(1, min(int(digits or "0"), MAX_PAGE))


def or_404(found: T | None) -> T:
    """``found``, or the 404 page when the URL names nothing (the visitor may see)."""
    if found is None:
        abort(404)
    return found


def init_app(app) -> None:
    """Before the blueprints: their rules are compiled with the converters known then."""
    app.url_map.converters["id"] = IdConverter
