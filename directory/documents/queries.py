"""What the pages read: the documents a viewer may see, current labels, installations."""

from sqlalchemy import select
from sqlalchemy.orm import object_session, selectinload

from ..extensions import db
from ..permissions import can_manage, is_officer
from ..timeutil import today_in_vietnam
from .models import Document, EcoLabel, Installation, LabelStatus


def may_see(viewer, document: Document) -> bool:
    """Officer-only documents: officers and the organization's own members. Public ones:
    whoever may see the record they belong to."""
    org = document.organization
    if is_officer(viewer) or can_manage(viewer, org):
        return True
    if document.officers_only:
        return False
    record = document.offering or org
    return bool(record.is_public)


def visible_document(document_id: int, viewer) -> Document | None:
    document = db.session.get(Document, document_id)
    if document is None or not may_see(viewer, document):
        return None
    return document


def documents_of(organization, viewer, offering=None) -> list[Document]:
    """The organization's documents (or one offering's) that ``viewer`` may see."""
    stmt = select(Document).where(Document.organization_id == organization.id)
    if offering is not None:
        stmt = stmt.where(Document.offering_id == offering.id)
    if not (is_officer(viewer) or can_manage(viewer, organization)):
        stmt = stmt.where(Document.officers_only.is_(False))
    return list(db.session.scalars(stmt.order_by(Document.created_at.desc(), Document.id.desc())))


def labels_of(offering, viewer) -> list[EcoLabel]:
    """Everyone sees the current labels; members and officers also the pending, refused and
    expired ones (to act on them)."""
    stmt = (
        select(EcoLabel)
        .where(EcoLabel.offering_id == offering.id)
        .options(selectinload(EcoLabel.document))
        .order_by(EcoLabel.valid_until.desc(), EcoLabel.id)
    )
    if not (is_officer(viewer) or can_manage(viewer, offering.organization)):
        stmt = stmt.where(
            EcoLabel.status == LabelStatus.VERIFIED, EcoLabel.valid_until >= today_in_vietnam()
        )
    return list(db.session.scalars(stmt))


def _session_of(rows):
    # The search index asks from its own session, after the web request's commit.
    return object_session(rows[0]) or db.session


def labelled_among(offerings) -> set[int]:
    """Search's ``eco_labelled`` question: which of these offerings have a verified label
    valid today."""
    stmt = select(EcoLabel.offering_id).where(
        EcoLabel.offering_id.in_([o.id for o in offerings]),
        EcoLabel.status == LabelStatus.VERIFIED,
        EcoLabel.valid_until >= today_in_vietnam(),
    )
    return set(_session_of(offerings).scalars(stmt))


def installations_for_search(offerings) -> dict[int, list[tuple[str | None, str]]]:
    """Search's ``installations`` question: where each offering is installed, and the words of
    each installation (place, application, capacity) that matching reads."""
    stmt = (
        select(Installation)
        .where(Installation.offering_id.in_([o.id for o in offerings]))
        .order_by(Installation.id)
    )
    found: dict[int, list[tuple[str | None, str]]] = {}
    for row in _session_of(offerings).scalars(stmt):
        words = " ".join(filter(None, [row.place, row.application, row.capacity]))
        found.setdefault(row.offering_id, []).append((row.commune_code, words))
    return found


def installations_of(offering) -> list[Installation]:
    stmt = (
        select(Installation)
        .where(Installation.offering_id == offering.id)
        .options(selectinload(Installation.commune))
        .order_by(Installation.year.desc(), Installation.id)
    )
    return list(db.session.scalars(stmt))


def offering_page_part(offering, viewer) -> tuple[str, dict]:
    """``signals.offering_page``: labels, installations and documents of the offering."""
    return "documents_part", {
        "labels": labels_of(offering, viewer),
        "installations": installations_of(offering),
        "documents": documents_of(offering.organization, viewer, offering),
        "can_edit": can_manage(viewer, offering.organization),
        "today": today_in_vietnam(),
    }


def organization_page_part(org, viewer) -> tuple[str, dict]:
    return "documents_part", {
        "documents": documents_of(org, viewer),
        "can_edit": can_manage(viewer, org),
    }


def public_facts(offering_ids) -> dict[int, dict]:
    """What the API shows of each offering: its current verified labels and installations
    (the client named only with consent); never documents' files. Two queries for a page."""
    ids = list(offering_ids)
    facts: dict[int, dict] = {id_: {"labels": [], "installations": []} for id_ in ids}
    if not ids:
        return facts
    labels = db.session.scalars(
        select(EcoLabel)
        .where(
            EcoLabel.offering_id.in_(ids),
            EcoLabel.status == LabelStatus.VERIFIED,
            EcoLabel.valid_until >= today_in_vietnam(),
        )
        .order_by(EcoLabel.id)
    )
    for label in labels:
        facts[label.offering_id]["labels"].append(
            {
                "scheme": label.scheme,
                "name": label.name,
                "number": label.number,
                "scope": label.scope,
                "valid_until": label.valid_until.isoformat(),
            }
        )
    installations = db.session.scalars(
        select(Installation).where(Installation.offering_id.in_(ids)).order_by(Installation.id)
    )
    for item in installations:
        facts[item.offering_id]["installations"].append(
            {
                "place": item.place,
                "commune": item.commune_code,
                "year": item.year,
                "capacity": item.capacity,
                "application": item.application,
                "client": item.public_client,
            }
        )
    return facts
