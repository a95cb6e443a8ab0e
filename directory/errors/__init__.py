"""Error pages in the visitor's language, JSON errors under /api/."""

from collections.abc import Callable
from typing import Any, TypeVar

from flask import Blueprint, flash, jsonify, make_response, redirect, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

from ..domain import DomainError, NotAllowed

bp = Blueprint("errors", __name__)

T = TypeVar("T")
#: A success message, or what makes it from the service's result (None: nothing to say).
Done = str | Callable[[T], str | None] | None

MESSAGES = {
    400: (_l("Yêu cầu không hợp lệ"), _l("Máy chủ không hiểu yêu cầu này.")),
    403: (_l("Không có quyền truy cập"), _l("Bạn không có quyền thực hiện thao tác này.")),
    404: (_l("Không tìm thấy trang"), _l("Trang bạn tìm không tồn tại hoặc đã bị gỡ.")),
    405: (_l("Phương thức không được phép"), _l("Trang này không nhận yêu cầu kiểu đó.")),
    413: (_l("Tệp quá lớn"), _l("Tệp tải lên vượt quá dung lượng cho phép.")),
    429: (_l("Quá nhiều yêu cầu"), _l("Vui lòng chờ ít phút rồi thử lại.")),
    500: (_l("Lỗi hệ thống"), _l("Đã có lỗi xảy ra. Chúng tôi đã ghi nhận và sẽ khắc phục.")),
    503: (_l("Tìm kiếm tạm thời gián đoạn"), _l("Vui lòng thử lại sau ít phút.")),
}


def show_refusal(error: DomainError, form=None) -> None:
    """The one way a view shows a refusal: next to its field when the form has that field,
    else as a message above the page."""
    field = getattr(form, error.field, None) if form is not None and error.field else None
    if field is not None:
        field.errors = [*field.errors, error.message]
    else:
        flash(error.message, "error")


#: What a service call that was refused returns in place of its result.
_REFUSED: Any = object()


def _attempt(action: Callable[[], T], done: Done[T], refused: type[DomainError], form) -> T:
    try:
        result = action()
    except refused as error:
        show_refusal(error, form)
        return _REFUSED
    message = done(result) if callable(done) else done
    if message is not None:  # a service may answer that nothing changed: then nothing is said
        flash(message, "success")
    return result


def attempted(
    action: Callable[[], object], done: Done[Any], refused: type[DomainError], form=None
) -> bool:
    """A button's POST (or a form already checked): run the service call ``action``; True when
    it ran (``done`` is flashed), False when it refused with ``refused`` (shown by
    show_refusal, next to the ``form``'s field when one is given, else as a message)."""
    return _attempt(action, done, refused, form) is not _REFUSED


def submitted(
    form, action: Callable[[], object], done: Done[Any], refused: type[DomainError]
) -> bool:
    """The shape every POST form handler shares. When the form validates, run the service call
    ``action``: True when it ran (``done`` is flashed), False when the form was invalid or the
    service refused with ``refused`` (shown by show_refusal). The view then redirects or renders
    the page again with the form, which keeps what the visitor typed.

    ``done`` is the message, or makes it from what ``action`` returned (None: say nothing)."""
    return form.validate_on_submit() and attempted(action, done, refused, form)


def submitted_result(
    form, action: Callable[[], T], done: Done[T], refused: type[DomainError]
) -> T | None:
    """submitted() for a service that returns what it saved (the view redirects to it): that,
    or None when the form was invalid or the service refused."""
    if not form.validate_on_submit():
        return None
    result = _attempt(action, done, refused, form)
    return None if result is _REFUSED else result


def form_page(template: str, form, **context) -> tuple[str, int]:
    """A form's page: 200 when it is first shown, 400 when it comes back after a POST that was
    invalid or refused, with what the visitor typed and the reasons next to the fields."""
    status = 400 if form.is_submitted() else 200
    return render_template(template, form=form, **context), status


def saving_form_page(
    form,
    save: Callable[[], T],
    done: Done[T],
    refused: type[DomainError],
    to: Callable[[T], str],
    template: str,
    **context,
):
    """The page of a form that saves a record (new or edit): when the form validates and
    ``save`` returns what it saved, ``done`` is flashed and the visitor goes to ``to(saved)``
    (a URL); else the form's page (``form_page``) with the form as typed."""
    saved = submitted_result(form, save, done, refused)
    if saved is not None:
        return redirect(to(saved))
    return form_page(template, form, **context)


def wants_json() -> bool:
    return request.path.startswith("/api/")


#: The stable, machine-readable ``type`` of a JSON error, by status (docs/api.md).
ERROR_TYPES = {
    400: "invalid_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    413: "too_large",
    429: "rate_limited",
    503: "unavailable",
}


def render_error(code: int, message: str | None = None, type_: str | None = None, **extra):
    """The error page, or under /api/ ``{"error": {"code", "type", "message", …extra}}``."""
    title, default_message = MESSAGES.get(code, MESSAGES[500 if code >= 500 else 400])
    text = str(message or default_message)
    if wants_json():
        kind = type_ or ERROR_TYPES.get(code, "server_error" if code >= 500 else "invalid_request")
        return jsonify(error={"code": code, "type": kind, "message": text, **extra}), code
    return render_template("errors/error.html", title=title, message=text), code


@bp.app_errorhandler(CSRFError)
def csrf_error(error):
    return render_error(
        400,
        _l(
            "Phiên làm việc đã hết hạn hoặc biểu mẫu không hợp lệ. "
            "Vui lòng tải lại trang và gửi lại."
        ),
    )


@bp.app_errorhandler(NotAllowed)
def not_allowed(error: NotAllowed):
    return render_error(403)


@bp.app_errorhandler(DomainError)
def refused(error: DomainError):
    """A refusal no view caught: say what was refused instead of a 500."""
    return render_error(400, error.message)


@bp.app_errorhandler(HTTPException)
def http_error(error: HTTPException):
    code = error.code or 500
    # Our own abort(404, description=...) texts are meant for users; Werkzeug's defaults are not.
    custom = error.description if error.description != type(error).description else None
    # An exception may name its stable type and the offending query parameter (the API's).
    parameter = getattr(error, "parameter", None)
    extra = {"parameter": parameter} if parameter else {}
    body, status = render_error(code, custom, getattr(error, "error_type", None), **extra)
    response = make_response(body, status)
    for name, value in error.get_headers():  # e.g. Allow on 405, Retry-After on 429
        if name.lower() != "content-type":
            response.headers[name] = value
    return response


@bp.app_errorhandler(InternalServerError)
def internal_error(error):
    # Reached only outside testing: tests let exceptions propagate so they fail loudly.
    return render_error(500)
