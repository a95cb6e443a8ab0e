"""Alert pages: preferences, the one-click unsubscribe (no sign-in), the officers' mail page."""

from urllib.parse import parse_qsl, urlencode

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from .. import search as engine
from ..errors import show_refusal
from ..extensions import csrf
from ..i18n import current_language
from ..permissions import officer_required
from ..templating import template_globals
from . import bp, notifications, reporting, services
from . import saved as saved_searches
from .forms import AlertSettingsForm, SaveSearchForm
from .models import NotificationKind

# The bell in base.html: a template global, not a context processor (see templating).
template_globals(bp, unread_notifications=notifications.unread_count_of_current_user)

OUTCOME_STATUS = {"done": 200, "used": 200, "expired": 400, "invalid": 400}


@bp.route("/me/alerts", methods=["GET", "POST"])
@login_required
def settings():
    form = AlertSettingsForm()
    if request.method == "GET":
        form.frequency.data = services.frequency_of(current_user)
    if form.validate_on_submit():
        try:
            services.set_frequency(current_user, form.frequency.data)
        except services.AlertError as error:
            show_refusal(error, form)
        else:
            flash(_("Đã lưu cách nhận thông báo."), "success")
            return redirect(url_for("alerts.settings"))
    return render_template("alerts/settings.html", form=form)


@bp.get("/me/notifications")
@login_required
def notification_list():
    shown = notifications.open_list(current_user)
    return render_template(
        "alerts/notifications.html", notifications=shown, labels=NotificationKind.labels()
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058: mail clients POST without a form; only a signed token acts
def unsubscribe(token: str):
    """GET (the link in the mail) and POST (List-Unsubscribe-Post) both turn alerts off."""
    outcome, user = services.unsubscribe(token)
    locale = (user.locale if user else None) or None
    if locale:
        with force_locale(locale):
            page = render_template("alerts/unsubscribed.html", outcome=outcome)
    else:
        page = render_template("alerts/unsubscribed.html", outcome=outcome)
    return page, OUTCOME_STATUS[outcome]


@bp.get("/officer/alert-mail")
@officer_required
def mail_report():
    return render_template(
        "alerts/mail_report.html",
        days=reporting.per_day(),
        errors=reporting.last_errors(),
    )


# Saved searches ---------------------------------------------------------------------------------


@bp.route("/me/searches/new", methods=["GET", "POST"])
@login_required  # an anonymous visitor signs in and comes back here, the search in the link
def save_search():
    form = SaveSearchForm()
    if request.method == "GET":
        form.q.data = request.args.get("q", "", type=str)
        form.kind.data = request.args.get("kind", "", type=str)
        names = engine.filter_names()
        form.filters.data = urlencode(
            [(k, v) for k, v in request.args.items(multi=True) if k in names and v]
        )
    filters = dict(parse_qsl(form.filters.data or "", keep_blank_values=False))
    if form.validate_on_submit():
        try:
            saved, new = saved_searches.save(current_user, form.q.data, form.kind.data, filters)
        except saved_searches.SavedSearchError as error:
            show_refusal(error, form)
        else:
            if new:
                flash(_("Đã lưu tìm kiếm. Chúng tôi sẽ báo khi có kết quả mới."), "success")
            else:
                flash(_("Bạn đã lưu tìm kiếm này trước đây."), "info")
            return redirect(url_for("alerts.saved_search_list"))
    return render_template(
        "alerts/save_search.html",
        form=form,
        described=engine.describe(form.kind.data or "", filters, current_language()),
    )


@bp.get("/me/searches")
@login_required
def saved_search_list():
    saved = saved_searches.saved_by(current_user)
    described = engine.describe_all([(s.kind, s.filters) for s in saved], current_language())
    return render_template(
        "alerts/saved_searches.html",
        saved=list(zip(saved, described, strict=True)),
        most=saved_searches.MAX_SAVED,
    )


@bp.post("/me/searches/<id:saved_id>/on")
@login_required
def saved_search_on(saved_id: int):
    return _switch(saved_id, True)


@bp.post("/me/searches/<id:saved_id>/off")
@login_required
def saved_search_off(saved_id: int):
    return _switch(saved_id, False)


def _switch(saved_id: int, active: bool):
    if saved_searches.set_active(current_user, saved_id, active) is None:
        abort(404)
    if active:
        flash(_("Đã bật thông báo cho tìm kiếm này."), "success")
    else:
        flash(_("Đã tắt thông báo cho tìm kiếm này."), "success")
    return redirect(url_for("alerts.saved_search_list"))


@bp.post("/me/searches/<id:saved_id>/delete")
@login_required
def saved_search_delete(saved_id: int):
    if not saved_searches.delete(current_user, saved_id):
        abort(404)
    flash(_("Đã xóa tìm kiếm đã lưu."), "success")
    return redirect(url_for("alerts.saved_search_list"))
