"""Only officers and admins reach the incubator pages; bad input is refused next to its field
and changes nothing; odd ids and odd values never produce a server error."""

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from directory.audit.models import AuditEntry
from directory.domain import NotAllowed
from directory.extensions import db
from directory.incubators import coaching, services
from directory.incubators.models import (
    Cohort,
    Incubator,
    Milestone,
    Participation,
    StatusChange,
    SupportRecord,
)
from directory.reference.services import find_zone
from directory.timeutil import today_in_vietnam


@pytest.fixture
def story(make):
    """An incubator with a cohort, one participant with a mentor and a milestone."""
    officer = make.user(role="officer")
    member = make.user()
    company = make.organization(owner=member, name="Cơ sở Tái chế Phú Hựu")
    today = today_in_vietnam()
    incubator = services.save_incubator(
        officer, {"name": "Vườn ươm Sa Đéc", "industrial_zone_id": find_zone("KCN Sa Đéc").id}
    )
    cohort = services.save_cohort(
        officer,
        incubator,
        {"name": "Khóa 2026", "starts_on": today - timedelta(60), "ends_on": today + timedelta(9)},
    )
    participation = services.add_participant(officer, cohort, company, today - timedelta(days=10))
    mentor = coaching.add_mentor(officer, incubator, {"name": "TS. Hòa"})
    coaching.assign_mentor(officer, participation, mentor)
    milestone = coaching.add_milestone(officer, participation, "Lô mẫu", today)
    ids = {
        "incubator_id": incubator.id,
        "cohort_id": cohort.id,
        "participation_id": participation.id,
        "mentor_id": mentor.id,
        "milestone_id": milestone.id,
    }
    return {"officer": officer, "member": member, "company": company, "ids": ids}


def incubator_urls(app, ids, method):
    for rule in app.url_map.iter_rules():
        if rule.endpoint.startswith("incubators.") and method in rule.methods:
            path = rule.rule
            for name in rule.arguments:
                path = path.replace(f"<id:{name}>", str(ids[name]))
            yield path


def counts() -> dict:
    models = (Incubator, Cohort, Participation, StatusChange, Milestone, SupportRecord)
    counted = {m.__name__: db.session.scalar(select(func.count()).select_from(m)) for m in models}
    counted["audit"] = db.session.scalar(select(func.count()).select_from(AuditEntry))
    return counted


def test_anonymous_visitors_are_sent_to_sign_in(app, client, story):
    gets = list(incubator_urls(app, story["ids"], "GET"))
    posts = list(incubator_urls(app, story["ids"], "POST"))
    assert len(gets) >= 8 and len(posts) >= 9
    before = counts()
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    for url in posts:
        response = client.post(url, data={"name": "x", "status": "admitted", "note": "x"})
        assert response.status_code == 302 and "/account/login" in response.headers["Location"], url
    assert counts() == before


def test_members_even_of_a_participant_get_403(app, client, auth, story):
    auth.login(story["member"])
    before = counts()
    for url in incubator_urls(app, story["ids"], "GET"):
        assert client.get(url).status_code == 403, url
    for url in incubator_urls(app, story["ids"], "POST"):
        response = client.post(url, data={"name": "x", "status": "admitted", "note": "x"})
        assert response.status_code == 403, url
    assert counts() == before


def test_admins_may_do_what_officers_do(app, client, make, auth, story):
    auth.login(make.user(role="admin"))
    for url in incubator_urls(app, story["ids"], "GET"):
        assert client.get(url).status_code == 200, url


def test_unknown_and_odd_ids_are_404(client, auth, story):
    auth.login(story["officer"])
    for url in [
        "/officer/incubators/0",
        "/officer/incubators/99999999999",
        "/officer/incubators/cohorts/4242",
        "/officer/incubators/participants/99999999999999999999",
        "/officer/incubators/42/edit",
    ]:
        assert client.get(url).status_code == 404, url
    assert client.post("/officer/incubators/milestones/4242/done").status_code == 404
    pid = story["ids"]["participation_id"]
    assert (
        client.post(f"/officer/incubators/participants/{pid}/mentors/777/remove").status_code == 404
    )


def test_cohort_dates_in_the_wrong_order_are_refused(client, auth, story):
    auth.login(story["officer"])
    before = counts()
    response = client.post(
        f"/officer/incubators/{story['ids']['incubator_id']}/cohorts/new",
        data={"name": "Khóa 2027", "starts_on": "31/12/2027", "ends_on": "01/01/2027"},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Ngày kết thúc phải sau ngày bắt đầu." in page
    assert 'value="Khóa 2027"' in page  # what was typed is kept
    for bad in ("32/13/2026", "hôm qua", "99999-01-01", "1800-01-01"):
        response = client.post(
            f"/officer/incubators/{story['ids']['incubator_id']}/cohorts/new",
            data={"name": "Khóa 2027", "starts_on": bad, "ends_on": "2027-12-31"},
        )
        assert response.status_code == 400, bad
        assert "Ngày" in response.get_data(as_text=True)
    assert counts() == before


@pytest.mark.parametrize(
    ("amount", "message"),
    [
        ("-5000000", "Số tiền không được là số âm."),
        ("0", "Số tiền phải lớn hơn 0"),
        ("năm triệu", "Nhập số tiền bằng chữ số"),
        ("9" * 40, "Số tiền quá lớn"),
        ("5,000,000.50", "Nhập số tiền bằng chữ số"),
    ],
)
def test_bad_support_amounts_are_explained(client, auth, story, amount, message):
    auth.login(story["officer"])
    before = counts()
    url = f"/officer/incubators/participants/{story['ids']['participation_id']}/support"
    response = client.post(
        url,
        data={
            "support-type": "finance",
            "support-amount": amount,
            "support-given_on": today_in_vietnam().isoformat(),
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert f'value="{amount}"' in page
    assert counts() == before


def test_support_needs_a_known_type_and_a_date_that_has_come(client, auth, story):
    auth.login(story["officer"])
    url = f"/officer/incubators/participants/{story['ids']['participation_id']}/support"
    tomorrow = today_in_vietnam() + timedelta(days=1)
    response = client.post(
        url, data={"support-type": "bribe", "support-given_on": tomorrow.isoformat()}
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Giá trị không có trong danh sách." in page
    assert "Ngày này chưa đến" in page


def test_status_changes_follow_the_path(client, auth, story):
    auth.login(story["officer"])
    pid = story["ids"]["participation_id"]
    url = f"/officer/incubators/participants/{pid}/status"
    today = today_in_vietnam()
    before = counts()
    # Straight from "applied" to "graduated" is not a step on the path.
    response = client.post(
        url,
        data={
            "status-status": "graduated",
            "status-changed_on": today.isoformat(),
            "status-note": "Nhảy cóc",
        },
    )
    assert response.status_code == 400
    assert "Không thể chuyển sang trạng thái này" in response.get_data(as_text=True)
    # A change must be dated no earlier than the last one, no later than today, with a note.
    for changed_on, note, message in [
        (
            today - timedelta(days=11),
            "Sớm quá",
            "không được trước lần thay đổi trạng thái gần nhất",
        ),
        (today + timedelta(days=1), "Ngày mai", "Ngày này chưa đến"),
        (today, "   ", "Vui lòng ghi chú căn cứ của thay đổi."),
    ]:
        response = client.post(
            url,
            data={
                "status-status": "admitted",
                "status-changed_on": changed_on.isoformat(),
                "status-note": note,
            },
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    assert counts() == before
    assert db.session.get(Participation, pid).status == "applied"

    # Withdrawn is the end of the path too.
    data = {
        "status-status": "withdrawn",
        "status-changed_on": today.isoformat(),
        "status-note": "Xin rút.",
    }
    assert client.post(url, data=data).status_code == 302
    data = {
        "status-status": "admitted",
        "status-changed_on": today.isoformat(),
        "status-note": "Quay lại",
    }
    assert client.post(url, data=data).status_code == 400


def test_an_organization_joins_a_cohort_only_once(client, auth, story):
    auth.login(story["officer"])
    url = f"/officer/incubators/cohorts/{story['ids']['cohort_id']}/participants/new"
    # The lookup no longer offers it…
    page = client.get(url, query_string={"q": "Phú Hựu"}).get_data(as_text=True)
    assert "Không tìm thấy doanh nghiệp nào" in page
    # …and posting it anyway is refused with a clear message.
    before = counts()
    response = client.post(
        url,
        data={
            "organization": str(story["company"].id),
            "applied_on": today_in_vietnam().isoformat(),
        },
    )
    assert response.status_code == 400
    assert "Doanh nghiệp này đã có trong khóa." in response.get_data(as_text=True)
    for odd in ("", "abc", "-1", "99999999999999", "0"):
        response = client.post(url, data={"organization": odd, "applied_on": "2026-01-01"})
        assert response.status_code == 400, odd
    assert counts() == before


def test_incubator_names_are_unique_and_need_a_known_zone(client, auth, story):
    auth.login(story["officer"])
    before = counts()
    zone = find_zone("CCN Trường Xuân")
    response = client.post(
        "/officer/incubators/new",
        data={"name": "vườn ươm sa đéc", "industrial_zone": str(zone.id)},
    )
    assert response.status_code == 400
    assert "Đã có vườn ươm mang tên này." in response.get_data(as_text=True)
    for zone_value, message in (
        ("", "Vui lòng chọn khu, cụm công nghiệp."),
        ("999999", "Khu, cụm công nghiệp không có trong danh sách."),
        ("abc", "Khu, cụm công nghiệp không có trong danh sách."),
    ):
        response = client.post(
            "/officer/incubators/new", data={"name": "Vườn ươm mới", "industrial_zone": zone_value}
        )
        assert response.status_code == 400
        assert message in response.get_data(as_text=True)
    response = client.post(
        "/officer/incubators/new",
        data={
            "name": "Vườn ươm mới",
            "industrial_zone": str(zone.id),
            "manager_email": "không-phải-email",
            "manager_phone": "gọi tôi",
        },
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Email không hợp lệ." in page and "Số điện thoại chỉ gồm chữ số" in page
    assert counts() == before


def test_a_milestone_needs_a_title_and_is_completed_once(client, auth, story):
    auth.login(story["officer"])
    pid, mid = story["ids"]["participation_id"], story["ids"]["milestone_id"]
    response = client.post(
        f"/officer/incubators/participants/{pid}/milestones",
        data={"milestone-title": " ", "milestone-due_on": ""},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vui lòng nhập mốc công việc." in page and "Vui lòng chọn hạn." in page
    done_url = f"/officer/incubators/milestones/{mid}/done"
    tomorrow = (today_in_vietnam() + timedelta(days=1)).isoformat()
    response = client.post(done_url, data={f"done-{mid}-done_on": tomorrow})
    assert response.status_code == 400
    assert "Ngày này chưa đến" in response.get_data(as_text=True)
    today = today_in_vietnam().isoformat()
    assert client.post(done_url, data={f"done-{mid}-done_on": today}).status_code == 302
    response = client.post(done_url, data={f"done-{mid}-done_on": today})
    assert response.status_code == 302
    assert "Mốc công việc đã hoàn thành." in client.get(response.headers["Location"]).get_data(
        as_text=True
    )


def test_odd_query_strings_never_break_the_pages(app, client, make, auth, story):
    auth.login(story["officer"])
    odd = [
        "",
        "-1",
        "99999999999999999999",
        "%",
        "_",
        "' OR 1=1 --",
        "𝔘𝔫𝔦 🌊",
        "x" * 3000,
        "\u202e",
    ]
    for url in incubator_urls(app, story["ids"], "GET"):
        for value in odd:
            response = client.get(url, query_string={"q": value, "incubator": value, "page": value})
            assert response.status_code == 200, (url, value)
    # "%" and "_" are searched for literally, not as wildcards.
    make.organization(name="Công ty Vốn 100% Việt")
    make.organization(name="Công ty Xanh")
    url = f"/officer/incubators/cohorts/{story['ids']['cohort_id']}/participants/new"
    page = client.get(url, query_string={"q": "%"}).get_data(as_text=True)
    assert "Công ty Vốn 100% Việt" in page and "Công ty Xanh" not in page


def test_services_refuse_anyone_but_officers(story):
    member = story["member"]
    incubator = db.session.get(Incubator, story["ids"]["incubator_id"])
    participation = db.session.get(Participation, story["ids"]["participation_id"])
    zone_id = incubator.industrial_zone_id
    with pytest.raises(NotAllowed):
        services.save_incubator(member, {"name": "Của tôi", "industrial_zone_id": zone_id})
    with pytest.raises(NotAllowed):
        services.change_status(member, participation, "admitted", today_in_vietnam(), "Tự duyệt")
    with pytest.raises(NotAllowed):
        coaching.record_support(
            member,
            participation,
            {"type": "finance", "amount_vnd": 10**9, "given_on": today_in_vietnam()},
        )
    db.session.rollback()
    assert db.session.get(Participation, participation.id).status == "applied"


def test_the_pages_work_in_english_too(app, client, auth, story):
    auth.login(story["officer"])
    assert client.post("/language", data={"lang": "en"}).status_code == 302
    for url in incubator_urls(app, story["ids"], "GET"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert 'lang="en"' in response.get_data(as_text=True)
