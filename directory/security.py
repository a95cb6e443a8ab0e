"""Security headers, refusing control characters in input, and safe redirects."""

import re
from typing import TypeGuard
from urllib.parse import urlsplit

from flask import abort, request
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from flask_login import current_user

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


# C0 controls and DEL except tab, line feed and carriage return: no text field needs them,
# and PostgreSQL refuses NUL in text outright.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def refuse_control_characters():
    """One check for every text input: the path, the query string and form fields."""
    texts = [request.path]
    for values in (request.args, request.form):
        for key, value in values.items(multi=True):
            texts += (key, value)
    if any(CONTROL_CHARACTERS.search(text) for text in texts):
        abort(
            400,
            description=_(
                "Dữ liệu gửi lên chứa ký tự điều khiển không hợp lệ (ví dụ ký tự NUL). "
                "Vui lòng xóa chúng rồi gửi lại."
            ),
        )


class NoSessionForTheApi(SecureCookieSessionInterface):
    """The public API reads no cookie: under /api/ the session is Flask's null session, so no
    request there can act as a signed-in user, and no answer sets a cookie or varies on one."""

    def open_session(self, app, request):
        if request.path.startswith("/api/"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def init_app(app) -> None:
    app.session_interface = NoSessionForTheApi()
    app.before_request(refuse_control_characters)

    @app.after_request
    def set_security_headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("X-Frame-Options", "DENY")
        response.headers.setdefault("Referrer-Policy", "strict-origin-when-cross-origin")
        public = request.endpoint == "static" or request.path.startswith("/api/")
        if not public and current_user.is_authenticated:
            # Pages for a signed-in user stay out of shared and back-button caches.
            response.headers["Cache-Control"] = "no-store"
        if app.config["HSTS"]:
            response.headers.setdefault(
                "Strict-Transport-Security", "max-age=31536000; includeSubDomains"
            )
        return response


def is_safe_next(target: str | None) -> TypeGuard[str]:
    """Only paths on this site: no scheme, no host, no protocol-relative or backslash tricks."""
    if not target or not target.startswith("/") or target.startswith("//"):
        return False
    if "\\" in target or any(ord(c) < 32 for c in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc


def safe_next(default: str) -> str:
    target = request.args.get("next") or request.form.get("next")
    return target if is_safe_next(target) else default
