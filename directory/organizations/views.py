"""The public directory of organizations, registration, the edit page and logos."""

from flask import abort, flash, redirect, render_template, request, send_from_directory, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import case, select

from ..errors import show_refusal
from ..extensions import db
from ..permissions import can_manage, can_manage_members, require
from ..reference.services import all_communes, all_sectors
from ..routing import or_404
from ..security import safe_next
from ..signals import organization_page, page_parts
from ..templating import template_globals
from . import bp, labels, services
from .forms import OrganizationForm
from .logos import STORED_NAME, logo_dir
from .models import Organization
from .queries import (
    organizations_query,
    paginate_for_web,
    visible_organization,
)

template_globals(
    bp,
    kind_label=labels.kind_label,
    size_label=labels.size_label,
    verification_label=labels.verification_label,
    role_label=labels.role_label,
)


def organization_or_404(org_id: int, allowed=None) -> Organization:
    """The organization if the visitor may see it (else 404) and, if given, act on it (403)."""
    org = or_404(visible_organization(org_id, current_user))
    if allowed is not None:
        require(allowed(current_user, org))
    return org


def browse_filters() -> dict:
    """Filters from the query string; unknown values are ignored rather than failing."""
    sectors = {s.code for s in all_sectors()}
    communes = {c.code for c in all_communes()}
    args = request.args
    return {
        "sector": args.get("sector") if args.get("sector") in sectors else None,
        "commune": args.get("commune") if args.get("commune") in communes else None,
        "kind": args.get("kind") if args.get("kind") in labels.KIND_LABELS else None,
    }


@bp.get("/")
def index():
    filters = browse_filters()
    verified_first = case((Organization.verification == "verified", 0), else_=1)
    stmt = organizations_query(**filters).order_by(
        verified_first, Organization.name, Organization.id
    )
    return render_template(
        "organizations/index.html",
        pagination=paginate_for_web(stmt),
        filters=filters,
        sectors=all_sectors(),
        communes=all_communes(),
        kinds=labels.KIND_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    form = OrganizationForm()
    if form.validate_on_submit():
        try:
            org = services.register_organization(current_user, form.values(), form.logo.data)
        except services.OrganizationError as exc:
            show_refusal(exc, form)
        else:
            flash(
                _("Đã đăng ký tổ chức. Bây giờ hãy giới thiệu giải pháp, dịch vụ của bạn."),
                "success",
            )
            # A buyer on the way to the need form goes straight back to it (?next=).
            return redirect(safe_next(url_for("organizations.detail", org_id=org.id)))
    status = 400 if form.is_submitted() else 200
    return render_template("organizations/form.html", form=form, organization=None), status


@bp.get("/<id:org_id>")
def detail(org_id: int):
    org = organization_or_404(org_id)
    return render_template(
        "organizations/detail.html",
        organization=org,
        **page_parts(organization_page, org, current_user),
        can_edit=can_manage(current_user, org),
        can_manage_members=can_manage_members(current_user, org),
    )


@bp.route("/<id:org_id>/edit", methods=["GET", "POST"])
@login_required
def edit(org_id: int):
    org = organization_or_404(org_id, can_manage)
    form = OrganizationForm()
    if not form.is_submitted():
        form.fill_from(org)
    elif form.validate():
        try:
            reverified = services.update_organization(
                current_user, org, form.values(), form.logo.data, form.remove_logo.data
            )
        except services.OrganizationError as exc:
            show_refusal(exc, form)
        else:
            flash(_("Đã lưu thông tin tổ chức."), "success")
            if reverified:
                flash(_("Tên hoặc mã số đã thay đổi nên tổ chức cần được xác minh lại."), "warning")
            return redirect(url_for("organizations.detail", org_id=org.id))
    status = 400 if form.is_submitted() else 200
    return render_template("organizations/form.html", form=form, organization=org), status


@bp.get("/logos/<name>")
def logo(name: str):
    """Serve a stored logo by its generated name only, and only if its organization is visible."""
    if not STORED_NAME.match(name):
        abort(404)
    org = db.session.scalar(select(Organization).filter_by(logo_filename=name))
    if org is None or visible_organization(org.id, current_user) is None:
        abort(404)
    response = send_from_directory(logo_dir(), name, max_age=86400)
    response.headers["Content-Security-Policy"] = "default-src 'none'"
    return response
