"""Database records → index documents. Only public records ever become documents."""

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization
from . import providers
from .schema import nfc

KINDS = ("organization", "offering", "need")
Record = Organization | Offering | Need  # what a search document is made from
MODELS: dict[str, type[Record]] = {
    "organization": Organization,
    "offering": Offering,
    "need": Need,
}
# The records an organization lists: they carry its sectors and belong to an organization.
LISTINGS: dict[str, type[Offering] | type[Need]] = {"offering": Offering, "need": Need}


def key(kind: str, id_: int) -> str:
    return f"{kind}:{id_}"


def _join(*parts) -> str:
    return nfc("\n".join(p for p in parts if p))


def _created(row) -> int:
    """When the record was added, in whole seconds (the "newest" sort)."""
    return int(row.created_at.replace(tzinfo=UTC).timestamp()) if row.created_at else 0


def _codes(items) -> str:
    return ",".join(item.code for item in items)


def topics_text(sectors) -> str:
    """What the sectors are about, in words: lets 'bao bì sinh học' find eco-products, and
    'wastewater treatment' (the English name) the Vietnamese wastewater listings."""
    return nfc("\n".join(f"{s.name_vi}: {s.examples_vi or ''}\n{s.name_en}" for s in sectors))


def _doc(kind: str, row, title: str, **fields) -> dict:
    """What every document holds of its row: key, kind, id, title and creation, then ``fields``."""
    return dict(
        key=key(kind, row.id),
        kind=kind,
        id=row.id,
        title=nfc(title),
        created=_created(row),
        **fields,
    )


@dataclass(frozen=True)
class Facts:
    """What the areas above search say of a batch of rows: asked once per batch."""

    incubatees: frozenset[int] = frozenset()
    eco_labelled: frozenset[int] = frozenset()
    installed: Mapping[int, list[providers.Installed]] = field(default_factory=dict)

    @classmethod
    def of(cls, kind: str, rows: Sequence) -> "Facts":
        public = [row for row in rows if row is not None and row.is_public]
        if kind == "organization":
            return cls(incubatees=frozenset(providers.incubatees(public)))
        if kind == "offering":
            return cls(
                eco_labelled=frozenset(providers.eco_labelled(public)),
                installed=providers.installations(public),
            )
        return cls()


def organization_doc(org: Organization, sector_codes: set[str], facts: Facts) -> dict:
    return _doc(
        "organization",
        org,
        org.name,
        body=_join(org.description, org.address),
        sector=",".join(sorted(sector_codes)),
        commune=org.commune_code or "",
        serves="",
        verified="1" if org.is_verified else "0",
        incubatee="1" if org.id in facts.incubatees else "0",
        organization_id=org.id,
    )


def offering_doc(offering: Offering, facts: Facts) -> dict:
    org = offering.organization
    installed = facts.installed.get(offering.id, [])
    return _doc(
        "offering",
        offering,
        offering.title,
        body=_join(
            offering.description,
            offering.capacity,
            " ".join(offering.standards or []),
            offering.eco_label,
            *(text for _, text in installed),
        ),
        sector=_codes(offering.sectors),
        topics=topics_text(offering.sectors),
        type=offering.type,
        commune=org.commune_code or "",
        serves=_codes(offering.service_area) or "*",
        verified="1" if org.is_verified else "0",
        eco_label="1" if offering.id in facts.eco_labelled else "0",
        installed=",".join(sorted({code for code, _ in installed if code})),
        organization_id=org.id,
    )


def need_doc(need: Need) -> dict:
    return _doc(
        "need",
        need,
        need.title,
        body=_join(need.description, need.quantity),
        sector=_codes(need.sectors),
        topics=topics_text(need.sectors),
        commune=need.commune_code or "",
        verified="1" if need.organization.is_verified else "0",
        procurement=need.procurement or "",
        status=need.status,
        deadline=need.deadline.toordinal() if need.deadline else 0,
        organization_id=need.organization_id,
    )


def with_pairs(doc: dict) -> dict:
    """Copy the text into the exact and adjacent-syllable fields."""
    doc["title_exact"] = doc["title_pairs"] = doc["title"]
    doc["body_exact"] = doc["body_pairs"] = doc["body"]
    return doc


def load(session, kind: str, ids) -> dict[int, object]:
    """The current rows of ``kind`` with these ids (missing ones were deleted)."""
    model = MODELS[kind]
    stmt = select(model).where(model.id.in_(list(ids)))
    if kind == "organization":
        stmt = stmt.options(selectinload(Organization.offerings).selectinload(Offering.sectors))
    else:
        listing = LISTINGS[kind]
        stmt = stmt.options(selectinload(listing.sectors), selectinload(listing.organization))
        if kind == "offering":
            stmt = stmt.options(selectinload(Offering.service_area))
    return {row.id: row for row in session.scalars(stmt)}


def document(kind: str, row, facts: Facts) -> dict | None:
    """The document for a row, or None when the public must not see it. ``facts``: what the
    areas above say of the row's batch."""
    if row is None or not row.is_public:
        return None
    if kind == "organization":
        sectors = {s.code for o in row.offerings if o.is_public for s in o.sectors}
        return with_pairs(organization_doc(row, sectors, facts))
    if kind == "offering":
        return with_pairs(offering_doc(row, facts))
    return with_pairs(need_doc(row))


def documents(session, kind: str, ids) -> Iterator[tuple[int, dict | None]]:
    """(id, document or None) for these ids, in their order: one load, one question per area."""
    ids = list(ids)
    rows = load(session, kind, ids)
    facts = Facts.of(kind, list(rows.values()))
    for id_ in ids:
        yield id_, document(kind, rows.get(id_), facts)


def all_documents(session, kind: str, batch: int = 500) -> Iterator[tuple[int, dict | None]]:
    """(id, document or None) for every row of ``kind``, in batches, for a full rebuild."""
    model = MODELS[kind]
    ids = list(session.scalars(select(model.id).order_by(model.id)))
    for start in range(0, len(ids), batch):
        yield from documents(session, kind, ids[start : start + batch])


def count(session, kind: str) -> int:
    return session.scalar(select(func.count()).select_from(MODELS[kind]))
