"""Alert pages: preferences, the one-click unsubscribe (no sign-in), the officers' mail page."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import show_refusal
from ..extensions import csrf
from ..permissions import officer_required
from . import bp, notifications, reporting, services
from .forms import AlertSettingsForm
from .models import NotificationKind

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
