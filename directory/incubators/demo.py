"""A demo incubator for the Đồng Tháp demo data: one incubator, its 2026 cohort, four participants.

Participants are the smallest existing companies, cooperatives and households. Running the
loader again changes nothing.
"""

from datetime import date, timedelta

from sqlalchemy import case, select

from ..extensions import db
from ..organizations.models import Organization
from ..reference.models import IndustrialZone
from ..reference.services import find_zone
from ..timeutil import today_in_vietnam
from .models import (
    Cohort,
    Incubator,
    Mentor,
    Milestone,
    Participation,
    StatusChange,
    SupportRecord,
)

NAME = "Vườn ươm doanh nghiệp công nghiệp môi trường Sa Đéc"
ZONES = ("KCN Sa Đéc", "CCN Trường Xuân")
KINDS = ("company", "cooperative", "household")

# Each participant's path: (status, day it took effect, note).
PATHS = [
    [
        ("applied", date(2026, 2, 9), "Nộp hồ sơ đăng ký tham gia khóa 2026."),
        ("admitted", date(2026, 3, 2), "Hội đồng xét chọn đồng ý tiếp nhận."),
        ("active", date(2026, 3, 16), "Ký thỏa thuận ươm tạo, nhận mặt bằng tại vườn ươm."),
    ],
    [
        ("applied", date(2026, 2, 12), "Nộp hồ sơ đăng ký tham gia khóa 2026."),
        ("admitted", date(2026, 3, 2), "Hội đồng xét chọn đồng ý tiếp nhận."),
        ("active", date(2026, 4, 1), "Bắt đầu ươm tạo sau khi hoàn thiện kế hoạch kinh doanh."),
    ],
    [
        ("applied", date(2026, 5, 20), "Đăng ký bổ sung giữa khóa."),
        ("admitted", date(2026, 6, 15), "Được tiếp nhận, chờ bố trí mặt bằng."),
    ],
    [("applied", date(2026, 9, 8), "Hồ sơ đang được thẩm định.")],
]


def _smallest_organizations(limit: int) -> list[Organization]:
    size_order = case(
        {"micro": 0, "small": 1, "medium": 2, "large": 3}, value=Organization.size, else_=4
    )
    return list(
        db.session.scalars(
            select(Organization)
            .where(Organization.kind.in_(KINDS), Organization.hidden.is_(False))
            .order_by(size_order, Organization.id)
            .limit(limit)
        )
    )


def _zone() -> IndustrialZone | None:
    for name in ZONES:
        zone = find_zone(name)
        if zone is not None:
            return zone
    return db.session.scalar(select(IndustrialZone).order_by(IndustrialZone.id).limit(1))


def load() -> Incubator | None:
    """Create the demo incubator unless it exists; None when the zone table is empty."""
    existing = db.session.scalar(select(Incubator).filter_by(name=NAME))
    if existing is not None:
        return existing
    zone = _zone()
    if zone is None:
        return None
    today = today_in_vietnam()
    incubator = Incubator(
        name=NAME,
        industrial_zone=zone,
        description=(
            "Vườn ươm hỗ trợ doanh nghiệp nhỏ, hợp tác xã và hộ kinh doanh phát triển sản phẩm, "
            "dịch vụ công nghiệp môi trường: mặt bằng sản xuất thử, chuyên gia hướng dẫn, "
            "đào tạo và xúc tiến thương mại."
        ),
        manager_name="Trần Thị Mai",
        manager_phone="0277 3861 234",
        manager_email="vuonuom@example.vn",
    )
    cohort = Cohort(
        incubator=incubator,
        name="Khóa 2026",
        starts_on=date(2026, 3, 1),
        ends_on=date(2026, 12, 31),
    )
    mentors = [
        Mentor(
            incubator=incubator,
            name="TS. Nguyễn Văn Hòa",
            expertise="Xử lý nước thải, công nghệ sinh học",
            contact="0918 123 456",
        ),
        Mentor(
            incubator=incubator,
            name="ThS. Lê Thị Thu Hà",
            expertise="Quản trị tài chính, xúc tiến thương mại",
            contact="thuha@example.vn",
        ),
    ]
    db.session.add_all([incubator, cohort, *mentors])
    for index, organization in enumerate(_smallest_organizations(len(PATHS))):
        participation = Participation(cohort=cohort, organization=organization)
        path = PATHS[index]
        previous: str | None = None
        for status, on, note in path:
            participation.history.append(
                StatusChange(
                    from_status=previous, to_status=status, changed_on=min(on, today), note=note
                )
            )
            previous = status
        participation.status = path[-1][0]  # where its path has reached
        participation.mentors = [mentors[index % 2]]
        db.session.add(participation)
        _milestones_and_support(participation, index, today)
    db.session.commit()
    return incubator


def _milestones_and_support(participation: Participation, index: int, today: date) -> None:
    if participation.status != "active":
        return
    if index == 0:
        participation.milestones = [
            Milestone(
                title="Hoàn thiện kế hoạch kinh doanh",
                due_on=date(2026, 4, 30),
                done_on=date(2026, 4, 24),
            ),
            Milestone(title="Sản xuất lô mẫu và thử nghiệm", due_on=today - timedelta(days=20)),
            Milestone(
                title="Tham gia hội chợ công nghiệp môi trường", due_on=today + timedelta(45)
            ),
        ]
        participation.support = [
            SupportRecord(type="training", given_on=date(2026, 4, 10), note="Khóa quản trị"),
            SupportRecord(
                type="finance",
                amount_vnd=50_000_000,
                given_on=date(2026, 6, 5),
                note="Hỗ trợ kinh phí thử nghiệm sản phẩm",
            ),
        ]
    else:
        participation.milestones = [
            Milestone(title="Đăng ký nhãn hiệu sản phẩm", due_on=today + timedelta(days=30)),
        ]
        participation.support = [
            SupportRecord(type="consulting", given_on=date(2026, 5, 12), note="Tư vấn công nghệ"),
            SupportRecord(
                type="premises",
                amount_vnd=24_000_000,
                given_on=date(2026, 4, 1),
                note="Miễn phí thuê xưởng 12 tháng",
            ),
        ]
