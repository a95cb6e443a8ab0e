"""Write checked records into the session: create new refs, update changed ones.

The caller owns the transaction. Existing records and reference rows are loaded in a few
batched queries; the session is flushed every ``FLUSH_EVERY`` records so that a large file
does not pile up in memory (the flushes stay inside the one transaction).
"""

from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..documents.models import EcoLabel, Installation, LabelStatus
from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..reference.models import Commune, Sector
from ..timeutil import utcnow

_Record = TypeVar("_Record", Organization, Offering, Need)  # what an import writes
FLUSH_EVERY = 1000
CHUNK = 500  # refs per IN (…) query; far below every database's parameter limit


def write_all(checked, counts, progress=None) -> None:
    tick = progress or (lambda n: None)
    writer = _Writer()
    with db.session.no_autoflush:
        writer.write(Organization, checked["organizations"], counts["organizations"], tick)
    db.session.flush()
    writer.organization_ids = {
        ref: id_
        for ref, id_ in db.session.execute(
            select(Organization.ref, Organization.id).where(Organization.ref.is_not(None))
        )
        if ref is not None  # the query leaves none out; this tells the type checker so
    }
    with db.session.no_autoflush:
        writer.write(Offering, checked["offerings"], counts["offerings"], tick)
        writer.write(Need, checked["needs"], counts["needs"], tick)
    db.session.flush()


class _Writer:
    def __init__(self):
        self.sectors = {s.code: s for s in db.session.scalars(select(Sector))}
        self.communes = {c.code: c for c in db.session.scalars(select(Commune))}
        self.organization_ids: dict[str, int] = {}
        # attribute -> its setter (the record, the imported value): True when it changed
        self.special: dict[str, Callable[..., bool]] = {
            "sectors": self._set_sectors,
            "service_area": self._set_service_area,
            "organization": self._set_organization,
            "verified": _set_verified,
            "status": _set_status,
            "labels": _set_labels,
            "installations": _set_installations,
        }

    def write(self, model, records, counts, tick) -> None:
        existing = _existing(model, [r.ref for r in records])
        if model is Organization:
            _release_enterprise_codes(existing, records)
        for number, record in enumerate(records, start=1):
            obj = existing.get(record.ref)
            values = dict(record.values)
            if "description" in values and values["description"] is None:
                values["description"] = ""
            if obj is None:
                obj = model(ref=record.ref)
                if model is Offering:
                    obj.published = True
                if model is Need:
                    values.setdefault("status", "open")
                db.session.add(obj)
                self._apply(obj, values)
                counts.created += 1
            elif self._apply(obj, values):
                obj.updated_at = utcnow()  # also when only a list (sectors, area) changed
                counts.updated += 1
            else:
                counts.unchanged += 1
            tick(1)
            if number % FLUSH_EVERY == 0:
                db.session.flush()

    def _apply(self, obj, values: dict) -> bool:
        changed = False
        for attr, value in values.items():
            if attr in self.special:
                changed = self.special[attr](obj, value) or changed
            elif getattr(obj, attr) != value:
                setattr(obj, attr, value)
                changed = True
        return changed

    def _set_sectors(self, obj, codes: list[str]) -> bool:
        if obj.id is not None and {s.code for s in obj.sectors} == set(codes):
            return False
        obj.sectors = [self.sectors[code] for code in codes]
        return obj.id is not None or bool(codes)

    def _set_service_area(self, obj, codes: list[str]) -> bool:
        if obj.id is not None and {c.code for c in obj.service_area} == set(codes):
            return False
        obj.service_area = [self.communes[code] for code in codes]
        return obj.id is not None or bool(codes)

    def _set_organization(self, obj, ref: str) -> bool:
        organization_id = self.organization_ids[ref]
        if obj.organization_id == organization_id:
            return False
        obj.organization_id = organization_id
        return True


def _release_enterprise_codes(existing: dict, records) -> None:
    """A file may move codes between organizations (a swap, a corrected mix-up): free every
    code that changes first, so that no single statement meets the unique constraint."""
    moving = [
        existing[r.ref]
        for r in records
        if r.ref in existing
        and "enterprise_code" in r.values
        and existing[r.ref].enterprise_code not in (None, r.values["enterprise_code"])
    ]
    for organization in moving:
        organization.enterprise_code = None
    if moving:
        db.session.flush()


def _set_verified(organization: Organization, verified: bool | None) -> bool:
    """true verifies; false withdraws an earlier verification; empty leaves it as it is."""
    if verified and organization.verification != "verified":
        organization.verification = "verified"
        organization.verified_at = utcnow()
        return True
    if verified is False and organization.verification == "verified":
        organization.verification = "unverified"
        organization.verified_at = None
        return True
    return False


def _set_status(need: Need, status: str | None) -> bool:
    """An empty status keeps the need's own (a new need opens)."""
    status = status or need.status or "open"
    if need.status == status:
        return False
    need.status = status
    need.closed_at = utcnow() if status == "closed" else None
    return True


def _existing(model: type[_Record], refs: list[str]) -> dict[str | None, _Record]:
    """The records of ``model`` with these refs, with their lists loaded in batches too."""
    options = []
    if model is Offering:
        options += [selectinload(Offering.sectors), selectinload(Offering.service_area)]
    elif model is Need:
        options.append(selectinload(Need.sectors))
    found: dict[str | None, _Record] = {}
    for start in range(0, len(refs), CHUNK):
        chunk = refs[start : start + CHUNK]
        query = select(model).where(model.ref.in_(chunk)).options(*options)
        found.update((obj.ref, obj) for obj in db.session.scalars(query))
    return found


LABEL_FIELDS = ("scheme", "number", "valid_until", "scheme_name", "scope")
INSTALLATION_FIELDS = ("place", "commune_code", "year", "capacity", "application")


def _replace(obj, model, rows: list[dict], fields, where) -> bool:
    """Make the offering's imported rows of ``model`` equal to ``rows``; True if they changed."""
    old = list(db.session.scalars(select(model).where(*where))) if obj.id is not None else []
    key = sorted(tuple(str(row[f]) for f in fields) for row in rows)
    if key == sorted(tuple(str(getattr(o, f)) for f in fields) for o in old):
        return False
    for row in old:
        db.session.delete(row)
    for values in rows:
        db.session.add(model(offering=obj, **values))
    return True


def _set_labels(offering: Offering, rows: list[dict]) -> bool:
    """Imported labels are the officer's: verified, without a document (docs/documents.md)."""
    rows = [
        {**row, "status": LabelStatus.VERIFIED, "decided_at": utcnow(), "reason": "import"}
        for row in rows
    ]
    where = (EcoLabel.offering_id == offering.id, EcoLabel.document_id.is_(None))
    return _replace(offering, EcoLabel, rows, LABEL_FIELDS, where)


def _set_installations(offering: Offering, rows: list[dict]) -> bool:
    where = (Installation.offering_id == offering.id,)
    return _replace(offering, Installation, rows, INSTALLATION_FIELDS, where)
