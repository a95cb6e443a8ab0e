"""An officer of Sở Công Thương follows the province's incubators: incubators, cohorts,
participants from application to graduation, mentors, milestones and support received."""

from datetime import timedelta

from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.incubators import coaching, services
from directory.incubators.models import Cohort, Incubator, Participation
from directory.reference.services import find_zone
from directory.timeutil import today_in_vietnam


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


def create_incubator_and_cohort(client) -> tuple[Incubator, Cohort]:
    zone = find_zone("KCN Sa Đéc")
    response = client.post(
        "/officer/incubators/new",
        data={
            "name": "Vườn ươm Sa Đéc",
            "industrial_zone": str(zone.id),
            "description": "Hỗ trợ doanh nghiệp nhỏ ngành môi trường.",
            "manager_name": "Trần Thị Mai",
            "manager_phone": "0277 3861 234",
            "manager_email": "mai@example.vn",
        },
    )
    assert response.status_code == 302
    incubator = db.session.scalar(select(Incubator))
    response = client.post(
        f"/officer/incubators/{incubator.id}/cohorts/new",
        data={"name": "Khóa 2026", "starts_on": "2026-03-01", "ends_on": "2026-12-31"},
    )
    assert response.status_code == 302
    return incubator, db.session.scalar(select(Cohort))


def test_officer_takes_a_participant_from_application_to_graduation(client, make, auth):
    officer = make.user(role="officer", name="Cán bộ Lan")
    company = make.organization(name="Cơ sở Tái chế Nhựa Phú Hựu", kind="household")
    auth.login(officer)

    incubator, cohort = create_incubator_and_cohort(client)
    page = client.get("/officer/incubators/").get_data(as_text=True)
    assert "Vườn ươm Sa Đéc" in page and "KCN Sa Đéc" in page
    page = client.get(f"/officer/incubators/{incubator.id}").get_data(as_text=True)
    assert "Khóa 2026" in page and "01/03/2026 – 31/12/2026" in page

    # The officer looks the company up by a piece of its name and adds it to the cohort.
    add_url = f"/officer/incubators/cohorts/{cohort.id}/participants/new"
    page = client.get(add_url, query_string={"q": "Nhựa Phú"}).get_data(as_text=True)
    assert "Cơ sở Tái chế Nhựa Phú Hựu" in page
    applied_on = today_in_vietnam() - timedelta(days=30)
    response = client.post(
        add_url,
        data={"organization": str(company.id), "applied_on": dmy(applied_on), "note": "Hồ sơ đủ"},
    )
    assert response.status_code == 302
    participation = db.session.scalar(select(Participation))
    assert participation.status == "applied"
    url = f"/officer/incubators/participants/{participation.id}"
    assert response.headers["Location"].endswith(url)

    steps = [
        ("admitted", 20, "Hội đồng xét chọn đồng ý tiếp nhận."),
        ("active", 10, "Ký thỏa thuận ươm tạo."),
        ("graduated", 0, "Hoàn thành kế hoạch, có khách hàng ổn định."),
    ]
    for status, days_ago, note in steps:
        day = today_in_vietnam() - timedelta(days=days_ago)
        response = client.post(
            f"{url}/status",
            data={"status-status": status, "status-changed_on": dmy(day), "status-note": note},
        )
        assert response.status_code == 302, response.get_data(as_text=True)

    page = client.get(url).get_data(as_text=True)
    for status_label, days_ago, note in [
        ("Nộp hồ sơ", 30, "Hồ sơ đủ"),
        ("Được tiếp nhận", 20, steps[0][2]),
        ("Đang ươm tạo", 10, steps[1][2]),
        ("Tốt nghiệp", 0, steps[2][2]),
    ]:
        assert status_label in page
        assert dmy(today_in_vietnam() - timedelta(days=days_ago)) in page
        assert note in page
    assert "Cán bộ Lan" in page
    assert "trạng thái không thay đổi được nữa" in page  # graduation ends the path

    db.session.expire_all()
    participation = db.session.get(Participation, participation.id)
    assert [c.to_status for c in participation.history] == [
        "applied",
        "admitted",
        "active",
        "graduated",
    ]
    assert all(c.officer_id == officer.id for c in participation.history)
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert actions == [
        "incubator.create",
        "cohort.create",
        "participation.create",
        "participation.status",
        "participation.status",
        "participation.status",
    ]
    last = db.session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert last.actor_id == officer.id
    assert last.before == {"status": "active"} and last.after["status"] == "graduated"


def test_officer_edits_an_incubator_and_a_cohort(client, make, auth):
    auth.login(make.user(role="officer"))
    incubator, cohort = create_incubator_and_cohort(client)
    zone = find_zone("CCN Trường Xuân")
    form = client.get(f"/officer/incubators/{incubator.id}/edit").get_data(as_text=True)
    assert 'value="Vườn ươm Sa Đéc"' in form and "Trần Thị Mai" in form
    response = client.post(
        f"/officer/incubators/{incubator.id}/edit",
        data={"name": "Vườn ươm Trường Xuân", "industrial_zone": str(zone.id)},
    )
    assert response.status_code == 302
    response = client.post(
        f"/officer/incubators/cohorts/{cohort.id}/edit",
        data={"name": "Khóa 2026 (mở rộng)", "starts_on": "01/03/2026", "ends_on": "31/03/2027"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Incubator, incubator.id).industrial_zone.name == "CCN Trường Xuân"
    assert db.session.get(Cohort, cohort.id).ends_on.year == 2027
    entry = db.session.scalar(select(AuditEntry).filter_by(action="incubator.update"))
    assert entry.before["name"] == "Vườn ươm Sa Đéc"
    assert entry.after["name"] == "Vườn ươm Trường Xuân"
    assert db.session.scalar(select(AuditEntry).filter_by(action="cohort.update")) is not None


def test_mentors_are_added_to_the_incubator_and_assigned_to_participants(client, make, auth):
    officer = make.user(role="officer")
    company = make.organization(name="HTX Rau sạch Tân Phú Đông", kind="cooperative")
    auth.login(officer)
    incubator, cohort = create_incubator_and_cohort(client)
    participation = services.add_participant(officer, cohort, company, today_in_vietnam())

    response = client.post(
        f"/officer/incubators/{incubator.id}/mentors",
        data={"name": "TS. Nguyễn Văn Hòa", "expertise": "Xử lý nước thải", "contact": "0918"},
    )
    assert response.status_code == 302
    mentor = incubator.mentors[0]
    url = f"/officer/incubators/participants/{participation.id}"
    assert "TS. Nguyễn Văn Hòa · Xử lý nước thải" in client.get(url).get_data(as_text=True)

    assert client.post(f"{url}/mentors", data={"mentor-mentor": str(mentor.id)}).status_code == 302
    db.session.expire_all()
    assert [m.name for m in db.session.get(Participation, participation.id).mentors] == [
        "TS. Nguyễn Văn Hòa"
    ]
    page = client.get(f"/officer/incubators/cohorts/{cohort.id}").get_data(as_text=True)
    assert "TS. Nguyễn Văn Hòa" in page

    # A mentor of another incubator cannot be assigned here.
    other = services.save_incubator(
        officer, {"name": "Vườn ươm khác", "industrial_zone_id": incubator.industrial_zone_id}
    )
    stranger = coaching.add_mentor(officer, other, {"name": "Chuyên gia ngoài"})
    response = client.post(f"{url}/mentors", data={"mentor-mentor": str(stranger.id)})
    assert response.status_code == 400
    assert "Chuyên gia không thuộc vườn ươm này" in response.get_data(as_text=True)

    response = client.post(f"{url}/mentors/{mentor.id}/remove")
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Participation, participation.id).mentors == []
    actions = set(db.session.scalars(select(AuditEntry.action)))
    assert {"mentor.create", "participation.assign_mentor", "participation.unassign_mentor"} <= (
        actions
    )


def test_support_records_show_money_in_dong_and_a_total(client, make, auth):
    officer = make.user(role="officer")
    company = make.organization(name="Công ty TNHH Xanh Mỹ Tho")
    auth.login(officer)
    _, cohort = create_incubator_and_cohort(client)
    participation = services.add_participant(officer, cohort, company, today_in_vietnam())
    url = f"/officer/incubators/participants/{participation.id}"
    day = today_in_vietnam() - timedelta(days=3)
    for kind, amount, note in [
        ("finance", "50.000.000", "Kinh phí thử nghiệm"),
        ("premises", "24000000 đ", "Miễn phí thuê xưởng"),
        ("training", "", "Khóa quản trị doanh nghiệp"),
    ]:
        response = client.post(
            f"{url}/support",
            data={
                "support-type": kind,
                "support-amount": amount,
                "support-given_on": day.isoformat(),
                "support-note": note,
            },
        )
        assert response.status_code == 302, response.get_data(as_text=True)
    page = client.get(url).get_data(as_text=True)
    assert "Hỗ trợ tài chính" in page and "Mặt bằng" in page and "Đào tạo" in page
    assert "50.000.000 ₫" in page and "24.000.000 ₫" in page
    assert "74.000.000 ₫" in page  # the total
    assert dmy(day) in page
    amounts = sorted(s.amount_vnd or 0 for s in participation.support)
    assert amounts == [0, 24_000_000, 50_000_000]
    assert len(db.session.scalars(select(AuditEntry).filter_by(action="support.create")).all()) == 3
