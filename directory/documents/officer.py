"""The officers' desk for eco-labels: the queue, and verify or reject against the document."""

from flask import redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import attempted
from ..extensions import db
from ..permissions import officer_required
from ..routing import page_arg
from . import bp, services
from .forms import DecisionForm
from .models import EcoLabel


@bp.get("/officer/labels")
@officer_required
def label_queue():
    page = db.paginate(services.label_queue(), page=page_arg(), per_page=20, error_out=False)
    return render_template("documents/label_queue.html", page=page)


def _label_page(label, form=None, status=200):
    form = form or DecisionForm(formdata=None)
    return render_template("documents/label_detail.html", label=label, form=form), status


@bp.get("/officer/labels/<id:label_id>")
@officer_required
def label_detail(label_id: int):
    return _label_page(db.get_or_404(EcoLabel, label_id))


@bp.post("/officer/labels/<id:label_id>/<any(verify, reject):decision>")
@officer_required
def decide(label_id: int, decision: str):
    label, form = db.get_or_404(EcoLabel, label_id), DecisionForm()
    act = services.verify_label if decision == "verify" else services.reject_label
    done = _("Đã xác minh nhãn và báo cho doanh nghiệp.")
    if decision == "reject":
        done = _("Đã từ chối nhãn và gửi lý do cho doanh nghiệp.")
    if form.validate() and attempted(
        lambda: act(current_user, label, form.note.data), done, services.DocumentError, form
    ):
        return redirect(url_for("documents.label_queue"))
    return _label_page(label, form, status=400)
