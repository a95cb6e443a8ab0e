"""Only officers of Sở Công Thương and admins reach the desk: every page and every POST."""

import pytest
from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.curation.models import Feature
from directory.extensions import db
from directory.timeutil import today_in_vietnam


@pytest.fixture
def records(make):
    owner = make.user()
    org = make.organization(owner=owner)
    offering = make.offering(org)
    need = make.need(org)
    feature = Feature(
        offering_id=offering.id,
        starts_on=today_in_vietnam(),
        ends_on=today_in_vietnam(),
        reason="Thử",
    )
    db.session.add(feature)
    db.session.commit()
    return {"owner": owner, "org": org, "offering": offering, "need": need, "feature": feature}


def pages(r):
    org, offering, need = r["org"].id, r["offering"].id, r["need"].id
    return [
        "/officer/verification",
        f"/officer/verification/{org}",
        "/officer/features",
        "/officer/features/new",
        "/officer/moderation",
        f"/officer/moderation/organization/{org}",
        f"/officer/moderation/offering/{offering}",
        f"/officer/moderation/need/{need}",
    ]


def posts(r):
    org, offering, need = r["org"].id, r["offering"].id, r["need"].id
    return [
        (f"/officer/verification/{org}/verify", {"note": "Đủ giấy tờ."}),
        (f"/officer/verification/{org}/reject", {"reason": "Thiếu giấy tờ."}),
        ("/officer/features/new", {"record": str(offering), "reason": "Hay", "position": "0"}),
        (f"/officer/features/{r['feature'].id}/end", {}),
        (f"/officer/moderation/offering/{offering}/hide", {"reason": "Sai."}),
        (f"/officer/moderation/need/{need}/unhide", {}),
        (f"/officer/moderation/organization/{org}/hide", {"reason": "Sai."}),
    ]


def assert_nothing_changed(r):
    db.session.expire_all()
    assert r["org"].verification == "unverified" and not r["org"].hidden
    assert not r["offering"].hidden
    assert len(db.session.scalars(select(Feature)).all()) == 1
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_anonymous_visitors_are_asked_to_sign_in(app, client, records):
    for path in pages(records):
        response = client.get(path)
        assert response.status_code == 302 and "/account/login" in response.location, path
    for path, data in posts(records):
        response = client.post(path, data=data)
        assert response.status_code == 302 and "/account/login" in response.location, path
    assert_nothing_changed(records)


@pytest.mark.parametrize("who", ["member", "owner"])
def test_members_and_owners_get_403(app, client, make, auth, records, who):
    auth.login(records["owner"] if who == "owner" else make.user())
    for path in pages(records):
        assert client.get(path).status_code == 403, path
    for path, data in posts(records):
        assert client.post(path, data=data).status_code == 403, path
    assert_nothing_changed(records)


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_officers_and_admins_reach_every_page(app, client, make, auth, records, role):
    auth.login(make.user(role=role))
    for path in pages(records):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "<title>" in response.get_data(as_text=True)


def test_the_officer_panel_links_to_the_desk(app, client, make, auth, records):
    org = records["org"]
    auth.login(make.user(role="officer"))
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert f"/officer/verification/{org.id}" in page
    assert f"/officer/moderation/organization/{org.id}" in page
    assert f"/officer/features/new?kind=organization&amp;id={org.id}" in page
    auth.logout()
    auth.login(make.user())
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "/officer/" not in page.split("<main", 1)[1]
