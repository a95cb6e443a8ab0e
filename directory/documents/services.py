"""Uploading and removing documents, declaring eco-labels and installations; one transaction
per action. Every function takes the acting user: members (and officers) of the organization
change its documents; officers alone verify or reject a label.

A stored file is written before the row is committed and removed if the commit fails, so a
refused or failed upload leaves neither a row nor a file behind.
"""

from datetime import date

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from .. import search
from ..audit.services import record as audit
from ..domain import DomainError
from ..extensions import db
from ..offerings.models import Offering
from ..permissions import can_manage, require, require_officer
from ..timeutil import today_in_vietnam, utcnow
from . import checks, notices
from .models import Document, EcoLabel, Installation, LabelStatus
from .storage import storage


class DocumentError(DomainError):
    messages = {
        "too-many": _l("Mỗi tổ chức lưu tối đa %(n)d tài liệu; hãy xóa bớt tài liệu cũ."),
        "dates-reversed": _l("Ngày hết hạn phải sau ngày cấp."),
        "label-expired": _l("Ngày hiệu lực đã qua; nhãn đã hết hạn không thể xác minh."),
        "no-document": _l("Hãy đính kèm giấy chứng nhận để cán bộ Sở đối chiếu."),
        "not-this-offering": _l("Tài liệu này không thuộc tổ chức của giải pháp."),
        "already-decided": _l("Nhãn này đã được xử lý."),
        "backs-label": _l(
            "Tài liệu này là giấy chứng nhận của nhãn %(number)s: hãy xóa nhãn trước, rồi xóa"
            " tài liệu."
        ),
    }


def _count(organization_id: int) -> int:
    stmt = select(func.count(Document.id)).where(Document.organization_id == organization_id)
    return db.session.scalar(stmt) or 0


def upload_document(user, organization, values: dict, stream, offering=None) -> Document:
    """Check the file (checks.prepare), store it under a generated name and record it."""
    require(can_manage(user, organization))
    limit = _limit()
    if _count(organization.id) >= limit:
        raise DocumentError("too-many", "file", n=limit)
    issued, expires = values.get("issued_on"), values.get("expires_on")
    if issued and expires and expires < issued:
        raise DocumentError("dates-reversed", "expires_on")
    data, extension, content_type = checks.prepare(stream)
    files = storage()
    name = files.save(data, extension)
    document = Document(
        organization=organization,
        offering=offering,
        stored_name=name,
        content_type=content_type,
        size=len(data),
        uploaded_by_id=getattr(user, "id", None),
        **values,
    )
    try:
        db.session.add(document)
        db.session.commit()
    except BaseException:
        db.session.rollback()
        files.delete(name)
        raise
    return document


def _limit() -> int:
    return int(current_app.config["DOCUMENT_MAX_PER_ORGANIZATION"])


def delete_document(user, document: Document) -> None:
    """Delete a document and its file. A certificate a label rests on stays while the label
    does: a verified badge must always have the paper an officer checked it against."""
    require(can_manage(user, document.organization))
    labels = _labels_of(document)
    if labels:
        raise DocumentError("backs-label", number=labels[0].number)
    name = document.stored_name
    db.session.delete(document)
    db.session.commit()
    storage().delete(name)


def _labels_of(document: Document) -> list[EcoLabel]:
    return list(db.session.scalars(select(EcoLabel).where(EcoLabel.document_id == document.id)))


# Eco-labels --------------------------------------------------------------------------------


def add_label(user, offering, values: dict) -> EcoLabel:
    """The supplier declares a label; it waits for an officer (status pending)."""
    require(can_manage(user, offering.organization))
    document = values.get("document")
    if document is None:
        raise DocumentError("no-document", "document")
    if document.organization_id != offering.organization_id:
        raise DocumentError("not-this-offering", "document")
    if values["valid_until"] < today_in_vietnam():
        raise DocumentError("label-expired", "valid_until")
    label = EcoLabel(offering=offering, status=LabelStatus.PENDING, **values)
    db.session.add(label)
    db.session.commit()
    return label


def delete_label(user, label: EcoLabel) -> None:
    require(can_manage(user, label.offering.organization))
    search.reindex_later("offering", [label.offering_id])
    db.session.delete(label)
    db.session.commit()


def _decide(actor, label: EcoLabel, status: str, note: str) -> None:
    require_officer(actor)
    if label.status != LabelStatus.PENDING:
        raise DocumentError("already-decided")
    before = {"status": label.status}
    label.status, label.reason = status, note
    label.decided_at, label.decided_by_id = utcnow(), actor.id
    audit(actor, f"eco_label.{status}", label, note, before, {"status": status})
    search.reindex_later("offering", [label.offering_id])
    db.session.commit()


def verify_label(actor, label: EcoLabel, note: str) -> None:
    """The officer checked the certificate against its document: the badge shows."""
    if label.document is None:
        raise DocumentError("no-document")
    if label.valid_until < today_in_vietnam():
        raise DocumentError("label-expired")
    _decide(actor, label, LabelStatus.VERIFIED, note)
    notices.label_decided(label)


def reject_label(actor, label: EcoLabel, reason: str) -> None:
    _decide(actor, label, LabelStatus.REJECTED, reason)
    notices.label_decided(label)


def label_queue():
    """Labels waiting for an officer, oldest first, with the offering and organization the
    queue names."""
    return (
        select(EcoLabel)
        .where(EcoLabel.status == LabelStatus.PENDING)
        .order_by(EcoLabel.created_at, EcoLabel.id)
        .options(selectinload(EcoLabel.offering).selectinload(Offering.organization))
    )


def run_expiry(day: date | None = None, warn_days: int = 60) -> tuple[int, int]:
    """The daily run (cron): mail a reminder once, ``warn_days`` before a verified label
    expires, and have search drop the badge of labels past their date. Returns (reminded,
    lapsed); running it again the same day does nothing new."""
    day = day or today_in_vietnam()
    verified = select(EcoLabel).where(EcoLabel.status == LabelStatus.VERIFIED)
    due = db.session.scalars(
        verified.where(
            EcoLabel.reminded_at.is_(None),
            EcoLabel.valid_until >= day,
            EcoLabel.valid_until <= date.fromordinal(day.toordinal() + warn_days),
        )
    ).all()
    lapsed = db.session.scalars(
        verified.where(EcoLabel.lapsed_at.is_(None), EcoLabel.valid_until < day)
    ).all()
    now = utcnow()
    for label in due:
        label.reminded_at = now
    for label in lapsed:
        label.lapsed_at = now
    if lapsed:
        search.reindex_later("offering", sorted({label.offering_id for label in lapsed}))
    db.session.commit()
    for label in due:
        notices.label_expiring(label)
    return len(due), len(lapsed)


# Reference installations -------------------------------------------------------------------


def add_installation(user, offering, values: dict) -> Installation:
    require(can_manage(user, offering.organization))
    installation = Installation(offering_id=offering.id, **values)
    db.session.add(installation)
    search.reindex_later("offering", [offering.id])  # matching reads where it is installed
    db.session.commit()
    return installation


def delete_installation(user, installation: Installation, offering) -> None:
    require(can_manage(user, offering.organization))
    db.session.delete(installation)
    search.reindex_later("offering", [offering.id])
    db.session.commit()
