"""What the desk's decisions change elsewhere: home page, search, API, and re-verification."""

from datetime import timedelta

from sqlalchemy import select

from directory import search
from directory.curation import services
from directory.curation.models import CurationEvent
from directory.extensions import db
from directory.organizations import services as organizations
from directory.timeutil import today_in_vietnam


def feature(officer, record, start_in=0, days=7, position=0, reason="Giải pháp tiêu biểu."):
    start = today_in_vietnam() + timedelta(days=start_in)
    return services.create_feature(
        officer, record, start, start + timedelta(days=days - 1), reason, position
    )


def test_featured_records_open_the_home_page(app, client, make):
    officer = make.user(role="officer")
    org = make.organization(name="Viện Công nghệ Môi trường Cao Lãnh", kind="institute")
    offering = make.offering(org, title="Lò đốt rác sinh hoạt quy mô xã")
    plain = make.offering(org, title="Dịch vụ quan trắc định kỳ")
    feature(officer, offering, reason="Đã lắp đặt tại 3 xã.")
    feature(officer, org, position=1)

    page = client.get("/").get_data(as_text=True)
    section = page.split('id="featured-heading"', 1)[1]
    assert "Lò đốt rác sinh hoạt quy mô xã" in section and "Đã lắp đặt tại 3 xã." in section
    assert "Viện Công nghệ Môi trường Cao Lãnh" in section
    assert section.index("Lò đốt rác") < section.index("Viện Công nghệ Môi trường Cao Lãnh")
    assert plain.title not in section.split("</section>", 1)[0]


def test_without_features_the_home_page_has_no_featured_section(app, client, make):
    officer = make.user(role="officer")
    feature(officer, make.offering(make.organization()), start_in=5)  # not yet
    assert 'id="featured-heading"' not in client.get("/").get_data(as_text=True)


def test_the_api_says_featured_only_during_the_period(app, client, make, monkeypatch):
    officer = make.user(role="officer")
    org = make.organization()
    offering = make.offering(org)
    assert client.get(f"/api/v1/organizations/{org.id}").get_json()["featured"] is False
    feature(officer, org, days=3)
    feature(officer, offering, days=3)
    assert client.get(f"/api/v1/organizations/{org.id}").get_json()["featured"] is True
    assert client.get(f"/api/v1/offerings/{offering.id}").get_json()["featured"] is True
    listed = client.get("/api/v1/organizations").get_json()["items"]
    assert [item["featured"] for item in listed if item["id"] == org.id] == [True]

    later = today_in_vietnam() + timedelta(days=3)
    monkeypatch.setattr("directory.curation.services.today_in_vietnam", lambda: later)
    assert client.get(f"/api/v1/organizations/{org.id}").get_json()["featured"] is False
    assert client.get(f"/api/v1/offerings/{offering.id}").get_json()["featured"] is False


def test_featured_offerings_lead_the_search_results_that_match(app, client, make):
    officer = make.user(role="officer")
    org = make.organization()
    best = make.offering(
        org,
        title="Xử lý nước thải sinh hoạt bằng công nghệ MBR",
        description="Xử lý nước thải sinh hoạt, nước thải khu dân cư.",
    )
    featured = make.offering(
        org,
        title="Bể tự hoại cải tiến",
        description="Dùng để xử lý nước thải sinh hoạt của hộ gia đình.",
    )
    unrelated = make.offering(org, title="Thu gom phế liệu nhựa", sectors=("recycling",))
    search.drain_outbox()
    before = [hit.id for hit in search.search("xử lý nước thải sinh hoạt", kind="offering").hits]
    assert before[0] == best.id and featured.id in before

    feature(officer, featured)
    feature(officer, unrelated)
    results = search.search("xử lý nước thải sinh hoạt", kind="offering")
    ids = [hit.id for hit in results.hits]
    assert ids[:2] == [featured.id, best.id]
    assert unrelated.id not in ids  # featured, but it does not match
    assert [hit.featured for hit in results.hits[:2]] == [True, False]
    page = client.get("/search?q=xử+lý+nước+thải+sinh+hoạt").get_data(as_text=True)
    assert page.index("Nổi bật") < page.index("Bể tự hoại cải tiến") < page.index("MBR")
    api = client.get("/api/v1/search?q=xử lý nước thải sinh hoạt&kind=offering").get_json()
    assert [(i["id"], i["featured"]) for i in api["items"][:2]] == [
        (featured.id, True),
        (best.id, False),
    ]


def test_the_verified_filter_and_badge_follow_the_officers_decision(app, client, make, auth):
    officer = make.user(role="officer")
    org = make.organization(name="Công ty Xử Lý Chất Thải Tân Hồng")
    make.organization(name="Công ty Xử Lý Chất Thải Hồng Ngự")
    auth.login(officer)
    client.post(f"/officer/verification/{org.id}/verify", data={"note": "Đủ giấy tờ."})
    verified = search.search("xử lý chất thải", kind="organization", filters={"verified": "1"})
    assert [hit.id for hit in verified.hits] == [org.id]


def test_a_verified_organization_that_changes_its_name_is_checked_again(app, client, make, auth):
    owner = make.user()
    org = make.organization(owner=owner, name="Công ty Môi trường Cũ", verification="verified")
    values = {"name": "Công ty Môi trường Mới", "enterprise_code": org.enterprise_code}

    with app.test_request_context():  # the edit page calls the service
        assert organizations.update_organization(owner, org, values) is True
    db.session.refresh(org)
    assert org.verification == "pending" and org.verified_at is None
    event = db.session.scalar(select(CurationEvent).filter_by(organization_id=org.id))
    assert event.action == "verification_reset"
    assert "Công ty Môi trường Cũ → Công ty Môi trường Mới" in event.note

    auth.login(make.user(role="officer"))
    queue = client.get("/officer/verification").get_data(as_text=True)
    assert "Công ty Môi trường Mới" in queue and "Chờ xác minh" in queue
    assert "Công ty Môi trường Cũ → Công ty Môi trường Mới" in client.get(
        f"/officer/verification/{org.id}"
    ).get_data(as_text=True)


def test_other_edits_and_officers_edits_keep_the_verification(app, make):
    owner = make.user()
    officer = make.user(role="officer")
    org = make.organization(owner=owner, name="Công ty Giữ Nguyên", verification="verified")
    same_identity = {
        "name": org.name,
        "enterprise_code": org.enterprise_code,
        "phone": "0277 3851 234",
    }
    by_officer = {"name": "Công ty Đổi Tên Bởi Sở", "enterprise_code": org.enterprise_code}
    with app.test_request_context():
        assert organizations.update_organization(owner, org, same_identity) is False
        assert organizations.update_organization(officer, org, by_officer) is False
    db.session.refresh(org)
    assert org.verification == "verified"
    assert db.session.scalars(select(CurationEvent)).all() == []
