"""What owners send to the desk (under /review), and the panel record pages show them.

Record pages include ``curation/_record_panel.html`` with ``record`` set; the panel asks
``curation_panel(record)`` what to show: to members, the verification state, the officer's last
note or reason, whether the record is hidden and why, and the request buttons; to officers,
links to the desk's pages for the record.
"""

from flask import abort, flash, redirect
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import attempted
from ..permissions import is_member, require
from ..routing import or_404
from ..templating import template_globals
from . import moderation, review_bp, services, verification
from .forms import OptionalNoteForm
from .models import VERIFICATION_ACTIONS
from .services import CurationError, find_record, is_featured, kind_of, organization_of


def curation_panel(record) -> dict:
    """What the record's page shows about its curation to the current visitor."""
    kind = kind_of(record)
    org = organization_of(record)
    member = is_member(current_user, org)
    officer = bool(getattr(current_user, "is_officer", False))
    panel = {
        "kind": kind,
        "member": member,
        "officer": officer,
        "featured": is_featured(record),
        "hidden": record.hidden,
        "hidden_reason": record.hidden_reason,
        "review_requested": False,
        "verification": getattr(record, "verification", None),
        "verification_event": None,
    }
    if not (member or officer):
        return panel
    panel["review_requested"] = moderation.review_requested(record)
    if kind == "organization":
        panel["verification_event"] = services.latest_event(record, VERIFICATION_ACTIONS)
    return panel


# is_featured(obj) for every template that marks records "Nổi bật"; the panel for record pages.
template_globals(review_bp, is_featured=is_featured, curation_panel=curation_panel)


def _record_for_member(kind: str, record_id: int):
    """The record if the user belongs to its organization; 404 if they may not even see it."""
    obj = or_404(find_record(kind, record_id))
    member = is_member(current_user, organization_of(obj))
    if not (member or obj.is_public):
        abort(404)
    require(member)
    return obj


@review_bp.post("/organizations/<id:org_id>/verification")
@login_required
def request_verification(org_id: int):
    return _send(
        _record_for_member("organization", org_id),
        verification.request_verification,
        _("Đã gửi yêu cầu xác minh tới Sở Công Thương."),
    )


@review_bp.post("/<kind>/<id:record_id>")
@login_required
def request_review(kind: str, record_id: int):
    return _send(
        _record_for_member(kind, record_id),
        moderation.request_review,
        _("Đã gửi yêu cầu xem xét lại tới Sở Công Thương."),
    )


def _send(record, send, done: str):
    """An owner's request to the desk, with an optional note; back to the record's page."""
    form = OptionalNoteForm()
    if form.validate():
        attempted(lambda: send(current_user, record, form.note.data), done, CurationError)
    else:
        flash(_("Ghi chú quá dài (tối đa 2000 ký tự)."), "error")
    return redirect(moderation.record_url(record))
