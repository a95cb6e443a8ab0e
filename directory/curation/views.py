"""The officers' desk under /officer: verification queue, features, moderation."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ..errors import attempted, show_refusal
from ..extensions import db
from ..permissions import officer_required
from ..routing import or_404, page_arg
from ..search import SearchUnavailable
from ..signals import organization_page, page_parts
from ..templating import template_globals
from ..validation import clean_text
from . import bp, holds, labels, moderation, services, verification
from .forms import FeatureForm, NoteForm, OptionalNoteForm, ReasonForm
from .models import MODERATION_ACTIONS, VERIFICATION_ACTIONS, Feature
from .services import CurationError, find_record

PER_PAGE = 20


template_globals(
    bp,
    curation_verification_label=labels.verification_label,
    curation_kind_label=labels.record_kind_label,
    curation_event_label=labels.event_label,
)


def record_or_404(kind: str, record_id: int):
    return or_404(find_record(kind, record_id))


# Verification ------------------------------------------------------------------------------


@bp.get("/verification")
@officer_required
def verification_queue():
    state = request.args.get("state", "")
    q = (clean_text(request.args.get("q")) or "")[:100]
    stmt = verification.verification_queue(state, q)
    page = db.paginate(stmt, page=page_arg(), per_page=PER_PAGE, error_out=False)
    return render_template("curation/verification_queue.html", page=page, state=state, q=q)


def _verification_page(org, note_form=None, reason_form=None, status=200):
    return render_template(
        "curation/verification.html",
        organization=org,
        note_form=note_form or NoteForm(formdata=None),
        reason_form=reason_form or ReasonForm(formdata=None),
        events=services.events_for(org, VERIFICATION_ACTIONS),
        # the parts other areas add to the organization: documents lists its papers here
        **page_parts(organization_page, org, current_user),
    ), status


@bp.get("/verification/<id:org_id>")
@officer_required
def verification_detail(org_id: int):
    return _verification_page(record_or_404("organization", org_id))


def _decided(form, action, done: str, queue: str, page):
    """An officer's decision on a record (verify, reject, hide, unhide): when the form is valid
    and the service accepts it, ``done`` is flashed and the officer goes back to the ``queue``
    (an endpoint); else ``page()`` shows the record again with the form as typed (400)."""
    if form.validate() and attempted(action, done, CurationError):
        return redirect(url_for(queue))
    return page()


@bp.post("/verification/<id:org_id>/verify")
@officer_required
def verify(org_id: int):
    org, form = record_or_404("organization", org_id), NoteForm()
    return _decided(
        form,
        lambda: verification.verify(current_user, org, form.note.data),
        _("Đã xác minh %(name)s và báo cho chủ tổ chức.", name=org.name),
        "curation.verification_queue",
        lambda: _verification_page(org, note_form=form, status=400),
    )


@bp.post("/verification/<id:org_id>/reject")
@officer_required
def reject(org_id: int):
    org, form = record_or_404("organization", org_id), ReasonForm()
    return _decided(
        form,
        lambda: verification.reject(current_user, org, form.reason.data),
        _("Đã từ chối xác minh %(name)s và gửi lý do.", name=org.name),
        "curation.verification_queue",
        lambda: _verification_page(org, reason_form=form, status=400),
    )


# Featured listings -------------------------------------------------------------------------


@bp.get("/features")
@officer_required
def features():
    return render_template("curation/features.html", **services.features_overview())


@bp.route("/features/new", methods=["GET", "POST"])
@officer_required
def new_feature():
    form = FeatureForm()
    kind, query = request.args.get("kind", "offering"), (request.args.get("q") or "")[:200]
    if not form.is_submitted():
        form.kind.data = kind
        form.record.data = (request.args.get("id", "") or "")[:20]
    elif form.validate() and (target := form.target()) is not None:  # validate checks it
        kind, record_id = target
        record = find_record(kind, record_id)
        try:
            if record is None:
                raise CurationError("unknown-record", "record")
            services.create_feature(
                current_user,
                record,
                form.starts_on.data,
                form.ends_on.data,
                form.reason.data,
                form.position.data,
            )
        except CurationError as error:
            show_refusal(error, form)
        else:
            title = services.title_of(record)
            flash(_("Đã đưa “%(title)s” lên mục nổi bật.", title=title), "success")
            return redirect(url_for("curation.features"))
    status = 400 if form.is_submitted() else 200
    try:
        candidates = services.feature_candidates(kind, query)
    except SearchUnavailable:
        candidates, query = [], ""
        flash(_("Tìm kiếm tạm thời gián đoạn: hãy nhập số ID hoặc đường dẫn."), "error")
    page = render_template(
        "curation/feature_form.html", form=form, query=query, kind=kind, candidates=candidates
    )
    return page, status


@bp.post("/features/<id:feature_id>/end")
@officer_required
def end_feature(feature_id: int):
    feature = db.session.get(Feature, feature_id)
    if feature is None or feature.record is None:
        abort(404)
    services.end_feature(current_user, feature)
    flash(_("Đã thôi nổi bật “%(title)s”.", title=services.title_of(feature.record)), "success")
    return redirect(url_for("curation.features"))


# Moderation --------------------------------------------------------------------------------


@bp.get("/moderation")
@officer_required
def moderation_queue():
    return render_template(
        "curation/moderation_queue.html",
        rows=moderation.hidden_records(),
        holding=holds.holding_first_listings(),
        hold_label=holds.SETTING_LABELS[holds.HOLD_FIRST_LISTINGS],
    )


@bp.post("/moderation/settings")
@officer_required
def moderation_settings():
    """The desk's choice: do new organizations' first listings wait for review? (CSRF-checked
    before the view runs; a missing box is "off", any other value "on".)"""
    on = bool(request.form.get(holds.HOLD_FIRST_LISTINGS))
    holds.set_holding_first_listings(current_user, on)
    if on:
        flash(_("Từ nay, tin đầu tiên của tổ chức chưa xác minh chờ cán bộ duyệt."), "success")
    else:
        flash(_("Từ nay, tin của tổ chức chưa xác minh được công khai ngay."), "success")
    return redirect(url_for("curation.moderation_queue"))


def _moderation_page(obj, kind, hide_form=None, unhide_form=None, status=200):
    return render_template(
        "curation/moderation.html",
        record=obj,
        kind=kind,
        title=services.title_of(obj),
        record_url=moderation.record_url(obj),
        hide_form=hide_form or ReasonForm(formdata=None),
        unhide_form=unhide_form or OptionalNoteForm(formdata=None),
        events=services.events_for(obj, MODERATION_ACTIONS),
    ), status


@bp.get("/moderation/<kind>/<id:record_id>")
@officer_required
def moderation_detail(kind: str, record_id: int):
    return _moderation_page(record_or_404(kind, record_id), kind)


@bp.post("/moderation/<kind>/<id:record_id>/hide")
@officer_required
def hide(kind: str, record_id: int):
    obj, form = record_or_404(kind, record_id), ReasonForm()
    return _decided(
        form,
        lambda: moderation.hide(current_user, obj, form.reason.data),
        _("Đã ẩn “%(title)s” và báo cho chủ tổ chức.", title=services.title_of(obj)),
        "curation.moderation_queue",
        lambda: _moderation_page(obj, kind, hide_form=form, status=400),
    )


@bp.post("/moderation/<kind>/<id:record_id>/unhide")
@officer_required
def unhide(kind: str, record_id: int):
    obj, form = record_or_404(kind, record_id), OptionalNoteForm()
    return _decided(
        form,
        lambda: moderation.unhide(current_user, obj, form.note.data),
        _("Đã hiển thị lại “%(title)s”.", title=services.title_of(obj)),
        "curation.moderation_queue",
        lambda: _moderation_page(obj, kind, unhide_form=form, status=400),
    )
