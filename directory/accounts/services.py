"""Accounts: sign-up, authentication with rate limiting, password reset tokens, roles."""

import hashlib
import hmac
import math
import time
import unicodedata
from datetime import timedelta
from functools import cache

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..domain import DomainError
from ..extensions import db
from ..routing import MAX_ID
from ..timeutil import utcnow
from .models import ROLES, LoginFailure, MailSent, User


class AccountError(DomainError):
    """A request the account rules refuse."""

    messages = {
        "email-taken": _l("Email này đã được đăng ký. Hãy đăng nhập hoặc đặt lại mật khẩu."),
        # What sign-up and reset say: their MAIL_LIMITS window is an hour.
        "too-many-mails": _l("Bạn đã gửi quá nhiều yêu cầu. Vui lòng thử lại sau một giờ."),
        "too-many-attempts": _l(
            "Đăng nhập sai nhiều lần. Vui lòng thử lại sau %(seconds)d giây hoặc đặt lại mật khẩu."
        ),
    }


class TooManyMails(AccountError):
    """A sender (``by_sender``) or a recipient has had as much mail of a kind as allowed."""

    def __init__(self, by_sender: bool):
        super().__init__("too-many-mails")
        self.by_sender = by_sender


class TooManyAttempts(AccountError):
    """Sign-in refused for now; ``retry_after`` seconds until the next attempt may run."""

    def __init__(self, retry_after: int):
        self.retry_after = max(1, retry_after)
        super().__init__("too-many-attempts", seconds=self.retry_after)


def normalise_email(email: str) -> str:
    return unicodedata.normalize("NFC", email or "").strip().lower()


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=normalise_email(email)))


@cache
def _dummy_hash(method: str) -> str:
    return generate_password_hash("no account has this password", method=method)


def _check_password(user: User | None, password: str) -> bool:
    """Whether the password is right; as slow for an unknown address as for a known one."""
    if user is None:
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        check_password_hash(_dummy_hash(method), password)
        return False
    return check_password_hash(user.password_hash, password)


def create_user(
    email: str, password: str, name: str = "", role: str = "member", confirmed: bool = True
) -> User:
    """Create an account; raises AccountError if the address is taken (ValueError for a role
    that does not exist: the caller's mistake, not the user's)."""
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    email = normalise_email(email)
    if find_user(email):
        raise AccountError("email-taken")
    user = User(
        email=email,
        name=(name or "").strip(),
        role=role,
        password_hash=hash_password(password),
        confirmed=confirmed,
    )
    db.session.add(user)
    db.session.commit()
    return user


def sign_up(email: str, password: str, name: str) -> tuple[User, bool]:
    """A new account waiting for its address to be confirmed, or the existing one.

    Returns (user, is_new). The password is hashed either way, so that both answers take
    as long and the sign-up form does not tell who has an account.
    """
    password_hash = hash_password(password)
    existing = find_user(email)
    if existing is not None:
        return existing, False
    user = User(
        email=normalise_email(email),
        name=(name or "").strip(),
        password_hash=password_hash,
        confirmed=False,
    )
    db.session.add(user)
    db.session.commit()
    return user, True


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="confirm-email")


def confirmation_token(user: User) -> str:
    return _confirm_serializer().dumps([user.id, user.email])


def confirm_email(token: str) -> User | None:
    """Mark the address of a signed-up account confirmed; None for a bad or stale token."""
    try:
        data = _confirm_serializer().loads(
            token, max_age=current_app.config["SIGNUP_CONFIRM_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int):
        return None
    user = db.session.get(User, data[0]) if 1 <= data[0] <= MAX_ID else None
    if user is None or not user.active or user.email != data[1]:
        return None
    user.confirmed = True
    db.session.commit()
    return user


def set_role(user: User, role: str) -> User:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    user.role = role
    db.session.commit()
    return user


def count_mail(kind: str, sender: str, recipient: str) -> None:
    """Count one mail of this kind, or raise TooManyMails (counting nothing) over MAIL_LIMITS."""
    per_sender, per_recipient, window = current_app.config["MAIL_LIMITS"][kind]
    recent = (MailSent.kind == kind, MailSent.at >= utcnow() - window)
    sender, recipient = sender[:80], normalise_email(recipient)[:254]
    sent = select(func.count()).select_from(MailSent).where(*recent)
    if db.session.scalar(sent.where(MailSent.sender == sender)) >= per_sender:
        raise TooManyMails(by_sender=True)
    if db.session.scalar(sent.where(MailSent.recipient == recipient)) >= per_recipient:
        raise TooManyMails(by_sender=False)
    db.session.execute(delete(MailSent).where(MailSent.at < utcnow() - timedelta(days=2)))
    db.session.add(MailSent(kind=kind, sender=sender, recipient=recipient))
    db.session.commit()


def _sign_in_wait(email: str, remote_addr: str) -> int:
    """Seconds before this address (or client) may try again; 0 when it may try now.

    After LOGIN_FREE_FAILURES failures within LOGIN_FAILURE_WINDOW each further try waits
    twice as long as the one before, up to LOGIN_MAX_DELAY: guessing slows to a crawl while
    the owner, typing the right password a little later, is never locked out. Failures are
    kept in the database so the limit holds across server processes.
    """
    config = current_app.config
    now = utcnow()
    recent = LoginFailure.at >= now - config["LOGIN_FAILURE_WINDOW"]
    count, last = db.session.execute(
        select(func.count(), func.max(LoginFailure.at)).where(LoginFailure.email == email, recent)
    ).one()
    waits = [0.0]
    if count >= config["LOGIN_FREE_FAILURES"]:
        doublings = min(count - config["LOGIN_FREE_FAILURES"], 20)  # 2**n stays a timedelta
        delay = min(config["LOGIN_DELAY"] * 2**doublings, config["LOGIN_MAX_DELAY"])
        waits.append((last + delay - now).total_seconds())
    by_addr, first = db.session.execute(
        select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.remote_addr == remote_addr, recent
        )
    ).one()
    if by_addr >= config["LOGIN_MAX_FAILURES_PER_IP"]:
        waits.append((first + config["LOGIN_FAILURE_WINDOW"] - now).total_seconds())
    return math.ceil(max(waits))


def authenticate(email: str, password: str, remote_addr: str) -> User | None:
    """The user for these credentials, or None; raises TooManyAttempts while slowed down."""
    email = normalise_email(email)
    remote_addr = (remote_addr or "?")[:64]
    wait = _sign_in_wait(email, remote_addr)
    if wait > 0:
        raise TooManyAttempts(wait)
    user = find_user(email)
    if _check_password(user, password) and user is not None and user.active:
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        db.session.commit()
        return user
    db.session.add(LoginFailure(email=email[:254], remote_addr=remote_addr))
    # Old failures are of no further use.
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))
    db.session.commit()
    return None


def change_password(user: User, new_password: str) -> None:
    """Set a new password; every session and remember-me cookie of the account ends, and
    the sign-in slow-down for the address is lifted (a reset proves who the owner is)."""
    user.password_hash = hash_password(new_password)
    user.session_version += 1
    db.session.execute(delete(LoginFailure).where(LoginFailure.email == user.email))
    db.session.commit()


def end_sessions(user: User) -> None:
    """Sign the account out everywhere: every session and remember-me cookie stops working."""
    user.session_version += 1
    db.session.commit()


def user_for_session(session_id: str) -> User | None:
    """The user a session or remember-me cookie names (see ``User.get_id``), or None when
    that sign-in has ended or is older than REMEMBER_COOKIE_DURATION."""
    parts = session_id.split(":")
    if len(parts) != 4 or not all(p.isascii() and p.isdigit() for p in parts[:3]):
        return None
    user_id, version, signed_in_at = (int(p) for p in parts[:3])
    if not 1 <= user_id <= MAX_ID:
        return None
    lifetime = current_app.config["REMEMBER_COOKIE_DURATION"].total_seconds()
    if not time.time() - lifetime < signed_in_at <= time.time() + 60:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.active or user.session_version != version:
        return None  # a locked account is signed out at once
    return user


def update_profile(user: User, name: str, phone: str | None) -> None:
    user.name = name.strip()
    user.phone = (phone or "").strip() or None
    db.session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def _password_fingerprint(user: User) -> str:
    """An HMAC of the password hash: changes with the password, reveals nothing of it."""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, user.password_hash.encode(), hashlib.sha256).hexdigest()[:32]


def reset_token(user: User) -> str:
    """A signed token that expires and stops working once the password has changed."""
    return _serializer().dumps([user.id, _password_fingerprint(user)])


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, list) or len(data) != 2 or not isinstance(data[0], int):
        return None
    user = db.session.get(User, data[0]) if 1 <= data[0] <= MAX_ID else None
    if user is None or not user.active:
        return None
    if not hmac.compare_digest(_password_fingerprint(user), str(data[1])):
        return None
    return user
