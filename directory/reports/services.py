"""The yearly report and the dashboard's key figures, computed from the database on request.

What is counted (shown on the page beside each table, and in docs):
- Organizations that are not hidden; offerings that are published and not hidden; needs that
  were published (not drafts) and are not hidden — all of visible organizations.
- "In the year" means created between 1 January and 31 December, Vietnam time. "At the end of
  the year" counts everything created before 1 January of the next year.
- An organization belongs to the sectors of its offerings and needs (created by the year's end).
- Verification is the organization's current state, dated by ``verified_at``.
"""

from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from flask_babel import get_locale
from flask_babel import gettext as _
from sqlalchemy import Row, func, select

from ..extensions import db
from ..needs.models import Need, need_sectors
from ..offerings.models import Offering, offering_sectors
from ..organizations.models import Organization
from ..reference.models import Commune
from ..reference.services import all_sectors
from ..timeutil import VIETNAM, today_in_vietnam
from . import events, incubation, labelling, outcomes
from . import funnel as deal_funnel
from .tables import Table, figures_table, share

NO_SECTOR = ""  # the key of records without a sector
# An organization as _Facts reads it: id, created_at, commune_code, verification, verified_at.
_OrganizationRow = Row[int, datetime, str | None, str, datetime | None]


@dataclass
class YearReport:
    year: int
    summary: Table
    tables: list[Table]

    def table(self, key: str) -> Table | None:
        return next((t for t in self.all_tables() if t.key == key), None)

    def all_tables(self) -> list[Table]:
        return [self.summary, *self.tables]


def year_bounds(year: int) -> tuple[datetime, datetime]:
    """The year in Vietnam time, as naive UTC timestamps like the stored ones: [start, end)."""

    def utc(y):
        return datetime(y, 1, 1, tzinfo=VIETNAM).astimezone(UTC).replace(tzinfo=None)

    return utc(year), utc(year + 1)


def current_year() -> int:
    return today_in_vietnam().year


class _Facts:
    """The rows the report needs, read once: a few narrow queries, no per-record queries."""

    def __init__(self, year: int):
        self.start, self.end = year_bounds(year)
        visible_org = Organization.hidden.is_(False)
        self.orgs = db.session.execute(
            select(
                Organization.id,
                Organization.created_at,
                Organization.commune_code,
                Organization.verification,
                Organization.verified_at,
            ).where(visible_org, Organization.created_at < self.end)
        ).all()
        self.offerings = db.session.execute(
            select(Offering.id, Offering.organization_id, Offering.created_at)
            .join(Organization)
            .where(Offering.published.is_(True), Offering.hidden.is_(False), visible_org)
            .where(Offering.created_at < self.end)
        ).all()
        self.needs = db.session.execute(
            select(Need.id, Need.organization_id, Need.created_at)
            .join(Organization)
            .where(Need.status != "draft", Need.hidden.is_(False), visible_org)
            .where(Need.created_at < self.end)
        ).all()
        self.offering_sectors = _sectors_by_id(offering_sectors.c.offering_id, offering_sectors)
        self.need_sectors = _sectors_by_id(need_sectors.c.need_id, need_sectors)

    def in_year(self, created_at) -> bool:
        return self.start <= created_at < self.end

    def organization_sectors(self) -> dict[int, set[str]]:
        found: dict[int, set[str]] = {}
        for rows, sectors in (
            (self.offerings, self.offering_sectors),
            (self.needs, self.need_sectors),
        ):
            for row in rows:
                found.setdefault(row.organization_id, set()).update(sectors.get(row.id, ()))
        return found

    def needs_in_year(self) -> list:
        return [n for n in self.needs if self.in_year(n.created_at)]


def _sectors_by_id(id_column, table) -> dict[int, set[str]]:
    found: dict[int, set[str]] = {}
    for record_id, code in db.session.execute(select(id_column, table.c.sector_code)):
        found.setdefault(record_id, set()).add(code)
    return found


def build_report(year: int, matching: bool = True) -> YearReport:
    """Every figure of the yearly report; a year without data gives zeros.

    Matching asks the search for every need of the year (one query each); with
    ``matching=False`` the figures that need it (the supply table, matched needs) are left out.
    """
    facts = _Facts(year)
    sectors = [(s.code, s.name(str(get_locale() or "vi")), s.plan_target) for s in all_sectors()]
    needs = outcomes.load_needs([n.id for n in facts.needs_in_year()])
    found = outcomes.match_outcomes(needs) if matching else None
    funnel = deal_funnel.build_funnel(facts.needs_in_year(), facts.need_sectors, found)
    tables = [
        _organizations_by_sector(facts, sectors),
        _organizations_by_commune(facts),
        _offerings_and_needs_by_sector(facts, sectors),
        *([outcomes.supply_table(needs, found, sectors)] if found is not None else []),
        *deal_funnel.funnel_tables(funnel, sectors),
        *incubation.incubator_tables(year),
        labelling.labelling_table(year, sectors, year_bounds(year)),
        *events.event_tables(year),
    ]
    summary = _summary(year, facts, needs, found, funnel)
    return YearReport(year=year, summary=summary, tables=tables)


def year_stats(year: int) -> dict:
    """The public aggregates of a year (contracts.md §8): counts only, no names."""
    facts = _Facts(year)
    needs = outcomes.load_needs([n.id for n in facts.needs_in_year()])
    found = outcomes.match_outcomes(needs)
    funnel = deal_funnel.build_funnel(facts.needs_in_year(), facts.need_sectors, found)
    return {
        "year": year,
        "organizations": len(facts.orgs),
        "verified_organizations": _verified(facts),
        "offerings": len(facts.offerings),
        "needs_posted": funnel.posted,
        "needs_matched": funnel.matched,
        **{f"needs_{step}": funnel.reached[step] for step in deal_funnel.STEPS},
        "contracts": funnel.contracts,
        "contracts_local_supplier_share": funnel.local_share,
        "median_days_to_first_contact": funnel.median_days_to_contact,
    }


def _verified(facts: _Facts) -> int:
    return sum(
        1
        for o in facts.orgs
        if o.verification == "verified" and (o.verified_at is None or o.verified_at < facts.end)
    )


def _summary(year: int, facts: _Facts, needs, found, funnel) -> Table:
    total = len(facts.orgs)
    verified = _verified(facts)
    rows = [
        [_("Tổ chức mới đăng ký trong năm"), sum(facts.in_year(o.created_at) for o in facts.orgs)],
        [_("Tổng số tổ chức đến cuối năm"), total],
        [_("Tổ chức đã xác minh đến cuối năm"), verified],
        [_("Tỷ lệ tổ chức đã xác minh (%)"), share(verified, total)],
        [
            _("Giải pháp, dịch vụ mới trong năm"),
            sum(facts.in_year(o.created_at) for o in facts.offerings),
        ],
        [_("Nhu cầu đăng trong năm"), len(needs)],
        [
            _("Nhu cầu đã được đáp ứng (bên mua đóng vì đã tìm được nhà cung cấp)"),
            sum(outcomes.fulfilled(n) for n in needs),
        ],
    ]
    if found is not None:
        matched = [n for n in needs if found[n.id].matched]
        rows += [
            [
                _("— trong đó có giải pháp phù hợp trên trang"),
                sum(map(outcomes.fulfilled, matched)),
            ],
            [_("Nhu cầu có giải pháp phù hợp"), len(matched)],
            [
                _("Nhu cầu có nhà cung cấp đã xác minh trong tỉnh"),
                sum(found[n.id].verified_local for n in needs),
            ],
        ]
    rows += deal_funnel.summary_rows(funnel)
    return figures_table(
        "summary", _("Số liệu chính"), _("Số liệu chính năm %(year)d", year=year), rows
    )


def _organizations_by_sector(facts: _Facts, sectors) -> Table:
    by_org = facts.organization_sectors()
    new, total = _new_and_total(facts, lambda org: by_org.get(org.id) or {NO_SECTOR})
    rows = [[name, new[code], total[code]] for code, name, _target in sectors]
    rows.append([_("Chưa xếp lĩnh vực"), new[NO_SECTOR], total[NO_SECTOR]])
    new_total = sum(facts.in_year(o.created_at) for o in facts.orgs)
    return _organizations_table(
        "organizations-by-sector",
        _("Tổ chức theo lĩnh vực"),
        _("Lĩnh vực"),
        rows,
        [_("Tổng (mỗi tổ chức tính một lần)"), new_total, len(facts.orgs)],
        _(
            "Một tổ chức thuộc các lĩnh vực của giải pháp và nhu cầu nó đăng, "
            "nên có thể được tính ở nhiều lĩnh vực."
        ),
    )


def _organizations_by_commune(facts: _Facts) -> Table:
    names = dict(db.session.execute(select(Commune.code, Commune.name)).all())
    new, total = _new_and_total(facts, lambda org: (org.commune_code,))
    known = sorted((c for c in total if c), key=lambda c: (-total[c], names.get(c, c)))
    rows = [[names.get(code, code), new[code], total[code]] for code in known]
    if total[None]:
        rows.append([_("Chưa rõ địa bàn"), new[None], total[None]])
    return _organizations_table(
        "organizations-by-commune",
        _("Tổ chức theo xã, phường"),
        _("Xã, phường"),
        rows,
        [_("Tổng"), sum(new.values()), sum(total.values())],
        _("Chỉ liệt kê các xã, phường có tổ chức; theo địa chỉ trụ sở."),
    )


def _new_and_total(
    facts: _Facts, groups_of: Callable[[_OrganizationRow], Iterable[str | None]]
) -> tuple[Counter[str | None], Counter[str | None]]:
    """Per group (``groups_of(org)`` names an organization's): those new in the year, and all."""
    new: Counter[str | None] = Counter()
    total: Counter[str | None] = Counter()
    for org in facts.orgs:
        for group in groups_of(org):
            total[group] += 1
            new[group] += facts.in_year(org.created_at)
    return new, total


def _organizations_table(key: str, title: str, group: str, rows, total, note: str) -> Table:
    """Organizations per group (its heading: ``group``): new in the year, and at its end."""
    return Table(
        key=key,
        sheet=title,
        title=title,
        columns=[group, _("Mới trong năm"), _("Tổng đến cuối năm")],
        rows=rows,
        total=total,
        chart=(1, 2),
        note=note,
    )


def _offerings_and_needs_by_sector(facts: _Facts, sectors) -> Table:
    offerings: Counter[str] = Counter()
    needs: Counter[str] = Counter()
    for counter, records, by_id in (
        (offerings, facts.offerings, facts.offering_sectors),
        (needs, facts.needs, facts.need_sectors),
    ):
        for record in records:
            if facts.in_year(record.created_at):
                for code in by_id.get(record.id) or {NO_SECTOR}:
                    counter[code] += 1
    rows = [[name, offerings[code], needs[code]] for code, name, _target in sectors]
    rows.append([_("Chưa xếp lĩnh vực"), offerings[NO_SECTOR], needs[NO_SECTOR]])
    return Table(
        key="offerings-needs-by-sector",
        sheet=_("Giải pháp, nhu cầu"),
        title=_("Giải pháp và nhu cầu mới theo lĩnh vực"),
        columns=[_("Lĩnh vực"), _("Giải pháp, dịch vụ"), _("Nhu cầu")],
        rows=rows,
        total=[
            _("Tổng (mỗi bản ghi tính một lần)"),
            sum(facts.in_year(o.created_at) for o in facts.offerings),
            len(facts.needs_in_year()),
        ],
        chart=(1, 2),
        note=_("Bản ghi đăng trong năm; một bản ghi có thể thuộc nhiều lĩnh vực."),
    )


def key_figures(year: int | None = None) -> Table:
    """The dashboard's figures for the current year: those that need no matching."""
    return build_report(year or current_year(), matching=False).summary


def waiting_work() -> list[tuple[str, int, str]]:
    """What waits for an officer: (label, how many, endpoint of the page that lists them)."""
    from ..curation.holds import held_count
    from ..curation.verification import verification_queue
    from ..incubators.queries import board

    queue = verification_queue().order_by(None).subquery()
    waiting = db.session.scalar(select(func.count()).select_from(queue))
    overdue = sum(
        1 for _status, entries in board(today_in_vietnam()) for entry in entries if entry.overdue
    )
    return [
        (_("Tổ chức chờ xác minh"), waiting or 0, "curation.verification_queue"),
        (_("Doanh nghiệp ươm tạo trễ mốc công việc"), overdue, "incubators.board"),
        (_("Tin chờ duyệt hoặc chờ xem xét lại"), held_count(), "curation.moderation_queue"),
    ]
