"""The officers' board: every participant grouped by status, overdue milestones first; and the
"Ươm tạo" badge that participants carry while they are admitted or active."""

import re
from datetime import timedelta

from flask import render_template
from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.incubators import coaching, services
from directory.incubators.models import Milestone
from directory.reference.services import find_zone
from directory.timeutil import today_in_vietnam


def setup_cohort(officer, incubator_name="Vườn ươm Sa Đéc"):
    zone = find_zone("KCN Sa Đéc")
    incubator = services.save_incubator(
        officer, {"name": incubator_name, "industrial_zone_id": zone.id}
    )
    today = today_in_vietnam()
    cohort = services.save_cohort(
        officer,
        incubator,
        {
            "name": "Khóa 2026",
            "starts_on": today - timedelta(90),
            "ends_on": today + timedelta(200),
        },
    )
    return incubator, cohort


def admit(officer, participation, *statuses):
    for status in statuses:
        services.change_status(officer, participation, status, today_in_vietnam(), "Đồng ý.")


def board_order(html: str, status: str) -> list[str]:
    """Organization names in one status group of the board, top to bottom."""
    section = html.split(f'id="status-{status}"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'participants/\d+">([^<]+)</a>', section)


def test_the_board_groups_by_status_and_puts_overdue_milestones_first(client, make, auth):
    officer = make.user(role="officer")
    today = today_in_vietnam()
    _, cohort = setup_cohort(officer)
    names = ["An Phát", "Bình Minh", "Cửu Long", "Đồng Xanh"]
    orgs = {n: make.organization(name=f"Công ty {n}") for n in names}
    people = {n: services.add_participant(officer, cohort, orgs[n], today) for n in names}
    for name in ("An Phát", "Bình Minh", "Cửu Long"):
        admit(officer, people[name], "admitted", "active")
    # Bình Minh and Cửu Long are late; Cửu Long is the later of the two.
    coaching.add_milestone(officer, people["An Phát"], "Đăng ký nhãn hiệu", today + timedelta(9))
    coaching.add_milestone(officer, people["Bình Minh"], "Lô mẫu", today - timedelta(days=3))
    late = coaching.add_milestone(officer, people["Cửu Long"], "Kế hoạch", today - timedelta(30))
    coaching.add_milestone(officer, people["Đồng Xanh"], "Hồ sơ", today + timedelta(days=5))

    auth.login(officer)
    page = client.get("/officer/incubators/board").get_data(as_text=True)
    assert board_order(page, "active") == [
        "Công ty Cửu Long",
        "Công ty Bình Minh",
        "Công ty An Phát",
    ]
    assert board_order(page, "applied") == ["Công ty Đồng Xanh"]
    assert board_order(page, "graduated") == []
    assert "Trễ hạn" in page and (today - timedelta(30)).strftime("%d/%m/%Y") in page
    # The order of the groups follows the path.
    positions = [page.index(f'id="status-{s}"') for s in ("applied", "admitted", "active")]
    assert positions == sorted(positions)

    # Once the late milestone is done, Cửu Long is no longer first.
    url = f"/officer/incubators/milestones/{late.id}/done"
    response = client.post(url, data={f"done-{late.id}-done_on": today.isoformat()})
    assert response.status_code == 302
    assert db.session.get(Milestone, late.id).done_on == today
    page = client.get("/officer/incubators/board").get_data(as_text=True)
    assert board_order(page, "active") == [
        "Công ty Bình Minh",
        "Công ty An Phát",
        "Công ty Cửu Long",
    ]
    assert db.session.scalar(select(AuditEntry).filter_by(action="milestone.complete"))


def test_the_board_can_show_one_incubator(client, make, auth):
    officer = make.user(role="officer")
    _, first = setup_cohort(officer, "Vườn ươm Sa Đéc")
    other, second = setup_cohort(officer, "Vườn ươm Trường Xuân")
    services.add_participant(
        officer, first, make.organization(name="Cơ sở Một"), today_in_vietnam()
    )
    services.add_participant(
        officer, second, make.organization(name="Cơ sở Hai"), today_in_vietnam()
    )
    auth.login(officer)
    page = client.get(f"/officer/incubators/board?incubator={other.id}").get_data(as_text=True)
    assert "Cơ sở Hai" in page and "Cơ sở Một" not in page
    page = client.get("/officer/incubators/board?incubator=abc").get_data(as_text=True)
    assert "Cơ sở Hai" in page and "Cơ sở Một" in page


def test_milestones_are_added_on_the_participant_page_and_late_ones_are_marked(client, make, auth):
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    participation = services.add_participant(
        officer, cohort, make.organization(), today_in_vietnam()
    )
    auth.login(officer)
    url = f"/officer/incubators/participants/{participation.id}"
    due = today_in_vietnam() - timedelta(days=2)
    response = client.post(
        f"{url}/milestones",
        data={"milestone-title": "Hoàn thiện mẫu sản phẩm", "milestone-due_on": due.isoformat()},
    )
    assert response.status_code == 302
    page = client.get(url).get_data(as_text=True)
    assert "Hoàn thiện mẫu sản phẩm" in page and "Trễ hạn" in page
    assert due.strftime("%d/%m/%Y") in page


def test_participants_carry_the_badge_while_admitted_or_active(app, make):
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    company, bystander = make.organization(), make.organization()
    participation = services.add_participant(officer, cohort, company, today_in_vietnam())

    def badge(org) -> str:
        with app.test_request_context():
            return render_template("incubators/_badge.html", organization=org)

    assert not services.is_incubatee(company) and "Ươm tạo" not in badge(company)
    admit(officer, participation, "admitted")
    assert services.is_incubatee(company) and "Ươm tạo" in badge(company)
    admit(officer, participation, "active")
    assert services.incubatees_among([company, bystander]) == {company.id}
    assert "Ươm tạo" not in badge(bystander)
    admit(officer, participation, "graduated")
    assert not services.is_incubatee(company) and services.incubatees_among([company]) == set()
    assert "Ươm tạo" not in badge(company)


def test_the_demo_incubator_takes_the_smallest_companies_and_shows_on_the_board(
    app, client, make, auth
):
    make.organization(name="Tập đoàn Lớn", kind="company", size="large")
    make.organization(name="Khu công nghiệp Sa Đéc", kind="industrial_park", size="micro")
    smallest = [
        make.organization(name="Hộ Nguyễn Văn Tư", kind="household", size="micro"),
        make.organization(name="HTX Tân Phú", kind="cooperative", size="micro"),
        make.organization(name="Công ty Nhỏ Một", kind="company", size="small"),
        make.organization(name="Công ty Nhỏ Hai", kind="company", size="small"),
    ]
    incubator = services.load_demo_incubator()
    assert incubator.industrial_zone.name == "KCN Sa Đéc"
    [cohort] = incubator.cohorts
    assert cohort.starts_on.year == 2026
    chosen = {p.organization.name for p in cohort.participations}
    assert chosen == {o.name for o in smallest}
    assert len(incubator.mentors) == 2
    statuses = sorted(p.status for p in cohort.participations)
    assert statuses == ["active", "active", "admitted", "applied"]
    for p in cohort.participations:
        assert p.history[-1].to_status == p.status and p.history[0].to_status == "applied"
    overdue = [
        m for p in cohort.participations for m in p.milestones if m.is_overdue(today_in_vietnam())
    ]
    assert len(overdue) == 1
    assert any(s.amount_vnd for p in cohort.participations for s in p.support)
    assert services.load_demo_incubator().id == incubator.id  # a second run changes nothing
    assert len(services.incubatees_among(smallest)) == 3  # admitted or active

    auth.login(make.user(role="officer"))
    page = client.get("/officer/incubators/board").get_data(as_text=True)
    first_active = board_order(page, "active")[0]
    assert first_active == overdue[0].participation.organization.name


def test_milestones_left_open_at_graduation_are_not_overdue_on_the_board(client, make, auth):
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    participation = services.add_participant(
        officer, cohort, make.organization(name="Công ty Đã Tốt Nghiệp"), today_in_vietnam()
    )
    coaching.add_milestone(officer, participation, "Việc bỏ dở", today_in_vietnam() - timedelta(5))
    admit(officer, participation, "admitted", "active")
    auth.login(officer)
    section = client.get("/officer/incubators/board").get_data(as_text=True)
    assert "Trễ hạn" in section.split('id="status-active"')[1].split("</section>")[0]
    admit(officer, participation, "graduated")
    page = client.get("/officer/incubators/board").get_data(as_text=True)
    graduated = page.split('id="status-graduated"')[1].split("</section>")[0]
    assert "Công ty Đã Tốt Nghiệp" in graduated and "Trễ hạn" not in graduated


def test_yearly_outcomes_count_the_year_and_show_zeros_for_an_empty_one(make):
    assert services.yearly_outcomes(2031) == {
        "year": 2031,
        "incubators": 0,
        "cohorts": 0,
        "participants": 0,
        "entered": dict.fromkeys(("applied", "admitted", "active", "graduated", "withdrawn"), 0),
        "support_records": 0,
        "support_vnd": 0,
    }
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    year = today_in_vietnam().year
    first, second = make.organization(), make.organization()
    one = services.add_participant(officer, cohort, first, today_in_vietnam())
    two = services.add_participant(officer, cohort, second, today_in_vietnam())
    admit(officer, one, "admitted", "active", "graduated")
    admit(officer, two, "withdrawn")
    values = {"type": "finance", "amount_vnd": 30_000_000, "given_on": today_in_vietnam()}
    coaching.record_support(officer, one, values)
    coaching.record_support(officer, one, {**values, "type": "training", "amount_vnd": None})
    outcomes = services.yearly_outcomes(year)
    assert outcomes["incubators"] == 1 and outcomes["cohorts"] == 1
    assert outcomes["participants"] == 2
    assert outcomes["entered"] == {
        "applied": 2,
        "admitted": 1,
        "active": 1,
        "graduated": 1,
        "withdrawn": 1,
    }
    assert outcomes["support_records"] == 2 and outcomes["support_vnd"] == 30_000_000
    assert services.yearly_outcomes(year + 3)["participants"] == 0


def test_the_public_page_and_the_api_show_the_badge_while_the_company_is_incubated(client, make):
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    company = make.organization(name="Cơ sở Tái chế Phú Hựu")
    participation = services.add_participant(officer, cohort, company, today_in_vietnam())

    def shown() -> tuple[bool, bool]:
        page = client.get(f"/organizations/{company.id}").get_data(as_text=True)
        api = client.get(f"/api/v1/organizations/{company.id}").get_json()
        return "Ươm tạo" in page, api["incubatee"]

    assert shown() == (False, False)  # applying is not yet taking part
    admit(officer, participation, "admitted", "active")
    assert shown() == (True, True)
    admit(officer, participation, "graduated")
    assert shown() == (False, False)


def test_search_can_be_narrowed_to_incubated_organizations(client, make):
    officer = make.user(role="officer")
    _, cohort = setup_cohort(officer)
    incubated = make.organization(name="Cơ sở Tái chế Nhựa Phú Hựu")
    make.organization(name="Công ty Tái chế Nhựa Sa Đéc")
    participation = services.add_participant(officer, cohort, incubated, today_in_vietnam())

    def found() -> str:
        response = client.get("/search?q=tái chế nhựa&kind=organization&incubatee=1")
        assert response.status_code == 200
        return response.get_data(as_text=True)

    assert "Phú Hựu" not in found()
    admit(officer, participation, "admitted")
    page = found()
    assert "Phú Hựu" in page and "Công ty Tái chế Nhựa Sa Đéc" not in page
    assert "Đang ươm tạo" in client.get("/search?q=tái chế nhựa").get_data(as_text=True)
    admit(officer, participation, "withdrawn")
    assert "Phú Hựu" not in found()
