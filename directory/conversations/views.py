"""Proposal and contact forms, the inbox, a conversation's page, its replies and stage."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from ..errors import form_page, submitted, submitted_result
from ..extensions import db
from ..needs.models import Need
from ..needs.queries import need_for_viewer
from ..offerings.queries import visible_offering
from ..permissions import officer_required
from ..routing import or_404
from ..templating import template_globals
from . import bp, followup, reporting, services
from .forms import MessageForm, ReplyForm, ReportForm, StageForm
from .labels import STAGE_LABELS, report_kind_label
from .models import AbuseReport, Message


def inbox_unread() -> int:
    """The header's "Hộp thư" count: unread conversations of the signed-in user."""
    return services.unread_count(current_user)


def start_form(record, form=None):
    """The "Gửi đề xuất" / "Liên hệ" form for a need or an offering, or None for this viewer.

    Only signed-in members of another organization see it; visitors are invited to sign in.
    """
    if not current_user.is_authenticated:
        return {"anonymous": True, "is_need": isinstance(record, Need)}
    senders = services.sending_organizations(current_user, record.organization)
    if not senders:
        return None
    form = form or MessageForm(formdata=None)
    form.organization.choices = [SelectChoice(str(o.id), o.name) for o in senders]
    none = SelectChoice("", _("— Không chọn —"))
    if isinstance(record, Need):
        form.offering.choices = [none] + [
            SelectChoice(str(o.id), o.title)
            for s in senders
            for o in s.offerings
            if services.listed(o)
        ]
        form.offering.data = form.offering.data or request.args.get("offering", "")
        action = url_for("conversations.propose", need_id=record.id)
    else:
        form.need.choices = [none] + [
            SelectChoice(str(n.id), n.title) for s in senders for n in s.needs if services.listed(n)
        ]
        form.need.data = form.need.data or request.args.get("need", "")
        action = url_for("conversations.contact", offering_id=record.id)
    return {"form": form, "action": action, "record": record, "is_need": isinstance(record, Need)}


def _start(record, send):
    """The "Gửi đề xuất" / "Liên hệ" form's POST; a record the viewer may not see, or one not
    public, is not found."""
    if record is None or not record.is_public:
        abort(404)
    form = MessageForm()
    conversation = submitted_result(
        form,
        lambda: send(record, _sender(record, form), form),
        _("Đã gửi. Bạn có thể theo dõi trao đổi trong Hộp thư."),
        services.ConversationError,
    )
    if conversation is not None:
        return redirect(url_for("conversations.detail", conversation_id=conversation.id))
    start = start_form(record, form)
    if start is None:
        abort(404)  # the viewer's only organization is the record's own
    return form_page("conversations/start.html", form, start=start)


def _sender(record, form: MessageForm):
    """The organization the message is sent for: the one chosen, or the viewer's only one."""
    senders = services.sending_organizations(current_user, record.organization)
    wanted = form.organization.data or (str(senders[0].id) if len(senders) == 1 else "")
    return next((o for o in senders if str(o.id) == wanted), None)


@bp.route("/conversations/propose/<id:need_id>", methods=["GET", "POST"])
@login_required
def propose(need_id: int):
    return _start(
        need_for_viewer(need_id, current_user),
        lambda need, sender, form: services.propose(
            current_user, need, sender, form.body.data, form.offering.data
        ),
    )


@bp.route("/conversations/contact/<id:offering_id>", methods=["GET", "POST"])
@login_required
def contact(offering_id: int):
    return _start(
        visible_offering(offering_id, current_user),
        lambda offering, sender, form: services.contact(
            current_user, offering, sender, form.body.data, form.need.data
        ),
    )


@bp.get("/inbox")
@login_required
def inbox():
    return render_template("conversations/inbox.html", rows=services.inbox(current_user))


def _conversation_or_404(conversation_id: int, participant: bool = True):
    conversation = or_404(services.visible_conversation(current_user, conversation_id))
    if participant and not services.is_participant(current_user, conversation):
        abort(404)  # officers read a reported conversation, but do not take part
    return conversation


def _page(conversation, reply_form=None, stage_form=None, status=200):
    participant = services.is_participant(current_user, conversation)
    if participant and status == 200:
        services.mark_read(current_user, conversation)
    stage_form = stage_form or StageForm(formdata=None, stage=conversation.stage)
    return render_template(
        "conversations/detail.html",
        conversation=conversation,
        thread=services.thread(conversation),
        participant=participant,
        own_side=services.side_of(current_user, conversation),
        reply_form=reply_form or ReplyForm(formdata=None),
        stage_form=stage_form,
        report_form=ReportForm(formdata=None),
    ), status


@bp.get("/conversations/<id:conversation_id>")
@login_required
def detail(conversation_id: int):
    return _page(_conversation_or_404(conversation_id, participant=False))


@bp.post("/conversations/<id:conversation_id>/reply")
@login_required
def reply(conversation_id: int):
    return _on_page(
        _conversation_or_404(conversation_id),
        "reply_form",
        ReplyForm(),
        lambda user, conversation, form: services.reply(user, conversation, form.body.data),
        _("Đã gửi trả lời."),
    )


@bp.post("/conversations/<id:conversation_id>/stage")
@login_required
def stage(conversation_id: int):
    return _on_page(
        _conversation_or_404(conversation_id),
        "stage_form",
        StageForm(),
        lambda user, conversation, form: services.set_stage(user, conversation, form.stage.data),
        _("Đã cập nhật giai đoạn."),
    )


def _on_page(conversation, name: str, form, action, done: str):
    """A form of the conversation's page (reply, stage): back to the page when it is done, the
    page again with the form as typed when it is refused."""
    if submitted(
        form, lambda: action(current_user, conversation, form), done, services.ConversationError
    ):
        return redirect(url_for("conversations.detail", conversation_id=conversation.id))
    return _page(conversation, status=400, **{name: form})


@bp.post("/conversations/messages/<id:message_id>/report")
@login_required
def report_message(message_id: int):
    message = db.session.get(Message, message_id)
    if message is None or not services.is_participant(current_user, message.conversation):
        abort(404)
    form = ReportForm()
    if form.validate_on_submit():
        reporting.report_message(current_user, message, form.reason.data)
        flash(_("Đã gửi báo cáo. Cán bộ Sở Công Thương sẽ xem xét."), "success")
        return redirect(url_for("conversations.detail", conversation_id=message.conversation_id))
    for error in form.reason.errors:
        flash(error, "error")
    return _page(message.conversation, status=400)


@bp.route("/report/<kind>/<id:record_id>", methods=["GET", "POST"])
@login_required
def report_listing(kind: str, record_id: int):
    record = or_404(reporting.listing_for(current_user, kind, record_id))
    form = ReportForm()
    if form.validate_on_submit():
        reporting.report_listing(current_user, kind, record_id, form.reason.data)
        flash(_("Đã gửi báo cáo. Cán bộ Sở Công Thương sẽ xem xét."), "success")
        return redirect(reporting.listing_url(kind, record_id))
    status = 400 if form.is_submitted() else 200
    return render_template("conversations/report.html", form=form, record=record, kind=kind), status


@bp.post("/officer/reports/<id:report_id>/resolve")
@officer_required
def resolve_report(report_id: int):
    report = db.get_or_404(AbuseReport, report_id)
    reporting.resolve(current_user, report)
    flash(_("Đã đánh dấu báo cáo là đã xử lý."), "success")
    return redirect(url_for("curation.moderation_queue"))


@bp.route("/follow-up/<token>", methods=["GET", "POST"])
def follow_up(token: str):
    """The buyer's link from the follow-up mail: confirm the stage with one button."""
    try:
        _follow_up, conversation, stage = followup.read_link(token)
    except services.ConversationError as error:
        flash(error.message, "error")
        return render_template("conversations/follow_up.html", conversation=None), 400
    form = FlaskForm()
    if form.validate_on_submit():
        try:
            followup.use_link(token)
        except services.ConversationError as error:
            flash(error.message, "error")
            return render_template("conversations/follow_up.html", conversation=None), 400
        flash(_("Cảm ơn bạn! Đã cập nhật giai đoạn."), "success")
        return render_template("conversations/follow_up.html", conversation=conversation)
    return render_template(
        "conversations/follow_up.html", conversation=conversation, stage=stage, form=form
    )


template_globals(
    bp,
    STAGE_LABELS=STAGE_LABELS,
    report_kind_label=report_kind_label,
    inbox_unread=inbox_unread,
    conversation_form=start_form,
    open_abuse_reports=reporting.open_reports,
)
