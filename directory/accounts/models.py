"""Users of the site, and the records of failed sign-ins and sent mail that rate-limit them."""

import secrets
import time
from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String, true
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import CreatedAt, PkModel
from ..timeutil import utcnow


class UserRole(CodeSet):
    """The site-wide role; officers act for Sở Công Thương, admins also manage users."""

    MEMBER = "member", _l("Thành viên")
    OFFICER = "officer", _l("Cán bộ Sở")
    ADMIN = "admin", _l("Quản trị viên")


ROLES = UserRole.codes()


class User(UserMixin, CreatedAt, PkModel):
    __tablename__ = "users"
    __table_args__ = (UserRole.check("role"),)

    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="member")
    active: Mapped[bool] = mapped_column(default=True)
    # False from sign-up until the mailed confirmation link is opened.
    confirmed: Mapped[bool] = mapped_column(default=True, server_default=true())
    # Raised to end every session and remember-me cookie (password change, reset, sign-out).
    session_version: Mapped[int] = mapped_column(default=0, server_default="0")
    locale: Mapped[str | None] = mapped_column(String(5))

    # Membership lives in organizations, a layer above: accounts may not import it, not even
    # for typing (docs/architecture.md), so the name stays a string only SQLAlchemy resolves.
    memberships: Mapped[list["Membership"]] = relationship(  # type: ignore[name-defined]  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

    def get_id(self) -> str:
        """What Flask-Login keeps in the session and the remember-me cookie, read back by
        ``services.user_for_session``: the id, the session version, when this sign-in
        happened (so the server can let it expire) and a nonce (so no two sign-ins match).
        Flask-Login asks for it once per sign-in."""
        return f"{self.id}:{self.session_version}:{int(time.time())}:{secrets.token_hex(4)}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return self.active

    @property
    def is_officer(self) -> bool:
        """Officers act for Sở Công Thương; admins may do everything officers do."""
        return self.role in ("officer", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def is_confirmed(self) -> bool:
        """The address was confirmed by the signed sign-up link (or an officer made the account)."""
        return self.confirmed

    @property
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class MailSent(PkModel):
    """One mail that someone's request made the site send (reset, sign-up, invitation):
    counted per sender and per recipient so the official address cannot be used to flood."""

    __tablename__ = "mail_sent"

    kind: Mapped[str] = mapped_column(String(20))
    sender: Mapped[str] = mapped_column(String(80), index=True)
    recipient: Mapped[str] = mapped_column(String(254), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)


class LoginFailure(PkModel):
    """One failed sign-in; counted per address and per client to slow password guessing."""

    __tablename__ = "login_failures"

    email: Mapped[str] = mapped_column(String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
