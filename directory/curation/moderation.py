"""Moderation: officers hide an organization, an offering or a need that breaks the rules.

A hidden record keeps its data; outsiders get 404, its members see the officer's reason on the
record's page, fix it and ask for a review; an officer then shows it again. Hiding saves the row,
so the search outbox drops it from the index in the same transaction.
"""

from typing import TypedDict

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import Select, select

from ..audit.services import record as audit
from ..audit.services import snapshot
from ..extensions import db
from .models import MODERATION_ACTIONS, CurationEvent
from .services import (
    MODELS,
    CurationError,
    Record,
    add_event,
    kind_of,
    latest_event,
    mail_owners,
    organization_of,
    require_member,
    require_officer,
    title_of,
)

FIELDS = ("hidden", "hidden_reason")
DETAIL_ENDPOINTS = {
    "organization": ("organizations.detail", "org_id"),
    "offering": ("offerings.detail", "offering_id"),
    "need": ("needs.detail", "need_id"),
}


def record_url(obj, external: bool = False) -> str:
    endpoint, arg = DETAIL_ENDPOINTS[kind_of(obj)]
    return url_for(endpoint, **{arg: obj.id}, _external=external)


def review_requested(obj) -> bool:
    """A hidden record whose members asked for a review since it was hidden."""
    if not obj.hidden:
        return False
    event = latest_event(obj, MODERATION_ACTIONS)
    return event is not None and event.action == "review_requested"


class HiddenRecord(TypedDict):
    """A line of the officers' list of hidden records."""

    kind: str
    record: Record
    title: str
    review_requested: bool
    last_event: CurationEvent | None


def hidden_records() -> list[HiddenRecord]:
    """Every hidden record, those waiting for a review first, then the most recently changed."""
    rows: list[HiddenRecord] = []
    for kind, model in MODELS.items():
        hidden: Select[Record] = select(model)
        records = list(db.session.scalars(hidden.where(model.hidden.is_(True))))
        latest = _latest_events(kind, [obj.id for obj in records])
        for obj in records:
            last = latest.get(obj.id)
            rows.append(
                {
                    "kind": kind,
                    "record": obj,
                    "title": title_of(obj),
                    "review_requested": last is not None and last.action == "review_requested",
                    "last_event": last,
                }
            )
    rows.sort(key=lambda r: (not r["review_requested"], -(r["record"].updated_at.timestamp())))
    return rows


def _latest_events(kind: str, ids: list[int]) -> dict[int, CurationEvent]:
    """{record id: its latest moderation step} for these records of ``kind``, in one query."""
    if not ids:
        return {}
    column = getattr(CurationEvent, f"{kind}_id")
    events = db.session.scalars(
        select(CurationEvent)
        .where(column.in_(ids), CurationEvent.action.in_(MODERATION_ACTIONS))
        .order_by(CurationEvent.at.desc(), CurationEvent.id.desc())
    )
    latest: dict[int, CurationEvent] = {}
    for event in events:
        latest.setdefault(getattr(event, f"{kind}_id"), event)
    return latest


def hide(actor, obj, reason: str) -> None:
    """Hide the record from everyone but its members and officers; the owners are told why."""
    subject = _("Tin “%(title)s” đã bị ẩn", title=title_of(obj))
    _set_hidden(actor, obj, True, reason, subject, reason=reason)


def unhide(actor, obj, note: str = "") -> None:
    """Show the record again (after the owners fixed it); the owners are told."""
    subject = _("Tin “%(title)s” đã được hiển thị lại", title=title_of(obj))
    _set_hidden(actor, obj, False, note, subject, note=note)


def _set_hidden(actor, obj, hidden: bool, text: str, subject: str, **mail) -> None:
    """Hide or show again: the event, the audit entry and the owners' mail (curation_hidden or
    curation_unhidden, with ``mail`` in it) in one transaction."""
    require_officer(actor)
    if obj.hidden == hidden:
        raise CurationError("already-hidden" if hidden else "not-hidden")
    kind, before = kind_of(obj), snapshot(obj, FIELDS)
    obj.hidden, obj.hidden_reason = hidden, text if hidden else None
    event = "hidden" if hidden else "unhidden"
    add_event(obj, event, actor, text)
    audit(
        actor, f"{kind}.{'hide' if hidden else 'unhide'}", obj, text, before, snapshot(obj, FIELDS)
    )
    db.session.commit()
    mail_owners(
        obj,
        subject,
        f"curation_{event}",
        kind=kind,
        title=title_of(obj),
        url=record_url(obj, external=True),
        **mail,
    )


def request_review(user, obj, note: str = "") -> None:
    """Members of a hidden record's organization say they fixed it and ask officers to look."""
    require_member(user, organization_of(obj))
    if not obj.hidden:
        raise CurationError("visible-no-review")
    if review_requested(obj):
        raise CurationError("review-pending")
    add_event(obj, "review_requested", user, note)
    db.session.commit()
