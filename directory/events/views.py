"""Events pages: the public list and page, the officer's event and meeting-day forms."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import form_page, saving_form_page, submitted
from ..extensions import db
from ..forms import options
from ..organizations.models import Organization
from ..organizations.queries import organizations_of
from ..permissions import is_officer, officer_required
from ..routing import id_from_text, or_404
from ..templating import template_globals
from . import bp, meetings, queries, services
from .forms import EventForm, MeetingDayForm, RegistrationForm
from .labels import MEETING_STATUS_LABELS, PARTICIPANT_STATUS_LABELS
from .models import Event, Participant

template_globals(
    bp,
    PARTICIPANT_STATUS_LABELS=PARTICIPANT_STATUS_LABELS,
    MEETING_STATUS_LABELS=MEETING_STATUS_LABELS,
)


def found_event(event_id: int) -> Event:
    event = db.session.get(Event, event_id)
    if event is None or not services.visible(event, current_user):
        abort(404)
    return event


def found(model, object_id: int, event: Event):
    row = db.session.get(model, object_id)
    if row is None or row.event_id != event.id:
        abort(404)
    return row


@bp.get("/events")
def index():
    coming, past = queries.events_page(include_drafts=is_officer(current_user))
    return render_template("events/index.html", coming=coming, past=past)


def event_page(event: Event, day_form: MeetingDayForm | None = None, status: int = 200):
    """The event's page; officers also get the pending registrations and the day form."""
    officer = is_officer(current_user)
    page = render_template(
        "events/detail.html",
        event=event,
        me=services.participant_for(current_user, event),
        open=services.registration_open(event),
        taken=services.taken_places(event),
        pending=queries.pending_registrations(event) if officer else [],
        day_form=(day_form or MeetingDayForm()) if officer else None,
    )
    return page, status


@bp.get("/events/<id:event_id>")
def detail(event_id: int):
    return event_page(found_event(event_id))


@bp.route("/events/new", methods=["GET", "POST"])
@bp.route("/events/<id:event_id>/edit", methods=["GET", "POST"])
@officer_required
def edit(event_id: int | None = None):
    event = found_event(event_id) if event_id is not None else None
    form = EventForm(obj=event)
    return saving_form_page(
        form,
        lambda: services.save_event(current_user, event_values(form), event),
        lambda saved: _("Đã lưu sự kiện %(title)s.", title=saved.title),
        services.EventError,
        lambda saved: url_for("events.detail", event_id=saved.id),
        "events/form.html",
        event=event,
    )


def event_values(form: EventForm) -> dict:
    values = {name: getattr(form, name).data for name in services.EVENT_FIELDS}
    values["commune_code"] = values["commune_code"] or None
    return values


@bp.post("/events/<id:event_id>/days")
@officer_required
def add_day(event_id: int):
    event = found_event(event_id)
    form = MeetingDayForm()
    if submitted(
        form,
        lambda: services.add_meeting_day(
            current_user, event, form.day.data, form.starts.data, form.ends.data, form.breaks.data
        ),
        lambda added: _("Đã thêm %(n)d khung giờ gặp.", n=added),
        services.EventError,
    ):
        return redirect(url_for("events.detail", event_id=event.id))
    return event_page(event, form, 400)


@bp.route("/events/<id:event_id>/register", methods=["GET", "POST"])
@login_required
def register(event_id: int):
    event = found_event(event_id)
    orgs = organizations_of(current_user)
    form = RegistrationForm()
    form.organization.choices = options([(o.id, o.name) for o in orgs])
    chosen = next((o for o in orgs if o.id == id_from_text(form.organization.data)), None)
    chosen = chosen or (orgs[0] if orgs else None)
    form.offering_ids.choices = [(str(o.id), o.title) for o in (chosen.offerings if chosen else [])]
    form.need_ids.choices = [(str(n.id), n.title) for n in (chosen.needs if chosen else [])]
    if submitted(
        form,
        lambda: services.register(current_user, event, *registration(form)),
        lambda participant: (
            _("Đã gửi đăng ký; chờ cán bộ duyệt.")
            if participant.status == "pending"
            else _("Đã đăng ký tham gia sự kiện.")
        ),
        services.EventError,
    ):
        return redirect(url_for("events.detail", event_id=event.id))
    return form_page("events/register.html", form, event=event)


def registration(form: RegistrationForm) -> tuple[Organization | None, dict]:
    """The organization a registration is for, and what it says."""
    values = {f: getattr(form, f).data for f in ("attendees", "offers_text", "seeks_text")}
    values.update(offering_ids=form.offering_ids.data, need_ids=form.need_ids.data)
    return db.session.get(Organization, id_from_text(form.organization.data) or 0), values


@bp.post("/events/<id:event_id>/withdraw")
@login_required
def withdraw(event_id: int):
    event = found_event(event_id)
    participant = or_404(services.participant_for(current_user, event))
    cancelled = meetings.withdraw(current_user, participant)
    flash(_("Đã hủy đăng ký; %(n)d cuộc gặp đã được hủy.", n=len(cancelled)), "success")
    return redirect(url_for("events.detail", event_id=event.id))


@bp.post("/events/<id:event_id>/registrations/<id:participant_id>/<verb>")
@officer_required
def decide(event_id: int, participant_id: int, verb: str):
    if verb not in ("approve", "decline"):
        abort(404)
    event = found_event(event_id)
    participant = found(Participant, participant_id, event)
    services.decide(current_user, participant, accept=verb == "approve")
    flash(_("Đã cập nhật đăng ký."), "success")
    return redirect(url_for("events.detail", event_id=event.id))
