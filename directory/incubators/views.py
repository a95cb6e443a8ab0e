"""Officers' pages for incubators and cohorts, and the board of all participants."""

from flask import redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import saving_form_page, submitted
from ..extensions import db
from ..forms import options
from ..permissions import officer_required
from ..routing import or_404
from ..templating import template_globals
from ..timeutil import today_in_vietnam
from . import bp, coaching, queries, services
from .forms import CohortForm, IncubatorForm, MentorForm, ParticipantForm
from .labels import STATUS_BADGES, STATUS_LABELS, SUPPORT_TYPE_LABELS, TRANSITION_LABELS
from .models import Cohort, Incubator

template_globals(
    bp,
    is_incubatee=services.is_incubatee,
    PARTICIPATION_STATUS_LABELS=STATUS_LABELS,
    PARTICIPATION_STATUS_BADGES=STATUS_BADGES,
    SUPPORT_TYPE_LABELS=SUPPORT_TYPE_LABELS,
    TRANSITION_LABELS=TRANSITION_LABELS,
)


def incubator_values(form: IncubatorForm) -> dict:
    values = {name: getattr(form, name).data for name in services.INCUBATOR_FIELDS[2:]}
    values["name"] = form.name.data
    values["industrial_zone_id"] = int(form.industrial_zone.data or 0)
    return values


@bp.get("/")
@officer_required
def index():
    return render_template("incubators/index.html", rows=queries.incubator_rows())


@bp.route("/new", methods=["GET", "POST"])
@bp.route("/<id:incubator_id>/edit", methods=["GET", "POST"])
@officer_required
def edit(incubator_id: int | None = None):
    incubator = db.get_or_404(Incubator, incubator_id) if incubator_id is not None else None
    form = IncubatorForm(obj=incubator)
    if request.method == "GET" and incubator is not None:
        form.industrial_zone.data = str(incubator.industrial_zone_id)
    return saving_form_page(
        form,
        lambda: services.save_incubator(current_user, incubator_values(form), incubator),
        lambda saved: _("Đã lưu vườn ươm %(name)s.", name=saved.name),
        services.IncubatorError,
        lambda saved: url_for("incubators.detail", incubator_id=saved.id),
        "incubators/form.html",
        incubator=incubator,
    )


@bp.get("/<id:incubator_id>")
@officer_required
def detail(incubator_id: int, mentor_form=None):
    incubator = or_404(queries.incubator_page(incubator_id))
    return render_template(
        "incubators/detail.html", incubator=incubator, mentor_form=mentor_form or MentorForm()
    )


@bp.post("/<id:incubator_id>/mentors")
@officer_required
def add_mentor(incubator_id: int):
    incubator = db.get_or_404(Incubator, incubator_id)
    form = MentorForm()
    if submitted(
        form,
        lambda: coaching.add_mentor(current_user, incubator, form.data),
        lambda mentor: _("Đã thêm chuyên gia %(name)s.", name=mentor.name),
        services.IncubatorError,
    ):
        return redirect(url_for("incubators.detail", incubator_id=incubator.id))
    return detail(incubator_id, mentor_form=form), 400


@bp.route("/<id:incubator_id>/cohorts/new", methods=["GET", "POST"])
@bp.route("/cohorts/<id:cohort_id>/edit", methods=["GET", "POST"])
@officer_required
def edit_cohort(incubator_id: int | None = None, cohort_id: int | None = None):
    cohort = db.get_or_404(Cohort, cohort_id) if cohort_id is not None else None
    incubator = cohort.incubator if cohort else db.get_or_404(Incubator, incubator_id)
    form = CohortForm(obj=cohort)
    return saving_form_page(
        form,
        lambda: services.save_cohort(current_user, incubator, form.data, cohort),
        lambda saved: _("Đã lưu khóa %(name)s.", name=saved.name),
        services.IncubatorError,
        lambda saved: url_for("incubators.cohort", cohort_id=saved.id),
        "incubators/cohort_form.html",
        incubator=incubator,
        cohort=cohort,
    )


@bp.get("/cohorts/<id:cohort_id>")
@officer_required
def cohort(cohort_id: int):
    return render_template("incubators/cohort.html", cohort=or_404(queries.cohort_page(cohort_id)))


@bp.route("/cohorts/<id:cohort_id>/participants/new", methods=["GET", "POST"])
@officer_required
def add_participant(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    taken = {p.organization_id for p in cohort.participations}
    query = (request.args.get("q") or "")[:200]
    form = ParticipantForm()
    if request.method == "POST":
        chosen = queries.organization_by_id(form.organization.data)
        candidates = [chosen] if chosen else []
    else:
        candidates = queries.find_organizations(query, taken)
    form.organization.choices = options((o.id, o.name) for o in candidates)
    return saving_form_page(
        form,
        lambda: services.add_participant(
            current_user,
            cohort,
            candidates[0],
            form.applied_on.data,
            form.note.data,
            form.status.data,
        ),
        lambda _added: _("Đã thêm %(name)s vào khóa.", name=candidates[0].name),
        services.IncubatorError,
        lambda added: url_for("incubators.participant", participation_id=added.id),
        "incubators/participant_new.html",
        cohort=cohort,
        query=query,
    )


@bp.get("/board")
@officer_required
def board():
    incubators = [row[0] for row in queries.incubator_rows()]
    wanted = request.args.get("incubator", "")
    chosen = next((i for i in incubators if str(i.id) == wanted), None)
    groups = queries.board(today_in_vietnam(), chosen.id if chosen else None)
    return render_template(
        "incubators/board.html", groups=groups, incubators=incubators, chosen=chosen
    )
