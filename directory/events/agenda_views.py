"""Participants' pages: the list with suggestions, meeting requests and answers, agendas,
and the organizer's grid."""

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import DomainError
from ..errors import attempted, show_refusal
from ..organizations.models import OrganizationKind
from ..permissions import is_officer, officer_required, require
from ..reference.services import all_communes
from ..routing import id_from_text
from . import bp, export, importing, meetings, outcomes, queries, services
from .forms import MeetingRequestForm, ParticipantsUploadForm
from .models import Meeting, Participant
from .views import found, found_event


def my_participation(event) -> Participant:
    """The current user's accepted participation, or 403 (officers have none)."""
    me = services.participant_for(current_user, event)
    require(me is not None and me.active)
    assert me is not None
    return me


@bp.get("/events/<id:event_id>/participants")
@login_required
def participants(event_id: int):
    event = found_event(event_id)
    me = services.participant_for(current_user, event)
    require(is_officer(current_user) or (me is not None and me.active))
    kind = request.args.get("kind") or None
    commune = request.args.get("commune") or None
    q = (request.args.get("q") or "").strip()[:100] or None
    communes = all_communes()  # the filter's choices and the names the list shows
    return render_template(
        "events/participants.html",
        event=event,
        me=me,
        rows=queries.participants(event, kind, commune, q),
        suggested=queries.suggestions(event, me) if me is not None and me.active else [],
        kinds=OrganizationKind,
        communes=communes,
        commune_names={c.code: c.name for c in communes},
        form=MeetingRequestForm(),
    )


@bp.post("/events/<id:event_id>/participants/<id:participant_id>/meet")
@login_required
def request_meeting(event_id: int, participant_id: int):
    event = found_event(event_id)
    me = my_participation(event)
    invitee = found(Participant, participant_id, event)
    form = MeetingRequestForm()
    if form.validate_on_submit():
        attempted(
            lambda: meetings.request_meeting(current_user, me, invitee, form.message.data),
            _("Đã gửi yêu cầu gặp."),
            services.EventError,
        )
    else:
        flash(_("Lời nhắn quá dài."), "error")
    return redirect(url_for("events.agenda", event_id=event.id))


@bp.post("/events/<id:event_id>/meetings/<id:meeting_id>/<verb>")
@login_required
def answer(event_id: int, meeting_id: int, verb: str):
    if verb not in ("accept", "decline", "propose"):
        abort(404)
    event = found_event(event_id)
    meeting = found(Meeting, meeting_id, event)
    slot_id = id_from_text(request.form.get("slot"))
    try:
        if verb == "accept":
            meetings.accept(current_user, meeting, slot_id)
            flash(_("Đã nhận lịch gặp."), "success")
        elif verb == "decline":
            meetings.decline(current_user, meeting)
            flash(_("Đã từ chối yêu cầu gặp."), "success")
        elif slot_id is None:
            flash(_("Hãy chọn một khung giờ."), "error")
        else:
            meetings.propose_slot(current_user, meeting, slot_id)
            flash(_("Đã đề xuất khung giờ khác."), "success")
    except services.EventError as error:
        show_refusal(error)
    return redirect(url_for("events.agenda", event_id=event.id))


@bp.get("/events/<id:event_id>/agenda")
@login_required
def agenda(event_id: int):
    event = found_event(event_id)
    me = my_participation(event)
    rows = queries.meetings_of(me)
    free = meetings.free_slots(event, [m for m in rows if m.status == "requested"])
    held = {m.id for m in rows if outcomes.held(m)}
    return render_template(
        "events/agenda.html", event=event, me=me, rows=rows, free=free, held=held
    )


@bp.get("/events/<id:event_id>/agenda.ics")
@login_required
def agenda_ics(event_id: int):
    event = found_event(event_id)
    me = my_participation(event)
    body = queries.ics(event, me, queries.meetings_of(me))
    return Response(
        body,
        mimetype="text/calendar",
        headers={"Content-Disposition": f'attachment; filename="event-{event.id}.ics"'},
    )


@bp.get("/events/<id:event_id>/grid")
@officer_required
def grid(event_id: int):
    event = found_event(event_id)
    return render_template(
        "events/grid.html", event=event, rows=queries.grid(event), upload=ParticipantsUploadForm()
    )


@bp.post("/events/<id:event_id>/participants.xlsx")
@officer_required
def import_xlsx(event_id: int):
    event = found_event(event_id)
    form = ParticipantsUploadForm()
    if not form.validate_on_submit():
        for error in form.file.errors:
            flash(error, "error")
        return redirect(url_for("events.grid", event_id=event.id))
    created, updated, problems = importing.import_participants(
        current_user, event, form.file.data.read()
    )
    for problem in problems[:50]:
        flash(problem, "error")
    if not problems:
        flash(_("Đã thêm %(c)d, cập nhật %(u)d người tham gia.", c=created, u=updated), "success")
    return redirect(url_for("events.grid", event_id=event.id))


@bp.get("/events/<id:event_id>/export.xlsx")
@officer_required
def export_xlsx(event_id: int):
    event = found_event(event_id)
    return Response(
        export.event_workbook(event),
        mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        headers={"Content-Disposition": f'attachment; filename="su-kien-{event.id}.xlsx"'},
    )


@bp.post("/events/<id:event_id>/meetings/<id:meeting_id>/no-show")
@officer_required
def no_show(event_id: int, meeting_id: int):
    event = found_event(event_id)
    meeting = found(Meeting, meeting_id, event)
    attempted(
        lambda: meetings.mark_no_show(current_user, meeting, request.form.get("no_show") == "1"),
        None,
        services.EventError,
    )
    return redirect(url_for("events.grid", event_id=event.id))


@bp.post("/events/<id:event_id>/schedule")
@officer_required
def schedule(event_id: int):
    event = found_event(event_id)
    if not event.slots:
        abort(400)
    done, left = meetings.auto_schedule(current_user, event)
    flash(
        _("Đã xếp %(done)d cuộc gặp; %(left)d chưa có khung giờ chung.", done=done, left=left),
        "success",
    )
    return redirect(url_for("events.grid", event_id=event.id))


@bp.post("/events/<id:event_id>/meetings/<id:meeting_id>/follow-up")
@login_required
def follow_up(event_id: int, meeting_id: int):
    event = found_event(event_id)
    meeting = found(Meeting, meeting_id, event)
    try:
        conversation = outcomes.follow_up(current_user, meeting, request.form.get("body", ""))
    except DomainError as error:  # the event's refusals and the conversation's
        show_refusal(error)
        return redirect(url_for("events.agenda", event_id=event.id))
    flash(_("Đã mở trao đổi tiếp theo với đối tác."), "success")
    return redirect(url_for("conversations.detail", conversation_id=conversation.id))
