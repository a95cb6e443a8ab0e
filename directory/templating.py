"""Jinja filters and globals shared by every template."""

from datetime import date, datetime
from urllib.parse import urlencode

from flask import request, url_for
from flask_babel import format_datetime

from .i18n import current_language, format_vnd
from .timeutil import today_in_vietnam


def format_date(value: date | datetime | None) -> str:
    """Dates as dd/mm/yyyy, the way Vietnamese forms and letters write them."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return format_datetime(value, "dd/MM/yyyy")
    return value.strftime("%d/%m/%Y")


def format_timestamp(value: datetime | None) -> str:
    """A stored UTC timestamp in Vietnam time."""
    return format_datetime(value, "dd/MM/yyyy HH:mm") if value else ""


def url_with(**changes: object) -> str:
    """The current page's URL with some query arguments changed (pagination, facets).

    The query is encoded here, the way werkzeug encodes it, rather than handed to ``url_for``:
    that would read a visitor's ``?_scheme=``, ``_anchor``, ``_method`` or ``_external`` as one
    of its own options (a crash, or an absolute URL)."""
    if request.endpoint is None:  # an error page for a URL no route matched
        raise RuntimeError("url_with needs a page that a route matched")
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None:
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    path = url_for(request.endpoint, **(request.view_args or {}))
    query = urlencode(args, doseq=True, safe="!$'()*,/:;?@")
    return f"{path}?{query}" if query else path


def template_globals(blueprint, **helpers) -> None:
    """Give every template (and every macro it imports) ``helpers`` once ``blueprint`` is
    registered: the one way an area hands templates its code labels and helpers."""
    blueprint.record_once(lambda state: state.app.jinja_env.globals.update(helpers))


def init_app(app) -> None:
    app.jinja_env.filters["vnd"] = format_vnd
    app.jinja_env.filters["date"] = format_date
    app.jinja_env.filters["timestamp"] = format_timestamp
    app.jinja_env.globals["url_with"] = url_with
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.globals["today_in_vietnam"] = today_in_vietnam
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
