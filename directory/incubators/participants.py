"""One participant's page: status with its dated history, mentors, milestones and support.

Every form on the page posts to its own URL; a refused form comes back on the same page with
what the officer typed and the reason next to the field.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import attempted, submitted
from ..extensions import db
from ..forms import options
from ..permissions import officer_required
from ..routing import or_404
from . import bp, coaching, queries, services
from .forms import (
    AssignMentorForm,
    CompleteMilestoneForm,
    MilestoneForm,
    StatusForm,
    SupportForm,
)
from .labels import TRANSITION_LABELS
from .models import Mentor, Milestone, Participation


def _forms(participation: Participation, **given) -> dict:
    """The page's forms: the ones given (refused, with the officer's input) and fresh ones."""
    forms = {
        "status_form": given.get("status_form") or StatusForm(formdata=None, prefix="status"),
        "mentor_form": given.get("mentor_form") or AssignMentorForm(formdata=None, prefix="mentor"),
        "milestone_form": given.get("milestone_form")
        or MilestoneForm(formdata=None, prefix="milestone"),
        "done_forms": {
            m.id: _done_form(m, formdata=None) for m in participation.milestones if not m.done_on
        },
        "support_form": given.get("support_form") or SupportForm(formdata=None, prefix="support"),
    }
    if given.get("done_form") is not None:
        forms["done_forms"][given["done_form"].milestone_id] = given["done_form"]
    _choices(participation, forms["status_form"], forms["mentor_form"])
    return forms


def _done_form(milestone: Milestone, **kwargs) -> CompleteMilestoneForm:
    """Each open milestone has its own small form; the prefix keeps their field ids apart."""
    form = CompleteMilestoneForm(prefix=f"done-{milestone.id}", **kwargs)
    form.milestone_id = milestone.id
    return form


def _choices(participation, status_form, mentor_form) -> None:
    allowed = [
        (status, TRANSITION_LABELS[status]) for status in services.allowed_statuses(participation)
    ]
    status_form.status.choices = options([("", _("— Chọn trạng thái mới —")), *allowed])
    assigned = set(participation.mentors)
    mentor_form.mentor.choices = options(
        (m.id, f"{m.name} · {m.expertise}" if m.expertise else m.name)
        for m in participation.cohort.incubator.mentors
        if m not in assigned
    )


def _page(participation: Participation, **given):
    return render_template(
        "incubators/participant.html", participation=participation, **_forms(participation, **given)
    )


def _back(participation: Participation):
    return redirect(url_for("incubators.participant", participation_id=participation.id))


def _posted(participation: Participation, name: str, form, action, done: str):
    """A form of the participant's page: back to the page when the service did it, the page
    again (400) with the form as typed, under its ``name``, when it is invalid or refused."""
    if submitted(form, action, done, services.IncubatorError):
        return _back(participation)
    return _page(participation, **{name: form}), 400


@bp.get("/participants/<id:participation_id>")
@officer_required
def participant(participation_id: int):
    return _page(or_404(queries.participant_page(participation_id)))


@bp.post("/participants/<id:participation_id>/status")
@officer_required
def change_status(participation_id: int):
    participation = db.get_or_404(Participation, participation_id)
    form = StatusForm(prefix="status")
    _choices(participation, form, AssignMentorForm(formdata=None, prefix="mentor"))
    return _posted(
        participation,
        "status_form",
        form,
        lambda: services.change_status(
            current_user, participation, form.status.data, form.changed_on.data, form.note.data
        ),
        _("Đã cập nhật trạng thái."),
    )


@bp.post("/participants/<id:participation_id>/mentors")
@officer_required
def assign_mentor(participation_id: int):
    participation = db.get_or_404(Participation, participation_id)
    form = AssignMentorForm(prefix="mentor")
    _choices(participation, StatusForm(formdata=None, prefix="status"), form)
    if form.validate_on_submit():
        mentor = db.get_or_404(Mentor, int(form.mentor.data))
        if attempted(
            lambda: coaching.assign_mentor(current_user, participation, mentor),
            _("Đã phân công chuyên gia %(name)s.", name=mentor.name),
            services.IncubatorError,
            form,
        ):
            return _back(participation)
    return _page(participation, mentor_form=form), 400


@bp.post("/participants/<id:participation_id>/mentors/<id:mentor_id>/remove")
@officer_required
def unassign_mentor(participation_id: int, mentor_id: int):
    participation = db.get_or_404(Participation, participation_id)
    mentor = db.get_or_404(Mentor, mentor_id)
    attempted(  # CSRFProtect has checked the token before the view runs
        lambda: coaching.unassign_mentor(current_user, participation, mentor),
        _("Đã bỏ phân công chuyên gia %(name)s.", name=mentor.name),
        services.IncubatorError,
    )
    return _back(participation)


@bp.post("/participants/<id:participation_id>/milestones")
@officer_required
def add_milestone(participation_id: int):
    participation = db.get_or_404(Participation, participation_id)
    form = MilestoneForm(prefix="milestone")
    return _posted(
        participation,
        "milestone_form",
        form,
        lambda: coaching.add_milestone(
            current_user, participation, form.title.data, form.due_on.data
        ),
        _("Đã thêm mốc công việc."),
    )


@bp.post("/milestones/<id:milestone_id>/done")
@officer_required
def complete_milestone(milestone_id: int):
    milestone = db.get_or_404(Milestone, milestone_id)
    if milestone.done_on is not None:  # e.g. a second click, or another officer was quicker
        flash(services.IncubatorError("already-done").message, "error")
        return _back(milestone.participation)
    form = _done_form(milestone)
    return _posted(
        milestone.participation,
        "done_form",
        form,
        lambda: coaching.complete_milestone(current_user, milestone, form.done_on.data),
        _("Đã đánh dấu hoàn thành: %(title)s.", title=milestone.title),
    )


@bp.post("/participants/<id:participation_id>/support")
@officer_required
def record_support(participation_id: int):
    participation = db.get_or_404(Participation, participation_id)
    form = SupportForm(prefix="support")
    values = {
        "type": form.type.data,
        "amount_vnd": form.amount.data,
        "given_on": form.given_on.data,
        "note": form.note.data,
    }
    return _posted(
        participation,
        "support_form",
        form,
        lambda: coaching.record_support(current_user, participation, values),
        _("Đã ghi nhận hỗ trợ."),
    )
