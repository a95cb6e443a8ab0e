"""What came of the year's needs and of the incubators: the figures the plan's targets speak of.

- A need is *matched* when its stored matches (``directory/matching``, computed when the need
  or an offering changed; a closed or expired need keeps its last ones) hold at least one
  offering that is still public. No search runs while the report opens.
- It has a *verified supplier in the province* when one of those offerings belongs to a verified
  organization located in the province (it has a commune or an industrial zone), is in one of
  the need's sectors (any, when the need names none) and serves the need's commune (an empty
  service area serves the whole province).
- It is *fulfilled* when the buyer closed it because a supplier was found (close reason
  "fulfilled"). The site records no contact between buyer and supplier, so this is the honest
  measure of a need that led to a deal; the report labels it so.
"""

from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from ..extensions import db
from ..needs.models import Need
from ..offerings.models import Offering, offering_sectors, offering_service_area
from ..offerings.queries import public_offering_clause
from ..organizations.models import Organization
from .tables import Table, share, target_low

MATCH_LIMIT = 10  # offerings looked at per need for a verified provincial supplier
CHUNK = 500  # ids per IN (…) query


@dataclass(frozen=True)
class Outcome:
    matched: bool
    verified_local: bool


def _chunks(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


def load_needs(ids) -> list[Need]:
    needs: list[Need] = []
    for chunk in _chunks(ids):
        needs += db.session.scalars(
            select(Need)
            .where(Need.id.in_(chunk))
            .options(selectinload(Need.sectors), selectinload(Need.commune))
        )
    return sorted(needs, key=lambda n: n.id)


@dataclass(frozen=True)
class Supplier:
    """What the report needs to know of a matched offering (plain values, no ORM objects:
    the year's needs may match thousands of offerings)."""

    verified_local: bool  # its organization is verified and located in the province
    sectors: frozenset[str]
    service_area: frozenset[str]  # empty: the whole province

    def supplies(self, need: Need) -> bool:
        """In one of the need's sectors (any, when it names none) and serving its commune."""
        wanted = {s.code for s in need.sectors}
        same_sector = not wanted or bool(wanted & self.sectors)
        serves = not self.service_area or need.commune_code in (None, *self.service_area)
        return self.verified_local and same_sector and serves


def match_outcomes(needs: list[Need]) -> dict[int, Outcome]:
    from ..matching.queries import matched_offering_ids

    stored = matched_offering_ids((need.id for need in needs), most=MATCH_LIMIT)
    found = {need.id: stored.get(need.id, []) for need in needs}
    suppliers = public_suppliers({i for ids in found.values() for i in ids})
    outcomes = {}
    for need in needs:
        public = [suppliers[i] for i in found[need.id] if i in suppliers]
        outcomes[need.id] = Outcome(
            matched=bool(public), verified_local=any(s.supplies(need) for s in public)
        )
    return outcomes


def public_suppliers(offering_ids) -> dict[int, Supplier]:
    """{offering id: Supplier} for those of the ids that are public."""
    facts: dict[int, bool] = {}  # offering id: its organization is verified and local
    sectors: dict[int, set[str]] = {}
    areas: dict[int, set[str]] = {}
    for chunk in _chunks(offering_ids):
        facts.update(
            (id_, verification == "verified" and (commune is not None or zone is not None))
            for id_, verification, commune, zone in db.session.execute(
                select(
                    Offering.id,
                    Organization.verification,
                    Organization.commune_code,
                    Organization.industrial_zone_id,
                )
                .join(Organization, Organization.id == Offering.organization_id)
                .where(Offering.id.in_(chunk), public_offering_clause(), ~Organization.hidden)
            )
        )
        for table, column, into in (
            (offering_sectors, offering_sectors.c.sector_code, sectors),
            (offering_service_area, offering_service_area.c.commune_code, areas),
        ):
            for id_, code in db.session.execute(
                select(table.c.offering_id, column).where(table.c.offering_id.in_(chunk))
            ):
                into.setdefault(id_, set()).add(code)
    return {
        id_: Supplier(local, frozenset(sectors.get(id_, ())), frozenset(areas.get(id_, ())))
        for id_, local in facts.items()
    }


def fulfilled(need: Need) -> bool:
    return need.status == "closed" and need.close_reason == "fulfilled"


def supply_table(needs: list[Need], found: dict[int, Outcome], sectors) -> Table:
    """Per sector: the year's needs, how many found what, and the share beside the plan target."""
    posted: Counter[str] = Counter()
    matched: Counter[str] = Counter()
    done: Counter[str] = Counter()
    local: Counter[str] = Counter()
    for need in needs:
        for code in {s.code for s in need.sectors} or {""}:
            posted[code] += 1
            matched[code] += found[need.id].matched
            done[code] += fulfilled(need)
            local[code] += found[need.id].verified_local
    rows = []
    for code, name, target in [*sectors, ("", _("Chưa xếp lĩnh vực"), None)]:
        ratio = share(local[code], posted[code])
        rows.append(
            [
                name,
                posted[code],
                matched[code],
                done[code],
                local[code],
                ratio,
                target or "",
                _assessment(ratio, target),
            ]
        )
    total_local = sum(found[n.id].verified_local for n in needs)
    return Table(
        key="supply-vs-plan",
        sheet=_("Đáp ứng và mục tiêu"),
        title=_("Nhu cầu được đáp ứng so với mục tiêu kế hoạch"),
        columns=[
            _("Lĩnh vực"),
            _("Nhu cầu đăng trong năm"),
            _("Có giải pháp phù hợp"),
            _("Đã được đáp ứng"),
            _("Có nhà cung cấp đã xác minh trong tỉnh"),
            _("Tỷ lệ có nhà cung cấp đã xác minh trong tỉnh (%)"),
            _("Mục tiêu kế hoạch"),
            _("Đánh giá"),
        ],
        rows=rows,
        total=[
            _("Tổng (mỗi nhu cầu tính một lần)"),
            len(needs),
            sum(found[n.id].matched for n in needs),
            sum(fulfilled(n) for n in needs),
            total_local,
            share(total_local, len(needs)),
            "",
            "",
        ],
        chart=(5,),
        percent=True,
        target_column=6,
        note=_(
            'Nhu cầu đăng trong năm (kể cả đã đóng). "Có giải pháp phù hợp": công cụ ghép nối '
            'tìm được ít nhất một giải pháp đang hiển thị. "Đã được đáp ứng": bên mua đóng nhu '
            "cầu vì đã tìm được nhà cung cấp (trang chưa ghi nhận liên hệ giữa hai bên). Nhà "
            "cung cấp trong tỉnh: tổ chức đã xác minh, có trụ sở tại một xã, phường hoặc khu, "
            "cụm công nghiệp của tỉnh, có giải pháp cùng lĩnh vực với nhu cầu và phục vụ địa "
            "bàn của nhu cầu. Mục tiêu đến năm 2030 theo "
            'Kế hoạch 524/KH-UBND; "Đạt" khi tỷ lệ không thấp hơn mức dưới của mục tiêu.'
        ),
    )


def _assessment(ratio: float | None, target: str | None) -> str:
    low = target_low(target)
    if low is None:
        return ""
    if ratio is None:
        return _("Chưa có nhu cầu")
    return _("Đạt") if ratio >= low else _("Chưa đạt")
