"""The needs board, the need page, and the pages buyers use to post and manage needs."""

from datetime import timedelta

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import signals
from ..errors import show_refusal
from ..extensions import db
from ..forms import options
from ..i18n import current_language
from ..organizations.models import Organization
from ..permissions import can_manage, require
from ..reference.services import all_sectors, communes_in_order
from ..routing import id_from_text, or_404, page_arg
from ..templating import template_globals
from ..timeutil import today_in_vietnam
from . import bp, queries, services
from .forms import CloseForm, ExtendForm, NeedForm
from .labels import (
    BOARD_SORTS,
    CLOSE_REASON_LABELS,
    DEADLINE_WINDOWS,
    PROCUREMENT_LABELS,
    STATUS_BADGES,
    STATUS_LABELS,
)

template_globals(
    bp,
    PROCUREMENT_LABELS=PROCUREMENT_LABELS,
    NEED_STATUS_LABELS=STATUS_LABELS,
    NEED_STATUS_BADGES=STATUS_BADGES,
    CLOSE_REASON_LABELS=CLOSE_REASON_LABELS,
    BOARD_SORTS=BOARD_SORTS,
    organization_needs=lambda org: queries.organization_needs(org, current_user),
)


def _visible_need(need_id: int):
    return or_404(queries.need_for_viewer(need_id, current_user))


def _managed_need(need_id: int):
    """Outsiders get 404 for what they may not see, and 403 for what they may see only."""
    need = _visible_need(need_id)
    require(can_manage(current_user, need.organization))
    return need


def _refused(error: services.NeedError, need, form=None):
    """Show a refused change on its field if the form has it, else as a flash message."""
    if form is not None and getattr(form, error.field or "", None) is not None:
        show_refusal(error, form)
        return None
    show_refusal(error)
    if need is None:
        return redirect(url_for("needs.index"))
    return redirect(url_for("needs.detail", need_id=need.id))


def _submit(form, need, change, done: str):
    """A need's form, posted: when it validates, make the ``change`` (it returns the need) and
    go to the need's page. A refusal the form has a field for is shown there (None: the view
    shows the form again); any other is flashed on the way back (``_refused``)."""
    if not form.validate_on_submit():
        return None
    try:
        changed = change()
    except services.NeedError as error:
        return _refused(error, need, form)
    flash(done, "success")
    return redirect(url_for("needs.detail", need_id=changed.id))


def _fill_choices(form: NeedForm, organizations=()) -> None:
    language = current_language()
    if getattr(form, "organization", None) is not None:
        form.organization.choices = options((str(o.id), o.name) for o in organizations)
    form.sectors.choices = options((s.code, s.name(language)) for s in all_sectors())


def _posting_organizations() -> tuple[list[Organization], str]:
    """The organizations the user may post for, and the one ?org= preselects."""
    organizations = services.manageable_organizations(current_user)
    wanted = id_from_text(request.args.get("org"))
    if wanted is None:
        return organizations, str(organizations[0].id) if len(organizations) == 1 else ""
    organization = db.get_or_404(Organization, wanted)
    require(can_manage(current_user, organization))  # officers may post for any organization
    if organization not in organizations:
        organizations.append(organization)
    return organizations, str(wanted)


@bp.get("/")
def index():
    sectors, communes = all_sectors(), communes_in_order()
    filters = queries.BoardFilters.from_args(
        request.args, {s.code for s in sectors}, {c.code for c in communes}
    )
    pagination = db.paginate(
        queries.board(filters),
        page=page_arg(),
        per_page=current_app.config["PER_PAGE"],
        error_out=False,
    )
    elsewhere = queries.open_needs_by_sector() if filters.active and not pagination.total else []
    return render_template(
        "needs/index.html",
        pagination=pagination,
        filters=filters,
        elsewhere=[(code, n) for code, n in elsewhere if code != filters.sector],
        sectors=sectors,
        communes=communes,
        windows=DEADLINE_WINDOWS,
    )


def _prefill(organizations, chosen: str) -> dict:
    """A new need starts where the organization is and with the poster as its contact."""
    organization = next((o for o in organizations if str(o.id) == chosen), None)
    return {
        "organization": chosen,
        "commune": organization.commune_code if organization else None,
        "contact_name": current_user.name or None,
        "contact_phone": current_user.phone,
        "contact_email": current_user.email,
    }


@bp.route("/new", methods=["GET", "POST"])
@login_required
def new():
    organizations, chosen = _posting_organizations()
    if not organizations:
        return render_template("needs/no_organization.html")
    form = NeedForm(data=_prefill(organizations, chosen))
    _fill_choices(form, organizations)
    publish = bool(form.publish.data)
    answer = _submit(
        form,
        None,
        lambda: services.create_need(
            current_user,
            next(o for o in organizations if str(o.id) == form.organization.data),
            form.values(),
            publish,
        ),
        _("Đã đăng nhu cầu.") if publish else _("Đã lưu bản nháp."),
    )
    return answer or render_template("needs/form.html", form=form, need=None)


def need_page(need) -> dict:
    """What the need page shows; areas above add their own parts (``signals.need_page``)."""
    return {
        "need": need,
        "can_manage": can_manage(current_user, need.organization),
        "show_contact": current_user.is_authenticated,  # the contact is for members only
        **signals.page_parts(signals.need_page, need, current_user),
    }


@bp.get("/<id:need_id>")
def detail(need_id):
    need = _visible_need(need_id)
    return render_template("needs/detail.html", **need_page(need))


@bp.route("/<id:need_id>/edit", methods=["GET", "POST"])
@login_required
def edit(need_id):
    need = _managed_need(need_id)
    if need.status == "closed":
        return _refused(services.NeedError("closed"), need)
    form = NeedForm(data=need_form_data(need))
    del form.organization
    form.original_deadline = need.deadline
    _fill_choices(form)
    publish = bool(form.publish.data)
    answer = _submit(
        form,
        need,
        lambda: services.update_need(current_user, need, form.values(), publish=publish),
        _("Đã đăng nhu cầu.") if publish else _("Đã lưu thay đổi."),
    )
    return answer or render_template("needs/form.html", form=form, need=need)


def need_form_data(need) -> dict:
    return {
        "title": need.title,
        "description": need.description,
        "sectors": [s.code for s in need.sectors],
        "commune": need.commune_code or "",
        "industrial_zone": str(need.industrial_zone_id) if need.industrial_zone_id else "",
        "quantity": need.quantity,
        "budget": need.budget_vnd,
        "deadline": need.deadline,
        "procurement": need.procurement or "",
        "contact_name": need.contact_name,
        "contact_phone": need.contact_phone,
        "contact_email": need.contact_email,
    }


def _opened(need, open_need, done: str, past_deadline: tuple[str, str, str]):
    """Publish or reopen a need (``open_need``): to the need's page when it is open. A deadline
    that has passed sends the buyer to the form that sets a new one (``past_deadline``: its
    endpoint, the message and the message's category); any other refusal is flashed."""
    try:
        open_need(current_user, need)
    except services.NeedError as error:
        if error.code == "deadline-passed":
            endpoint, message, category = past_deadline
            flash(message, category)
            return redirect(url_for(endpoint, need_id=need.id))
        return _refused(error, need)
    flash(done, "success")
    return redirect(url_for("needs.detail", need_id=need.id))


@bp.post("/<id:need_id>/publish")
@login_required
def publish(need_id):
    return _opened(
        _managed_need(need_id),
        services.publish_need,
        _("Đã đăng nhu cầu."),
        ("needs.edit", _("Hạn chót đã qua; hãy chọn hạn mới trước khi đăng."), "error"),
    )


@bp.route("/<id:need_id>/close", methods=["GET", "POST"])
@login_required
def close(need_id):
    need = _managed_need(need_id)
    if need.status != "open":
        return _refused(services.NeedError("not-open"), need)
    form = CloseForm()
    answer = _submit(
        form,
        need,
        lambda: services.close_need(current_user, need, form.reason.data, form.note.data),
        _("Đã đóng nhu cầu."),
    )
    return answer or render_template("needs/close.html", form=form, need=need)


@bp.post("/<id:need_id>/reopen")
@login_required
def reopen(need_id):
    return _opened(
        _managed_need(need_id),
        services.reopen_need,
        _("Đã mở lại nhu cầu."),
        ("needs.extend", _("Hạn chót cũ đã qua; chọn hạn mới để mở lại nhu cầu."), "warning"),
    )


@bp.route("/<id:need_id>/extend", methods=["GET", "POST"])
@login_required
def extend(need_id):
    need = _managed_need(need_id)
    if need.status == "draft":
        return redirect(url_for("needs.edit", need_id=need.id))
    today = today_in_vietnam()
    suggested = max(need.deadline or today, today) + timedelta(days=30)
    form = ExtendForm(data={"deadline": suggested})
    if form.validate_on_submit():
        services.extend_need(current_user, need, form.deadline.data)
        flash(_("Đã gia hạn đến %(date)s.", date=form.deadline.data.strftime("%d/%m/%Y")))
        return redirect(url_for("needs.detail", need_id=need.id))
    return render_template("needs/extend.html", form=form, need=need)


@bp.route("/<id:need_id>/delete", methods=["GET", "POST"])
@login_required
def delete(need_id):
    need = _managed_need(need_id)
    if need.status != "draft":
        flash(_("Nhu cầu đã đăng không xóa được; bạn có thể đóng nhu cầu."), "error")
        return redirect(url_for("needs.detail", need_id=need.id))
    if request.method == "POST":
        organization_id = need.organization_id
        services.delete_draft(current_user, need)
        flash(_("Đã xóa bản nháp."), "success")
        return redirect(url_for("organizations.detail", org_id=organization_id))
    return render_template("needs/delete.html", need=need)
