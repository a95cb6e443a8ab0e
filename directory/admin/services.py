"""Administration: users and their site-wide roles, and reading the audit log.

Every change takes the acting admin, is written to the audit log in its own transaction and
committed here. An admin may not take away their own admin role nor deactivate themselves, so
the site never locks its last administrator out by accident.
"""

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, or_, select
from sqlalchemy.orm import selectinload

from ..accounts.models import ROLES, User
from ..audit.models import AuditEntry
from ..audit.services import record as audit
from ..audit.services import snapshot
from ..domain import DomainError
from ..extensions import db
from ..permissions import require_admin
from ..timeutil import VIETNAM

USER_FIELDS = ("role", "active")


class AdminError(DomainError):
    messages = {
        "unknown-role": _l("Vai trò không hợp lệ."),
        "own-admin-role": _l("Bạn không thể tự bỏ quyền quản trị của chính mình."),
        "own-account": _l("Bạn không thể tự khóa tài khoản của chính mình."),
    }


def _like(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def users_query(q: str = "", role: str | None = None, active: bool | None = None):
    """Users matching a name or address fragment, officers and admins first."""
    stmt = select(User)
    if q:
        stmt = stmt.where(
            or_(User.email.ilike(_like(q), escape="\\"), User.name.ilike(_like(q), escape="\\"))
        )
    if role in ROLES:
        stmt = stmt.where(User.role == role)
    if active is not None:
        stmt = stmt.where(User.active.is_(active))
    return stmt.order_by(User.email)


def change_role(actor, user: User, role: str) -> bool:
    """Give ``user`` the site-wide role; returns False when nothing changed."""
    require_admin(actor)
    if role not in ROLES:
        raise AdminError("unknown-role")
    if user.id == actor.id and role != "admin":
        raise AdminError("own-admin-role")
    if user.role == role:
        return False
    before = snapshot(user, USER_FIELDS)
    user.role = role
    audit(
        actor,
        "user.role",
        user,
        f"{user.email}: {before['role']} → {role}",
        before,
        snapshot(user, USER_FIELDS),
    )
    db.session.commit()
    return True


def set_active(actor, user: User, active: bool) -> bool:
    """Deactivate (the user can no longer sign in) or reactivate an account."""
    require_admin(actor)
    if user.id == actor.id and not active:
        raise AdminError("own-account")
    if user.active == active:
        return False
    before = snapshot(user, USER_FIELDS)
    user.active = active
    action = "user.activate" if active else "user.deactivate"
    audit(actor, action, user, user.email, before, snapshot(user, USER_FIELDS))
    db.session.commit()
    return True


# The audit log ------------------------------------------------------------------------------


def audit_actions() -> list[str]:
    return list(
        db.session.scalars(select(AuditEntry.action).distinct().order_by(AuditEntry.action))
    )


def audit_object_types() -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEntry.object_type).distinct().order_by(AuditEntry.object_type)
        )
    )


def _utc_start_of(day: date) -> datetime:
    """Midnight of a day in Vietnam, as the naive UTC the log stores."""
    return datetime.combine(day, time.min, tzinfo=VIETNAM).astimezone(UTC).replace(tzinfo=None)


def audit_query(
    actor: str = "",
    action: str = "",
    object_type: str = "",
    object_id: int | None = None,
    since: date | None = None,
    until: date | None = None,
):
    """Entries newest first; the dates are days in Vietnam, both ends included."""
    stmt = select(AuditEntry).options(selectinload(AuditEntry.actor))
    if actor:
        ids = select(User.id).where(
            or_(
                func.lower(User.email) == actor.lower(),
                User.email.ilike(_like(actor), escape="\\"),
                User.name.ilike(_like(actor), escape="\\"),
            )
        )
        stmt = stmt.where(AuditEntry.actor_id.in_(ids))
    if action:
        stmt = stmt.where(AuditEntry.action == action)
    if object_type:
        stmt = stmt.where(AuditEntry.object_type == object_type)
    if object_id is not None:
        stmt = stmt.where(AuditEntry.object_id == object_id)
    if since is not None:
        stmt = stmt.where(AuditEntry.at >= _utc_start_of(since))
    if until is not None:
        stmt = stmt.where(AuditEntry.at < _utc_start_of(until + timedelta(days=1)))
    return stmt.order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
