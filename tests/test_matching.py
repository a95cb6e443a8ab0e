"""Matching: a need's shortlist of offerings and an offering's open needs, with reasons."""

import pytest

from directory import search
from directory.extensions import db


@pytest.fixture
def province(make):
    """Suppliers for wastewater, dust and compost, and a cluster that needs a wastewater plant."""
    green = make.organization(name="Công ty Môi trường Xanh", verification="verified")
    other = make.organization(name="Công ty Cơ khí Tiền Giang")
    offers = {
        "plant": make.offering(
            green,
            title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
            description="Thiết kế, thi công trạm XLNT công suất 500–3.000 m³/ngày, công nghệ SBR.",
        ),
        "dust": make.offering(
            other,
            title="Lọc bụi túi vải cho lò hơi",
            description="Lọc bụi lò hơi đốt trấu.",
            sectors=("air",),
            type="equipment",
        ),
        "compost": make.offering(
            other,
            title="Dây chuyền ủ phân compost",
            description="Ủ phân hữu cơ từ phụ phẩm nông nghiệp.",
            sectors=("solid-waste-treatment",),
        ),
    }
    cluster = make.organization(name="Ban quản lý CCN Tân Hương", kind="industrial_cluster")
    need = make.need(
        cluster,
        title="Cần đầu tư trạm XLNT tập trung cho cụm công nghiệp",
        description="Nước thải cụm công nghiệp khoảng 800 m³/ngày chưa được xử lý.",
        sectors=("wastewater",),
        commune="Xã Tân Hương",
    )
    return offers, need


def test_a_need_gets_the_fitting_offering_first_with_reasons(app, province):
    offers, need = province
    with app.test_request_context():
        found = search.matches_for_need(need)
    assert found[0].id == offers["plant"].id
    reasons = " | ".join(found[0].reasons)
    assert "Cùng lĩnh vực: Xử lý nước thải" in reasons
    assert "Khớp từ khóa:" in reasons and "cụm công nghiệp" in reasons
    assert "Phục vụ toàn tỉnh" in reasons
    assert "Tổ chức đã được xác minh" in reasons
    assert offers["dust"].id not in [m.id for m in found[:1]]
    assert all(found[i].score >= found[i + 1].score for i in range(len(found) - 1))


def test_an_offering_that_does_not_serve_the_commune_ranks_lower(app, make, province):
    offers, need = province
    far = make.organization(name="Công ty Nước Sạch Cao Lãnh", verification="verified")
    elsewhere = make.offering(
        far,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thiết kế, thi công trạm XLNT công suất 500–3.000 m³/ngày, công nghệ SBR.",
        service_area=("Phường Mỹ Tho",),
    )
    with app.test_request_context():
        found = search.matches_for_need(need)
    ids = [m.id for m in found]
    assert ids.index(offers["plant"].id) < ids.index(elsewhere.id)
    reasons = next(m.reasons for m in found if m.id == elsewhere.id)
    assert "Không phục vụ Xã Tân Hương" in reasons


def test_a_need_without_sectors_still_finds_offerings_by_its_words(app, make, province):
    offers, _ = province
    farm = make.organization(name="HTX Nông nghiệp Mỹ An")
    need = make.need(farm, title="can u phan huu co tu phu pham nong nghiep", sectors=())
    with app.test_request_context():
        found = search.matches_for_need(need)
    assert found[0].id == offers["compost"].id


def test_an_offering_sees_only_open_public_needs(app, make, province):
    offers, need = province
    cluster = need.organization
    make.need(cluster, title="Trạm XLNT cụm công nghiệp (nháp)", status="draft")
    make.need(cluster, title="Trạm XLNT cụm công nghiệp đã xong", status="closed")
    make.need(cluster, title="Trạm XLNT cụm công nghiệp quá hạn", deadline_in_days=-3)
    make.need(cluster, title="Trạm XLNT cụm công nghiệp bị ẩn", hidden=True)
    with app.test_request_context():
        found = search.needs_for_offering(offers["plant"])
    assert [m.id for m in found] == [need.id]
    assert any(r.startswith("Cùng lĩnh vực") for r in found[0].reasons)


def test_hidden_offerings_never_match(app, province):
    offers, need = province
    with app.test_request_context():
        offers["plant"].hidden = True
        db.session.commit()
        assert offers["plant"].id not in [m.id for m in search.matches_for_need(need)]
        offers["plant"].hidden = False
        offers["plant"].organization.hidden = True
        db.session.commit()
        assert offers["plant"].id not in [m.id for m in search.matches_for_need(need)]


def test_a_need_with_no_useful_words_gets_no_matches(app, make, province):
    _, need = province
    need.title = "???"
    need.description = ""
    with app.test_request_context():
        assert search.matches_for_need(need) == []


def test_the_need_owner_sees_matches_on_the_need_page(client, auth, make, province):
    offers, need = province
    owner = make.user()
    make_membership(need.organization, owner)
    auth.login(owner)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Giải pháp phù hợp với nhu cầu này" in page
    assert offers["plant"].title in page
    assert "Cùng lĩnh vực" in page


def test_anyone_sees_a_published_needs_matches_and_only_its_buyer_gets_contact_buttons(
    client, auth, make, province
):
    offers, need = province
    # design.md: the matches of a published need or offering are public, web and API alike.
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Giải pháp phù hợp với nhu cầu này" in page and offers["plant"].title in page
    api = client.get(f"/api/v1/needs/{need.id}/matches").json
    assert offers["plant"].id in [m["offering"]["id"] for m in api["matches"]]
    auth.login(make.user())  # a signed-in outsider: sees them, has no one to contact for the need
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert offers["plant"].title in page and "/conversations/contact/" not in page
    auth.logout()
    buyer = make.user()
    make_membership(need.organization, buyer)
    auth.login(buyer)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert f"/conversations/contact/{offers['plant'].id}?need={need.id}" in page
    auth.logout()
    auth.login(make.user(role="officer"))
    page = client.get(f"/offerings/{offers['plant'].id}").get_data(as_text=True)
    assert "Nhu cầu đang mở phù hợp với giải pháp này" in page
    assert need.title in page


def test_a_draft_needs_matches_are_for_its_own_people_only(client, auth, make, province):
    _offers, need = province
    need.status = "draft"
    db.session.commit()
    buyer = make.user()
    make_membership(need.organization, buyer)
    auth.login(make.user())
    assert client.get(f"/needs/{need.id}").status_code == 404
    auth.logout()
    auth.login(buyer)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Giải pháp phù hợp với nhu cầu này" in page


def make_membership(org, user, role="owner"):
    from directory.organizations.models import Membership

    db.session.add(Membership(user=user, organization=org, role=role))
    db.session.commit()
