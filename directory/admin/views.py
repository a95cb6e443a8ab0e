"""Admin pages under /admin: users and roles, and the audit log reader."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..accounts.models import ROLES, User
from ..codes import RecordKind
from ..errors import attempted
from ..extensions import db
from ..forms import options
from ..permissions import admin_required
from ..routing import page_arg
from ..templating import template_globals
from ..validation import clean_text
from . import bp, services
from .forms import ROLE_LABELS, AuditFilterForm, RoleForm

PER_PAGE = 30


OBJECT_LABELS = {  # the audit log names objects by table
    "organizations": RecordKind.ORGANIZATION.label,
    "offerings": RecordKind.OFFERING.label,
    "needs": RecordKind.NEED.label,
    "users": _l("Người dùng"),
}
OBJECT_PAGES = {
    "organizations": ("organizations.detail", "org_id"),
    "offerings": ("offerings.detail", "offering_id"),
    "needs": ("needs.detail", "need_id"),
}


def object_label(object_type: str) -> str:
    return str(OBJECT_LABELS.get(object_type, object_type))


def object_url(entry) -> str | None:
    """The page of the record an audit entry is about, when it has one."""
    page = OBJECT_PAGES.get(entry.object_type)
    if page is None or entry.object_id is None:
        return None
    return url_for(page[0], **{page[1]: entry.object_id})


template_globals(bp, ROLE_LABELS=ROLE_LABELS, audit_object_label=object_label)


@bp.get("/users")
@admin_required
def users():
    q = (clean_text(request.args.get("q")) or "")[:100]
    role = request.args.get("role", "")
    role = role if role in ROLES else ""
    stmt = services.users_query(q, role or None)
    page = db.paginate(stmt, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/users.html", page=page, q=q, role=role, role_form=RoleForm)


@bp.post("/users/<id:user_id>/role")
@admin_required
def change_role(user_id: int):
    user, form = db.get_or_404(User, user_id), RoleForm()
    if not form.validate():
        flash(_("Vai trò không hợp lệ."), "error")
        return redirect(url_for("admin.users", q=user.email))
    return _change_user(
        user,
        lambda: services.change_role(current_user, user, form.role.data),
        _("Đã đổi vai trò của %(email)s.", email=user.email),
    )


@bp.post("/users/<id:user_id>/deactivate")
@admin_required
def deactivate(user_id: int):
    return _set_active(db.get_or_404(User, user_id), False)


@bp.post("/users/<id:user_id>/activate")
@admin_required
def activate(user_id: int):
    return _set_active(db.get_or_404(User, user_id), True)


def _set_active(user: User, active: bool):
    if active:
        done = _("Đã mở khóa tài khoản %(email)s.", email=user.email)
    else:
        done = _("Đã khóa tài khoản %(email)s.", email=user.email)
    return _change_user(user, lambda: services.set_active(current_user, user, active), done)


def _change_user(user: User, change, done: str):
    """An admin's change to a user; ``done`` is said only when the service changed something
    (it answers False when the user already had that role or state)."""
    attempted(change, lambda changed: done if changed else None, services.AdminError)
    return redirect(url_for("admin.users", q=user.email))


@bp.get("/audit")
@admin_required
def audit():
    form = AuditFilterForm(request.args)
    everything = ("", _("Tất cả"))
    form.action.choices = options([everything] + [(a, a) for a in services.audit_actions()])
    form.object_type.choices = options(
        [everything] + [(t, object_label(t)) for t in services.audit_object_types()]
    )
    filters = {}
    if form.validate():
        filters = {name: form[name].data for name in form.data if form[name].data not in ("", None)}
    stmt = services.audit_query(**filters)
    page = db.paginate(stmt, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("admin/audit.html", form=form, page=page, object_url=object_url)
