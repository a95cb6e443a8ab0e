"""Accounts: sign-up, authentication with rate limiting, password reset tokens, roles."""

import unicodedata
from datetime import timedelta

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import delete, func, select
from werkzeug.security import check_password_hash, generate_password_hash

from ..extensions import db
from ..timeutil import utcnow
from .models import ROLES, LoginFailure, User


class AccountError(ValueError):
    """A request the account rules refuse; the message is shown to the user."""


class TooManyAttempts(AccountError):
    pass


def normalise_email(email: str) -> str:
    return unicodedata.normalize("NFC", email or "").strip().lower()


def hash_password(password: str) -> str:
    method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
    return generate_password_hash(password, method=method)


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).filter_by(email=normalise_email(email)))


def create_user(
    email: str, password: str, name: str = "", role: str = "member", confirmed: bool = False
) -> User:
    """Create an account; raises AccountError if the address is taken or the role unknown.

    A sign-up's address is unconfirmed until its owner opens the mailed link; accounts an
    officer makes (``confirmed=True``) count as confirmed (contracts.md §7).
    """
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    email = normalise_email(email)
    if find_user(email):
        raise AccountError("email-taken")
    user = User(
        email=email,
        name=(name or "").strip(),
        role=role,
        password_hash=hash_password(password),
        email_confirmed_at=utcnow() if confirmed else None,
    )
    db.session.add(user)
    db.session.commit()
    return user


def set_role(user: User, role: str) -> User:
    if role not in ROLES:
        raise AccountError(f"unknown role {role!r}")
    user.role = role
    db.session.commit()
    return user


def authenticate(email: str, password: str, remote_addr: str) -> User | None:
    """The user for these credentials, or None; raises TooManyAttempts while locked out.

    Failures are kept in the database so the limit holds across server processes.
    """
    config = current_app.config
    email = normalise_email(email)
    since = utcnow() - config["LOGIN_FAILURE_WINDOW"]
    by_email = db.session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.email == email, LoginFailure.at >= since)
    )
    by_addr = db.session.scalar(
        select(func.count())
        .select_from(LoginFailure)
        .where(LoginFailure.remote_addr == remote_addr, LoginFailure.at >= since)
    )
    if by_email >= config["LOGIN_MAX_FAILURES"] or by_addr >= config["LOGIN_MAX_FAILURES_PER_IP"]:
        raise TooManyAttempts("locked")

    user = find_user(email)
    if user and user.active and check_password_hash(user.password_hash, password):
        db.session.execute(delete(LoginFailure).where(LoginFailure.email == email))
        db.session.commit()
        return user
    db.session.add(LoginFailure(email=email[:254], remote_addr=(remote_addr or "?")[:64]))
    # Old failures are of no further use.
    db.session.execute(delete(LoginFailure).where(LoginFailure.at < utcnow() - timedelta(days=1)))
    db.session.commit()
    return None


def change_password(user: User, new_password: str) -> None:
    user.password_hash = hash_password(new_password)
    db.session.commit()


def update_profile(user: User, name: str, phone: str | None) -> None:
    user.name = name.strip()
    user.phone = (phone or "").strip() or None
    db.session.commit()


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="password-reset")


def reset_token(user: User) -> str:
    """A signed token that expires and stops working once the password has changed."""
    return _serializer().dumps({"id": user.id, "pw": user.password_hash[-16:]})


def user_for_reset_token(token: str) -> User | None:
    try:
        data = _serializer().loads(token, max_age=current_app.config["PASSWORD_RESET_MAX_AGE"])
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = db.session.get(User, data["id"])
    if user is None or not user.active or user.password_hash[-16:] != data.get("pw"):
        return None
    return user


def _confirm_serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="confirm-email")


def confirm_token(user: User) -> str:
    """A signed link token for the address the account has now; it expires."""
    return _confirm_serializer().dumps({"id": user.id, "email": user.email})


def confirm_email(token: str) -> User | None:
    """Mark the address confirmed; None for a forged, expired or outdated token."""
    try:
        data = _confirm_serializer().loads(
            token, max_age=current_app.config["EMAIL_CONFIRM_MAX_AGE"]
        )
    except (SignatureExpired, BadSignature):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("id"), int):
        return None
    user = db.session.get(User, data["id"])
    if user is None or not user.active or user.email != data.get("email"):
        return None
    if user.email_confirmed_at is None:
        user.email_confirmed_at = utcnow()
        db.session.commit()
    return user
