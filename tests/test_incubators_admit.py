"""Issue 12, item 13: an officer admits a participant in one step, with its status and date,
and finds the organization by a name typed without accents."""

from datetime import timedelta

from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.incubators.models import Participation
from directory.timeutil import today_in_vietnam

from .test_incubators import create_incubator_and_cohort, dmy


def _ready(client, make, auth):
    officer = make.user(role="officer", name="Cán bộ Lan")
    company = make.organization(name="Cơ sở Tái chế Nhựa Phú Hựu", kind="household")
    auth.login(officer)
    incubator, cohort = create_incubator_and_cohort(client)
    return company, f"/officer/incubators/cohorts/{cohort.id}/participants/new"


def test_an_officer_admits_a_participant_in_one_step(client, make, auth):
    company, add_url = _ready(client, make, auth)
    page = client.get(add_url, query_string={"q": "tai che nhua phu"}).get_data(as_text=True)
    assert "Cơ sở Tái chế Nhựa Phú Hựu" in page  # found without accents
    assert "Tiếp nhận ngay" in page and 'name="status"' in page
    day = today_in_vietnam() - timedelta(days=3)
    response = client.post(
        add_url,
        data={
            "organization": str(company.id),
            "status": "admitted",
            "applied_on": dmy(day),
            "note": "Quyết định tiếp nhận số 12.",
        },
    )
    assert response.status_code == 302
    participation = db.session.scalar(select(Participation))
    assert participation.status == "admitted"
    history = [(c.from_status, c.to_status, c.changed_on) for c in participation.history]
    assert history == [(None, "applied", day), ("applied", "admitted", day)]
    entry = db.session.scalar(select(AuditEntry).filter_by(action="participation.create"))
    assert entry is not None and entry.after["status"] == "admitted"
    # the organization carries the incubation badge at once
    page = client.get(f"/organizations/{company.id}").get_data(as_text=True)
    assert "Ươm tạo" in page


def test_admitting_at_once_needs_its_basis_and_keeps_what_was_typed(client, make, auth):
    company, add_url = _ready(client, make, auth)
    day = today_in_vietnam() - timedelta(days=1)
    response = client.post(
        add_url,
        data={"organization": str(company.id), "status": "active", "applied_on": dmy(day)},
    )
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Vui lòng ghi chú căn cứ của thay đổi." in page
    assert 'checked id="status-2" name="status" required type="radio" value="active"' in page
    assert db.session.scalar(select(Participation)) is None

    for status in ("graduated", "robot", "\x00"):
        response = client.post(
            add_url,
            data={
                "organization": str(company.id),
                "status": status,
                "applied_on": dmy(day),
                "note": "x",
            },
        )
        assert response.status_code == 400
    assert db.session.scalar(select(Participation)) is None


def test_applying_without_a_status_stays_the_default(client, make, auth):
    company, add_url = _ready(client, make, auth)
    response = client.post(
        add_url, data={"organization": str(company.id), "applied_on": dmy(today_in_vietnam())}
    )
    assert response.status_code == 302
    assert db.session.scalar(select(Participation)).status == "applied"


def test_only_officers_add_participants(client, make, auth):
    member = make.user()
    company, add_url = _ready(client, make, auth)
    auth.logout()
    assert client.post(add_url, data={"organization": str(company.id)}).status_code in (302, 401)
    auth.login(member)
    assert client.post(add_url, data={"organization": str(company.id)}).status_code in (403, 404)
