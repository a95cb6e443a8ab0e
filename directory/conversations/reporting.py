"""Abuse reports: any signed-in user reports a listing or a message it received, with a reason.

Reports wait in the officers' moderation queue. A reported message lets officers read its
conversation (and only that one); otherwise conversations stay private to their two sides.
"""

from typing import Any

from flask import url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..needs.queries import need_for_viewer
from ..offerings.queries import visible_offering
from ..organizations.queries import visible_organization
from ..timeutil import utcnow
from .forms import MAX_REASON
from .models import AbuseReport, Message
from .services import ConversationError, checked_text, is_participant

LISTINGS = {
    "organization": (visible_organization, "organizations.detail", "org_id"),
    "offering": (visible_offering, "offerings.detail", "offering_id"),
    "need": (need_for_viewer, "needs.detail", "need_id"),
}


def listing_for(user, kind: str, record_id: int):
    """The organization, offering or need the user may see, or None."""
    if kind not in LISTINGS:
        return None
    return LISTINGS[kind][0](record_id, user)


def report_listing(user, kind: str, record_id: int, reason: str) -> AbuseReport:
    if listing_for(user, kind, record_id) is None:
        raise ConversationError("unknown-record")
    return _store(AbuseReport(kind=kind, record_id=record_id), user, reason)


def report_message(user, message: Message, reason: str) -> AbuseReport:
    """A participant reports a message of the other side; officers may then read the thread."""
    if not is_participant(user, message.conversation):
        raise ConversationError("not-participant")
    report = AbuseReport(
        kind="message", record_id=message.id, conversation_id=message.conversation_id
    )
    return _store(report, user, reason)


def _store(report: AbuseReport, user, reason: str) -> AbuseReport:
    report.reason = checked_text(reason, "reason", MAX_REASON)
    report.reporter_id = user.id
    db.session.add(report)
    db.session.commit()
    return report


def open_reports() -> list[dict]:
    """Unresolved reports, oldest first, with what the queue shows of each."""
    reports = db.session.scalars(
        select(AbuseReport)
        .where(AbuseReport.resolved_at.is_(None))
        .order_by(AbuseReport.created_at, AbuseReport.id)
        .options(selectinload(AbuseReport.reporter))
    ).all()
    return [{"report": r, "url": _url(r)} for r in reports]


def _url(report: AbuseReport) -> str:
    if report.kind == "message":
        return (
            url_for("conversations.detail", conversation_id=report.conversation_id)
            + f"#message-{report.record_id}"
        )
    return listing_url(report.kind, report.record_id)


def listing_url(kind: str, record_id: int) -> str:
    _find, endpoint, arg = LISTINGS[kind]
    values: dict[str, Any] = {arg: record_id}
    return url_for(endpoint, **values)


def resolve(officer, report: AbuseReport) -> None:
    if not officer.is_officer:
        raise ConversationError("not-participant")
    report.resolved_at = utcnow()
    db.session.commit()
