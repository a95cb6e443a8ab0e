"""Users of the site and the record of failed sign-ins that rate-limits them."""

from datetime import datetime

from flask_babel import lazy_gettext as _l
from flask_login import UserMixin
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..extensions import db
from ..timeutil import utcnow


class UserRole(CodeSet):
    """The site-wide role; officers act for Sở Công Thương, admins also manage users."""

    MEMBER = "member", _l("Thành viên")
    OFFICER = "officer", _l("Cán bộ Sở")
    ADMIN = "admin", _l("Quản trị viên")


ROLES = UserRole.codes()


class User(UserMixin, db.Model):
    __tablename__ = "users"
    __table_args__ = (UserRole.check("role"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    phone: Mapped[str | None] = mapped_column(String(40))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(20), default="member")
    active: Mapped[bool] = mapped_column(default=True)
    locale: Mapped[str | None] = mapped_column(String(5))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    memberships: Mapped[list["Membership"]] = relationship(  # noqa: F821
        back_populates="user", cascade="all, delete-orphan"
    )

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
    def display_name(self) -> str:
        return self.name or self.email

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class LoginFailure(db.Model):
    """One failed sign-in; counted per address and per client to slow password guessing."""

    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    remote_addr: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
