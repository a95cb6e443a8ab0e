"""Offering pages: browse, read, and (for the organization's members) add, edit, publish, delete."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..organizations import queries as org_queries  # a module: the packages import each other
from ..permissions import can_manage, require
from ..reference.services import all_communes, all_sectors
from ..routing import id_from_text, or_404
from ..signals import offering_page, page_parts
from ..templating import template_globals
from . import bp, services
from .forms import OfferingForm
from .labels import TYPE_LABELS, type_label
from .queries import offerings_query, visible_offering

template_globals(bp, type_label=type_label)


def offering_or_404(offering_id: int, manage: bool = False):
    """The offering if the visitor may see it (else 404); with ``manage``, may change it (403)."""
    offering = or_404(visible_offering(offering_id, current_user))
    if manage:
        require(can_manage(current_user, offering.organization))
    return offering


@bp.get("/")
def index():
    sectors, communes = all_sectors(), all_communes()
    args, commune_codes = request.args, {c.code for c in communes}
    filters = {
        "sector": args.get("sector") if args.get("sector") in {s.code for s in sectors} else None,
        "type": args.get("type") if args.get("type") in TYPE_LABELS else None,
        "commune": args.get("commune") if args.get("commune") in commune_codes else None,
        "located": args.get("located") if args.get("located") in commune_codes else None,
    }
    return render_template(
        "offerings/index.html",
        pagination=org_queries.paginate_for_web(offerings_query(**filters)),
        filters=filters,
        sectors=sectors,
        communes=communes,
        types=TYPE_LABELS,
    )


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    org_id = id_from_text(request.args.get("org"))
    org = org_queries.visible_organization(org_id, current_user) if org_id else None
    if org is None:
        return choose_organization()
    require(can_manage(current_user, org))
    form = OfferingForm()
    if form.validate_on_submit():
        offering = services.create_offering(current_user, org, form.values())
        flash(_("Đã đăng giải pháp “%(title)s”.", title=offering.title), "success")
        return redirect(url_for("offerings.detail", offering_id=offering.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "offerings/form.html", form=form, organization=org, offering=None
    ), status


def choose_organization():
    """/offerings/new without a usable ?org=: pick one of the visitor's organizations."""
    organizations = org_queries.organizations_of(current_user)
    if len(organizations) == 1:
        return redirect(url_for("offerings.new", org=organizations[0].id))
    if not organizations:
        flash(_("Hãy đăng ký tổ chức của bạn trước khi đăng giải pháp."), "info")
        return redirect(url_for("organizations.new"))
    return render_template("offerings/choose.html", organizations=organizations)


@bp.get("/<id:offering_id>")
def detail(offering_id: int):
    offering = offering_or_404(offering_id)
    context = {
        "offering": offering,
        "organization": offering.organization,
        "can_edit": can_manage(current_user, offering.organization),
        **page_parts(offering_page, offering, current_user),
    }
    return render_template("offerings/detail.html", **context)


@bp.route("/<id:offering_id>/edit", methods=["GET", "POST"])
@login_required
def edit(offering_id: int):
    offering = offering_or_404(offering_id, manage=True)
    form = OfferingForm()
    if not form.is_submitted():
        form.fill_from(offering)
    elif form.validate():
        services.update_offering(current_user, offering, form.values())
        flash(_("Đã lưu thay đổi."), "success")
        return redirect(url_for("offerings.detail", offering_id=offering.id))
    status = 400 if form.is_submitted() else 200
    return render_template(
        "offerings/form.html", form=form, organization=offering.organization, offering=offering
    ), status


@bp.post("/<id:offering_id>/unpublish")
@login_required
def unpublish(offering_id: int):
    done = _("Đã ngừng đăng: chỉ thành viên tổ chức còn thấy giải pháp này.")
    return _set_published(offering_id, False, done)


@bp.post("/<id:offering_id>/publish")
@login_required
def publish(offering_id: int):
    return _set_published(offering_id, True, _("Đã đăng lại giải pháp."))


def _set_published(offering_id: int, published: bool, done: str):
    offering = offering_or_404(offering_id, manage=True)
    services.set_published(current_user, offering, published)
    flash(done, "success")
    return redirect(url_for("offerings.detail", offering_id=offering.id))


@bp.route("/<id:offering_id>/delete", methods=["GET", "POST"])
@login_required
def delete(offering_id: int):
    """GET asks for confirmation; POST deletes."""
    offering = offering_or_404(offering_id, manage=True)
    if request.method == "GET":
        return render_template("offerings/delete.html", offering=offering)
    org_id = offering.organization_id
    services.delete_offering(current_user, offering)
    flash(_("Đã xóa giải pháp."), "success")
    return redirect(url_for("organizations.detail", org_id=org_id))
