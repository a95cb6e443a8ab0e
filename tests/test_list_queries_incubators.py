"""The incubator pages load what they show: each costs as many queries with 12 rows as with 3
(tests/test_list_queries.py has the public lists and the shared helper)."""

from datetime import date, timedelta

from sqlalchemy import select

from directory.extensions import db
from directory.incubators.models import (
    Cohort,
    Incubator,
    Mentor,
    Milestone,
    Participation,
    StatusChange,
    SupportRecord,
)
from directory.reference.models import IndustrialZone
from directory.timeutil import today_in_vietnam

from .test_list_queries import queries_for


def add_incubation(make, main: Participation, how_many: int, start: int) -> None:
    """For each i, a new organization and officer: another incubator in its zone, a cohort of
    the main incubator with the organization in it, the organization in the main cohort with
    a mentor and an overdue and a coming milestone, and a step, a milestone and support on
    the main participant's page."""
    zones = db.session.scalars(select(IndustrialZone).order_by(IndustrialZone.id)).all()
    cohort = main.cohort
    today = today_in_vietnam()
    for i in range(start, start + how_many):
        officer = make.user(role="officer", name=f"Cán bộ ươm tạo {i}")
        org = make.organization(name=f"Công ty Khởi Nghiệp {i:02d}")
        db.session.add(Incubator(name=f"Vườn ươm số {i}", industrial_zone=zones[i % len(zones)]))
        other = Cohort(
            incubator=cohort.incubator,
            name=f"Khóa phụ {i}",
            starts_on=date(2026, 1, 1),
            ends_on=date(2026, 12, 31),
        )
        db.session.add(Participation(cohort=other, organization=org, status="applied"))
        mentor = Mentor(incubator=cohort.incubator, name=f"Chuyên gia số {i}")
        db.session.add(
            Participation(
                cohort=cohort,
                organization=org,
                status=("applied", "admitted", "active")[i % 3],
                mentors=[mentor],
                milestones=[
                    Milestone(title=f"Mốc trễ {i}", due_on=today - timedelta(days=i + 1)),
                    Milestone(title=f"Mốc tới {i}", due_on=today + timedelta(days=i + 1)),
                ],
            )
        )
        main.milestones.append(Milestone(title=f"Việc số {i}", due_on=today + timedelta(days=i)))
        main.history.append(
            StatusChange(to_status="active", changed_on=today, note=f"Bước {i}", officer=officer)
        )
        main.support.append(
            SupportRecord(type="training", given_on=today, amount_vnd=1_000_000, note=f"Hỗ trợ {i}")
        )
    db.session.commit()


def test_the_incubator_pages_cost_the_same_queries_for_3_rows_as_for_12(
    client, auth, make, count_queries
):
    zone = db.session.scalars(select(IndustrialZone)).first()
    incubator = Incubator(name="Vườn ươm Sa Đéc", industrial_zone=zone)
    cohort = Cohort(
        incubator=incubator,
        name="Khóa 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    main = Participation(cohort=cohort, organization=make.organization(), status="active")
    db.session.add(main)
    db.session.commit()
    pages = (
        "/officer/incubators/",
        f"/officer/incubators/{incubator.id}",
        f"/officer/incubators/cohorts/{cohort.id}",
        "/officer/incubators/board",
        f"/officer/incubators/board?incubator={incubator.id}",
        f"/officer/incubators/participants/{main.id}",
    )
    auth.login(make.user(role="officer"))
    add_incubation(make, main, 3, start=0)
    few = {path: queries_for(client, count_queries, path) for path in pages}
    add_incubation(make, main, 9, start=3)
    many = {path: queries_for(client, count_queries, path) for path in pages}
    assert many == few
    shown = {path: client.get(path).get_data(as_text=True) for path in pages}
    assert "Vườn ươm số 11" in shown[pages[0]]
    assert "Khóa phụ 11" in shown[pages[1]] and "Chuyên gia số 11" in shown[pages[1]]
    assert "Công ty Khởi Nghiệp 11" in shown[pages[2]] and "Chuyên gia số 11" in shown[pages[2]]
    assert "Mốc trễ 11" in shown[pages[3]] and "Mốc tới 0" in shown[pages[4]]
    assert "Cán bộ ươm tạo 11" in shown[pages[5]] and "Hỗ trợ 11" in shown[pages[5]]
