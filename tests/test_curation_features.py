"""Officers put good offerings and organizations in front of buyers for a while."""

from datetime import timedelta

import pytest
from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.curation import services
from directory.curation.models import Feature
from directory.extensions import db
from directory.timeutil import today_in_vietnam


def dmy(day) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.fixture
def officer(make, auth):
    user = make.user(role="officer")
    auth.login(user)
    return user


def feature_form(target, days=7, start=None, **changes):
    start = start or today_in_vietnam()
    data = {
        "kind": "offering",
        "record": str(target.id),
        "starts_on": start.isoformat(),
        "ends_on": (start + timedelta(days=days - 1)).isoformat(),
        "reason": "Công nghệ MBR tiết kiệm điện, phù hợp khu công nghiệp.",
        "position": "1",
    }
    data.update(changes)
    return data


def test_a_feature_shows_for_its_period_and_stops_by_itself(
    app, client, make, officer, monkeypatch
):
    org = make.organization(owner=make.user())
    offering = make.offering(org, title="Trạm xử lý nước thải MBR 50 m³/ngày")
    form_page = client.get(f"/officer/features/new?kind=offering&id={offering.id}")
    assert form_page.status_code == 200
    assert f'value="{offering.id}"' in form_page.get_data(as_text=True)

    response = client.post("/officer/features/new", data=feature_form(offering, days=7))
    assert response.status_code == 302
    overview = client.get(response.location).get_data(as_text=True)
    assert "Trạm xử lý nước thải MBR 50 m³/ngày" in overview
    assert "tiết kiệm điện" in overview

    assert services.is_featured(offering)
    assert services.featured_ids("offering") == {offering.id}
    assert services.featured_ids("organization") == set()
    assert [f.record for f in services.featured_items()] == [offering]
    [entry] = db.session.scalars(select(AuditEntry).filter_by(action="offering.feature")).all()
    assert entry.object_type == "offerings" and entry.object_id == offering.id
    assert entry.after["position"] == 1

    # A week later, the period is over: nothing to switch off.
    week_later = today_in_vietnam() + timedelta(days=7)
    monkeypatch.setattr("directory.curation.services.today_in_vietnam", lambda: week_later)
    assert not services.is_featured(offering, day=week_later)
    assert services.featured_items() == []
    overview = client.get("/officer/features").get_data(as_text=True)
    assert overview.index("Đã kết thúc gần đây") < overview.index("Trạm xử lý nước thải MBR")


def test_an_upcoming_feature_waits_for_its_start(app, client, make, officer):
    offering = make.offering(make.organization())
    start = today_in_vietnam() + timedelta(days=3)
    client.post(
        "/officer/features/new", data=feature_form(offering, start=start), follow_redirects=True
    )
    assert not services.is_featured(offering)
    assert services.is_featured(offering, day=start)
    page = client.get("/officer/features").get_data(as_text=True)
    assert page.index("Sắp tới") < page.index(offering.title) < page.index("Đã kết thúc")


def test_an_organization_can_be_featured_from_a_pasted_link(app, client, make, officer):
    org = make.organization(name="Viện Môi trường Đồng Tháp", kind="institute")
    data = feature_form(org, record=f"http://localhost/organizations/{org.id}", kind="offering")
    assert client.post("/officer/features/new", data=data).status_code == 302
    assert services.featured_ids("organization") == {org.id}
    assert services.is_featured(org)


def test_featured_items_follow_the_officers_order(app, client, make, officer):
    org = make.organization()
    second = make.offering(org, title="Thiết bị lọc bụi tĩnh điện")
    first = make.offering(org, title="Lò đốt chất thải rắn")
    client.post("/officer/features/new", data=feature_form(second, position="5"))
    client.post("/officer/features/new", data=feature_form(first, position="0"))
    assert [f.record for f in services.featured_items()] == [first, second]
    assert [f.record for f in services.featured_items(limit=1)] == [first]


def test_ending_a_feature_takes_it_off_now(app, client, make, officer):
    offering = make.offering(make.organization())
    client.post("/officer/features/new", data=feature_form(offering))
    feature = db.session.scalar(select(Feature))
    response = client.post(f"/officer/features/{feature.id}/end")
    assert response.status_code == 302
    assert not services.is_featured(offering)
    assert db.session.scalars(select(Feature)).all() == []
    [entry] = db.session.scalars(select(AuditEntry).filter_by(action="offering.unfeature")).all()
    assert entry.before["offering_id"] == offering.id
    assert client.post(f"/officer/features/{feature.id}/end").status_code == 404


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"reason": ""}, "Vui lòng ghi ngắn gọn lý do."),
        ({"reason": "x" * 301}, "Tối đa 300 ký tự."),
        ({"record": ""}, "Vui lòng nhập số ID"),
        ({"record": "abc"}, "Không hiểu bản ghi này"),
        ({"record": "99999999999999999999"}, "Không hiểu bản ghi này"),
        ({"record": "999999"}, "Không tìm thấy bản ghi này."),
        ({"kind": "need"}, "Giá trị không có trong danh sách."),
        ({"starts_on": "31/02/2026"}, "Ngày không hợp lệ"),
        ({"ends_on": ""}, "Vui lòng chọn ngày kết thúc."),
        ({"position": "99999999999999999999"}, "từ 0 đến 999"),
        ({"position": "abc"}, "Vui lòng nhập một số nguyên."),
        ({"position": "-1"}, "từ 0 đến 999"),
    ],
)
def test_bad_feature_input_is_explained_and_changes_nothing(
    app, client, make, officer, changes, message
):
    offering = make.offering(make.organization())
    data = feature_form(offering, **changes)
    response = client.post("/officer/features/new", data=data)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    if changes.get("reason"):
        assert changes["reason"] in page  # the form keeps what was typed
    assert db.session.scalars(select(Feature)).all() == []
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_periods_must_make_sense(app, client, make, officer):
    today = today_in_vietnam()
    offering = make.offering(make.organization())
    backwards = feature_form(offering, ends_on=(today - timedelta(days=1)).isoformat())
    assert "Ngày kết thúc phải từ ngày bắt đầu" in client.post(
        "/officer/features/new", data=backwards
    ).get_data(as_text=True)
    past = feature_form(
        offering,
        starts_on=dmy(today - timedelta(days=10)),
        ends_on=dmy(today - timedelta(days=1)),
    )
    assert "Ngày kết thúc đã qua" in client.post("/officer/features/new", data=past).get_data(
        as_text=True
    )
    too_long = feature_form(offering, days=400)
    assert "tối đa 366 ngày" in client.post("/officer/features/new", data=too_long).get_data(
        as_text=True
    )
    assert client.post("/officer/features/new", data=feature_form(offering)).status_code == 302
    overlap = feature_form(offering, start=today + timedelta(days=3))
    response = client.post("/officer/features/new", data=overlap)
    assert response.status_code == 400
    assert "trùng thời gian" in response.get_data(as_text=True)
    assert len(db.session.scalars(select(Feature)).all()) == 1


def test_hidden_records_cannot_be_featured(app, client, make, officer):
    offering = make.offering(make.organization(), hidden=True, hidden_reason="Sai lĩnh vực.")
    draft = make.offering(make.organization(), published=False)
    for record in (offering, draft):
        response = client.post("/officer/features/new", data=feature_form(record))
        assert response.status_code == 400
        assert "không thể nổi bật" in response.get_data(as_text=True)


def test_a_featured_record_hidden_later_leaves_the_home_page(app, client, make, officer):
    offering = make.offering(make.organization())
    client.post("/officer/features/new", data=feature_form(offering))
    offering.hidden = True
    db.session.commit()
    assert services.featured_items() == []
    page = client.get("/officer/features").get_data(as_text=True)
    assert "Đang ẩn, không hiển thị" in page
