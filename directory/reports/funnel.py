"""The deal funnel of the year's needs: posted → matched → contacted → quoted → contracted →
delivered, by sector; the share of contracts with a supplier based in the province; the median
days from posting to first contact.

- A need counts as contacted, quoted, contracted or delivered once any of its conversations
  *reached* that stage or one further along (its stage history; contracts.md §8). "Không tiếp
  tục" (declined) counts as contacted only.
- "Matched" is the report's own measure (``outcomes.match_outcomes``), passed in.
- A contract is a conversation about one of the year's needs that reached "contracted"; its
  supplier is *based in the province* when it has a commune or an industrial zone.
- Days to first contact: from the need's creation to its first conversation, for needs that
  have one; the median of those.
"""

from collections import Counter
from dataclasses import dataclass, field
from statistics import median

from flask_babel import gettext as _
from sqlalchemy import select

from ..conversations.models import FUNNEL_RANK, Conversation, StageChange
from ..extensions import db
from ..organizations.models import Organization
from .tables import Table, share

STEPS = ("contacted", "quoted", "contracted", "delivered")
NO_SECTOR = ""


@dataclass
class Funnel:
    posted: int = 0
    matched: int | None = None
    reached: Counter = field(default_factory=Counter)  # stage → needs that reached it
    contracts: int = 0
    local_contracts: int = 0
    median_days_to_contact: float | None = None
    by_sector: dict = field(default_factory=dict)  # code → Counter of steps (+ posted, matched)

    @property
    def local_share(self) -> float | None:
        return share(self.local_contracts, self.contracts)


def build_funnel(needs, need_sectors: dict[int, set[str]], found=None) -> Funnel:
    """The funnel of ``needs`` (rows with id and created_at); ``found`` = match outcomes."""
    ids = [n.id for n in needs]
    best, first_contact, contracts, local = _conversation_facts(ids)
    funnel = Funnel(posted=len(needs))
    if found is not None:
        funnel.matched = sum(1 for n in needs if found[n.id].matched)
    days = []
    for need in needs:
        rank = best.get(need.id, 0)
        reached = [s for s in STEPS if rank >= FUNNEL_RANK[s]]
        funnel.reached.update(reached)
        for code in need_sectors.get(need.id) or {NO_SECTOR}:
            row = funnel.by_sector.setdefault(code, Counter())
            row["posted"] += 1
            row["matched"] += bool(found is not None and found[need.id].matched)
            row.update(reached)
        if need.id in first_contact:
            days.append(
                max(0.0, (first_contact[need.id] - need.created_at).total_seconds() / 86400)
            )
    funnel.contracts, funnel.local_contracts = contracts, local
    funnel.median_days_to_contact = round(median(days), 1) if days else None
    return funnel


def _conversation_facts(need_ids):
    """Per need: the furthest stage rank reached and the first contact; contract counts."""
    best: dict[int, int] = {}
    first_contact: dict[int, object] = {}
    contracts = local = 0
    if not need_ids:
        return best, first_contact, contracts, local
    rows = db.session.execute(
        select(
            Conversation.id,
            Conversation.need_id,
            Conversation.created_at,
            Organization.commune_code,
            Organization.industrial_zone_id,
        )
        .join(Organization, Organization.id == Conversation.supplier_id)
        .where(Conversation.need_id.in_(need_ids))
    ).all()
    stages: dict[int, set[str]] = {}
    for conversation_id, stage in db.session.execute(
        select(StageChange.conversation_id, StageChange.stage)
        .join(Conversation, Conversation.id == StageChange.conversation_id)
        .where(Conversation.need_id.in_(need_ids))
    ):
        stages.setdefault(conversation_id, set()).add(stage)
    for row in rows:
        reached = stages.get(row.id, {"contacted"})
        rank = max(FUNNEL_RANK[s] for s in reached)
        best[row.need_id] = max(best.get(row.need_id, 0), rank)
        if row.need_id not in first_contact or row.created_at < first_contact[row.need_id]:
            first_contact[row.need_id] = row.created_at
        if rank >= FUNNEL_RANK["contracted"]:
            contracts += 1
            local += bool(row.commune_code or row.industrial_zone_id)
    return best, first_contact, contracts, local


def step_labels() -> dict[str, str]:
    return {
        "posted": _("Nhu cầu đăng"),
        "matched": _("Có giải pháp phù hợp"),
        "contacted": _("Đã liên hệ"),
        "quoted": _("Đã báo giá"),
        "contracted": _("Đã ký hợp đồng"),
        "delivered": _("Đã bàn giao"),
    }


def funnel_tables(funnel: Funnel, sectors) -> list[Table]:
    """The funnel as a chart (one bar per step) and by sector, for the page and the exports."""
    labels = step_labels()
    steps = ["posted", *(["matched"] if funnel.matched is not None else []), *STEPS]
    totals = {"posted": funnel.posted, "matched": funnel.matched, **funnel.reached}
    overview = Table(
        key="deal-funnel",
        sheet=_("Phễu giao dịch"),
        title=_("Phễu giao dịch: nhu cầu đăng trong năm"),
        columns=[_("Bước"), _("Số nhu cầu"), _("Tỷ lệ so với nhu cầu đăng (%)")],
        rows=[
            [labels[s], totals.get(s) or 0, share(totals.get(s) or 0, funnel.posted)] for s in steps
        ],
        chart=(1,),
        note=_(
            "Một nhu cầu được tính ở một bước khi ít nhất một trao đổi về nó đã đến bước đó "
            "hoặc xa hơn; “Không tiếp tục” chỉ tính là đã liên hệ."
        ),
    )
    rows = []
    for code, name, _target in [*sectors, (NO_SECTOR, _("Chưa xếp lĩnh vực"), None)]:
        counts = funnel.by_sector.get(code, Counter())
        rows.append([name, *(counts[s] for s in steps)])
    by_sector = Table(
        key="deal-funnel-by-sector",
        sheet=_("Phễu theo lĩnh vực"),
        title=_("Phễu giao dịch theo lĩnh vực"),
        columns=[_("Lĩnh vực"), *(labels[s] for s in steps)],
        rows=rows,
        total=[_("Tổng (mỗi nhu cầu tính một lần)"), *(totals.get(s, 0) for s in steps)],
        chart=tuple(range(1, len(steps) + 1)),
        note=_("Nhu cầu đăng trong năm; một nhu cầu có thể thuộc nhiều lĩnh vực."),
    )
    return [overview, by_sector]


def summary_rows(funnel: Funnel) -> list[list]:
    return [
        [_("Nhu cầu đã được liên hệ"), funnel.reached["contacted"]],
        [_("Nhu cầu đã được báo giá"), funnel.reached["quoted"]],
        [_("Nhu cầu đã ký hợp đồng"), funnel.reached["contracted"]],
        [_("Nhu cầu đã bàn giao"), funnel.reached["delivered"]],
        [_("Tỷ lệ hợp đồng với nhà cung cấp có trụ sở trong tỉnh (%)"), funnel.local_share],
        [_("Số ngày trung vị từ khi đăng đến lần liên hệ đầu tiên"), funnel.median_days_to_contact],
    ]
