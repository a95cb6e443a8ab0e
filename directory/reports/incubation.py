"""Incubator outcomes of a year: the province's figures, from the incubators' own service,
and the same figures split by incubator.

Definitions are the incubators' (``directory.incubators.services.yearly_outcomes``): cohorts
running at some time in the year and their participants; status changes and support dated in
the year.
"""

from collections import Counter
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select

from ..extensions import db
from ..incubators import services as incubator_services
from ..incubators.models import Cohort, Incubator, Participation, StatusChange, SupportRecord
from .tables import Table, figures_table


def incubator_tables(year: int) -> list[Table]:
    return [_province_table(year), _by_incubator_table(year)]


def _province_table(year: int) -> Table:
    figures = incubator_services.yearly_outcomes(year)
    entered = figures["entered"]
    rows = [
        [_("Vườn ươm"), figures["incubators"]],
        [_("Khóa ươm tạo hoạt động trong năm"), figures["cohorts"]],
        [_("Doanh nghiệp tham gia các khóa đó"), figures["participants"]],
        [_("Đăng ký mới trong năm"), entered.get("applied", 0)],
        [_("Được tiếp nhận trong năm"), entered.get("admitted", 0)],
        [_("Bắt đầu ươm tạo trong năm"), entered.get("active", 0)],
        [_("Tốt nghiệp trong năm"), entered.get("graduated", 0)],
        [_("Rút khỏi chương trình trong năm"), entered.get("withdrawn", 0)],
        [_("Lượt hỗ trợ trong năm"), figures["support_records"]],
        [_("Hỗ trợ quy ra tiền trong năm (đồng)"), figures["support_vnd"]],
    ]
    return figures_table(
        "incubators",
        _("Ươm tạo"),
        _("Kết quả ươm tạo"),
        rows,
        _(
            "Khóa hoạt động trong năm: có ngày bắt đầu và kết thúc giao với năm. Các bước "
            "đăng ký, tiếp nhận, tốt nghiệp, rút lui và các lượt hỗ trợ tính theo ngày ghi nhận."
        ),
    )


def _by_incubator_table(year: int) -> Table:
    first, last = date(year, 1, 1), date(year, 12, 31)
    running = (Cohort.starts_on <= last) & (Cohort.ends_on >= first)
    cohorts = _per_incubator(select(Cohort.incubator_id, func.count()).where(running))
    participants = _per_incubator(
        select(Cohort.incubator_id, func.count(Participation.id)).join(Participation).where(running)
    )
    steps: Counter[tuple[int, str]] = Counter()  # (incubator id, status reached): how many
    for incubator_id, status, n in db.session.execute(
        select(Cohort.incubator_id, StatusChange.to_status, func.count())
        .select_from(StatusChange)
        .join(Participation)
        .join(Cohort)
        .where(StatusChange.changed_on.between(first, last))
        .group_by(Cohort.incubator_id, StatusChange.to_status)
    ):
        steps[incubator_id, status] = n
    support = _per_incubator(
        select(Cohort.incubator_id, func.coalesce(func.sum(SupportRecord.amount_vnd), 0))
        .select_from(SupportRecord)
        .join(Participation)
        .join(Cohort)
        .where(SupportRecord.given_on.between(first, last))
    )
    incubators = list(db.session.scalars(select(Incubator).order_by(Incubator.name)))
    figures = [
        [
            cohorts[incubator.id],
            participants[incubator.id],
            steps[incubator.id, "admitted"],
            steps[incubator.id, "graduated"],
            steps[incubator.id, "withdrawn"],
            int(support[incubator.id]),
        ]
        for incubator in incubators
    ]
    return Table(
        key="incubators-by-incubator",
        sheet=_("Ươm tạo theo vườn ươm"),
        title=_("Kết quả ươm tạo theo vườn ươm"),
        columns=[
            _("Vườn ươm"),
            _("Khóa hoạt động trong năm"),
            _("Doanh nghiệp tham gia"),
            _("Được tiếp nhận trong năm"),
            _("Tốt nghiệp trong năm"),
            _("Rút khỏi chương trình trong năm"),
            _("Hỗ trợ quy ra tiền trong năm (đồng)"),
        ],
        rows=[[incubator.name, *row] for incubator, row in zip(incubators, figures, strict=True)],
        total=[_("Tổng")] + [sum(row[i] for row in figures) for i in range(6)],
        chart=(2, 4),
        money=(6,),
    )


def _per_incubator(query) -> Counter[int]:
    return Counter(dict(db.session.execute(query.group_by(Cohort.incubator_id)).all()))
