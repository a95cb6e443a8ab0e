"""/me: members land here after signing in; officers go to their desk."""

from flask import redirect, render_template, url_for
from flask_login import current_user, login_required

from . import bp, services
from .sections import sections_for


@bp.get("/me")
@login_required
def index():
    if current_user.is_officer:
        return redirect(url_for("reports.dashboard"))
    since = services.last_visit(current_user)
    services.record_visit(current_user)  # first: its commit would expire what the page loads
    page = services.my_page(current_user, since)
    sections = sections_for(current_user, since, page)
    return render_template("me/index.html", page=page, since=since, sections=sections)
