"""A demo event for the Đồng Tháp demo data: a supply–demand connection day a month ahead, with
its meeting slots and the two demo member organizations registered. Loading it again changes
nothing."""

from datetime import time, timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..organizations.models import Organization
from ..reference.services import find_zone
from ..timeutil import today_in_vietnam
from .models import Event, Participant, Slot
from .services import day_slots

TITLE = "Hội nghị kết nối cung cầu công nghiệp môi trường tỉnh Đồng Tháp (demo)"
ZONE = "KCN Sa Đéc"
PARTICIPANTS = ("DEMO-ORG-001", "DEMO-ORG-020")  # the demo member accounts' organizations


def load() -> Event | None:
    if db.session.scalar(select(func.count()).select_from(Event)):
        return None
    day = today_in_vietnam() + timedelta(days=30)
    zone = find_zone(ZONE)
    event = Event(
        title=TITLE,
        description=(
            "Doanh nghiệp cung cấp công nghệ, thiết bị, dịch vụ môi trường gặp ban quản lý khu,"
            " cụm công nghiệp, UBND xã, phường và cơ sở sản xuất: mỗi cuộc gặp 20 phút theo lịch"
            " hẹn đặt trước trên trang này."
        ),
        commune_code=zone.commune_code if zone else None,
        venue="Hội trường (địa điểm demo)",
        starts_on=day,
        ends_on=day,
        registration_deadline=day - timedelta(days=7),
        capacity=120,
        published=True,
        slot_minutes=20,
        tables=10,
    )
    db.session.add(event)
    morning = day_slots(day, time(8), time(11, 30), 20, [(time(9, 40), time(10))])
    db.session.add_all(Slot(event=event, starts_at=a, ends_at=b) for a, b in morning)
    for ref in PARTICIPANTS:
        organization = db.session.scalar(select(Organization).filter_by(ref=ref))
        if organization is not None:
            db.session.add(
                Participant(
                    event=event,
                    organization=organization,
                    status="accepted",
                    offerings=[o for o in organization.offerings if o.published][:3],
                    needs=[n for n in organization.needs if n.status == "open"][:3],
                )
            )
    db.session.commit()
    return event
