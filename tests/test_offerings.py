"""Members describe what their organization offers; outsiders only read what is published."""

import pytest

from directory.extensions import db
from directory.offerings.models import Offering
from directory.reference.models import Commune

from .builders import Builders
from .conftest import PASSWORD, first_link

MY_THO = "28261"  # Phường Mỹ Tho
SA_DEC = "29905"  # Phường Sa Đéc


def offering_form(**changes):
    data = {
        "type": "technology",
        "title": "Hệ thống xử lý nước thải sinh hoạt công nghệ MBR",
        "description": "Màng lọc sinh học, nước sau xử lý đạt cột A.\nLắp đặt trong 30 ngày.",
        "sectors": ["wastewater", "water-supply"],
        "capacity": "20–500 m³/ngày",
        "standards": "QCVN 14:2025/BTNMT\n\n  QCVN 40:2011/BTNMT  \nQCVN 14:2025/BTNMT",
        "eco_label": "Nhãn Xanh Việt Nam",
        "service_area": [MY_THO, SA_DEC],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def offerings():
    db.session.expire_all()
    return list(db.session.scalars(db.select(Offering)))


def test_sign_up_register_add_an_offering_and_find_it_in_the_directory(client, auth, make, outbox):
    client.post(
        "/account/signup",
        data={
            "name": "Trần Thị Lan",
            "email": "lan@xanh.vn",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    client.get(first_link(outbox()[-1][2]))  # the confirmation mail
    response = client.post(
        "/organizations/new",
        data={"kind": "company", "name": "Công ty TNHH Xanh Sa Đéc", "commune": SA_DEC},
    )
    assert response.status_code == 302
    # With one organization, "add an offering" goes straight to its form.
    response = client.get("/offerings/new")
    assert response.status_code == 302 and "org=" in response.headers["Location"]
    form_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Công ty TNHH Xanh Sa Đéc" in form_page and "Xử lý nước thải" in form_page

    response = client.post(response.headers["Location"], data=offering_form())
    assert response.status_code == 302
    (offering,) = offerings()
    assert offering.published and offering.organization.name == "Công ty TNHH Xanh Sa Đéc"
    assert offering.standards == ["QCVN 14:2025/BTNMT", "QCVN 40:2011/BTNMT"]
    assert sorted(s.code for s in offering.sectors) == ["wastewater", "water-supply"]
    assert sorted(c.code for c in offering.service_area) == sorted([SA_DEC, MY_THO])

    auth.logout()
    listing = client.get("/offerings/?sector=wastewater").get_data(as_text=True)
    assert "Hệ thống xử lý nước thải sinh hoạt công nghệ MBR" in listing
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "<title>Hệ thống xử lý nước thải sinh hoạt công nghệ MBR" in page
    assert "20–500 m³/ngày" in page and "QCVN 40:2011/BTNMT" in page
    assert "Phường Mỹ Tho, Phường Sa Đéc" in page and "Nhãn Xanh Việt Nam" in page
    assert "Sửa" not in page
    org_page = client.get(f"/organizations/{offering.organization_id}").get_data(as_text=True)
    assert "Hệ thống xử lý nước thải sinh hoạt công nghệ MBR" in org_page


def test_an_empty_service_area_means_the_whole_province(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    client.post(f"/offerings/new?org={org.id}", data=offering_form(service_area=None))
    (offering,) = offerings()
    assert offering.service_area == []
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Toàn tỉnh Đồng Tháp" in page


def test_a_supplier_serves_a_whole_former_district_with_one_tick(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    form_page = client.get(f"/offerings/new?org={org.id}").get_data(as_text=True)
    assert '<legend>Lĩnh vực <span class="req" aria-hidden="true">*</span></legend>' in form_page
    assert "Cả khu vực TP Mỹ Tho (Tiền Giang)" in form_page
    client.post(
        f"/offerings/new?org={org.id}",
        data=offering_form(service_area=[SA_DEC], service_area_groups=["TP Mỹ Tho (Tiền Giang)"]),
    )
    (offering,) = offerings()
    my_tho = db.session.scalars(
        db.select(Commune.code).where(Commune.former_area.startswith("TP Mỹ Tho"))
    ).all()
    assert len(my_tho) > 1
    assert sorted(c.code for c in offering.service_area) == sorted([SA_DEC, *my_tho])
    edit_page = client.get(f"/offerings/{offering.id}/edit").get_data(as_text=True)
    assert f"{len(my_tho)} đã chọn" in edit_page  # the chosen areas open with a count


def test_sector_names_follow_the_visitors_language(app, client):
    # Built in an app context of its own: requests must not share one (the locale is per request).
    with app.app_context():
        builders = Builders(PASSWORD)
        offering_id = builders.offering(builders.organization(), sectors=("wastewater",)).id
    assert "Xử lý nước thải" in client.get(f"/offerings/{offering_id}").get_data(as_text=True)
    client.post("/language", data={"lang": "en"})
    page = client.get(f"/offerings/{offering_id}").get_data(as_text=True)
    assert "Wastewater" in page and "Xử lý nước thải" not in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"title": ""}, "Vui lòng nhập tên."),
        ({"title": "x" * 301}, "Tối đa 300 ký tự."),
        ({"type": "magic"}, "Lựa chọn không hợp lệ."),
        ({"sectors": None}, "Vui lòng chọn ít nhất một lĩnh vực."),
        ({"sectors": ["wastewater", "alchemy"]}, "Có lĩnh vực không có trong danh sách."),
        ({"service_area": ["00000"]}, "Có xã, phường không có trong danh sách"),
        ({"service_area_groups": ["Huyện Ma"]}, "Có khu vực không có trong danh sách"),
        ({"standards": "\n".join(f"QCVN {i}" for i in range(31))}, "Tối đa 30 quy chuẩn"),
        ({"standards": "Q" * 201}, "Mỗi quy chuẩn tối đa 200 ký tự."),
        ({"capacity": "9" * 201}, "Tối đa 200 ký tự."),
        ({"description": "mô tả " * 2000}, "Tối đa 10000 ký tự."),
    ],
)
def test_bad_offering_input_is_explained_and_nothing_is_saved(client, auth, make, changes, message):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    response = client.post(f"/offerings/new?org={org.id}", data=offering_form(**changes))
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and message in page
    assert "20–500 m³/ngày" in page or "capacity" in changes  # kept what was typed
    assert offerings() == []


def test_a_user_of_several_organizations_chooses_one(client, auth, make):
    user = make.user()
    make.organization(owner=user, name="Công ty A")
    make.organization(owner=user, name="Hợp tác xã B")
    auth.login(user)
    page = client.get("/offerings/new").get_data(as_text=True)
    assert "Công ty A" in page and "Hợp tác xã B" in page
    assert client.get("/offerings/new?org=abc").status_code == 200


def test_a_user_without_an_organization_is_asked_to_register_one(client, auth, make):
    auth.login(make.user())
    response = client.get("/offerings/new")
    assert response.status_code == 302 and response.headers["Location"].endswith(
        "/organizations/new"
    )


def test_members_edit_unpublish_republish_and_delete_after_confirming(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner)
    offering = make.offering(org, title="Lò đốt chất thải rắn")
    auth.login(owner)

    form = client.get(f"/offerings/{offering.id}/edit").get_data(as_text=True)
    assert "Lò đốt chất thải rắn" in form
    response = client.post(
        f"/offerings/{offering.id}/edit",
        data=offering_form(title="Lò đốt chất thải rắn 500 kg/giờ", type="equipment"),
    )
    assert response.status_code == 302
    assert offerings()[0].title == "Lò đốt chất thải rắn 500 kg/giờ"

    client.post(f"/offerings/{offering.id}/unpublish")
    assert offerings()[0].published is False
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "Ngừng đăng" in page and "Đăng lại" in page
    client.post(f"/offerings/{offering.id}/publish")
    assert offerings()[0].published is True

    confirm = client.get(f"/offerings/{offering.id}/delete")
    assert confirm.status_code == 200 and "Xóa giải pháp này?" in confirm.get_data(as_text=True)
    assert offerings()  # asking is not deleting
    response = client.post(f"/offerings/{offering.id}/delete")
    assert response.status_code == 302
    assert offerings() == []


def test_officers_manage_offerings_of_any_organization(client, auth, make):
    offering = make.offering(make.organization(owner=make.user()))
    auth.login(make.user(role="officer"))
    assert client.post(f"/offerings/{offering.id}/unpublish").status_code == 302
    assert offerings()[0].published is False


def test_outsiders_cannot_change_offerings(client, auth, make):
    org = make.organization(owner=make.user())
    offering = make.offering(org, title="Giữ nguyên")
    gets = [
        f"/offerings/new?org={org.id}",
        f"/offerings/{offering.id}/edit",
        f"/offerings/{offering.id}/delete",
    ]
    posts = [
        f"/offerings/new?org={org.id}",
        f"/offerings/{offering.id}/edit",
        f"/offerings/{offering.id}/unpublish",
        f"/offerings/{offering.id}/publish",
        f"/offerings/{offering.id}/delete",
    ]
    for url in gets:
        response = client.get(url)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    for url in posts:
        response = client.post(url, data=offering_form(title="Đã bị sửa"))
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    auth.login(make.user())
    for url in gets:
        assert client.get(url).status_code == 403, url
    for url in posts:
        assert client.post(url, data=offering_form(title="Đã bị sửa")).status_code == 403, url
    (offering,) = offerings()
    assert offering.title == "Giữ nguyên" and offering.published
    page = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "/edit" not in page


def test_unpublished_offerings_are_404_for_outsiders_but_visible_to_members_and_officers(
    client, auth, make
):
    member = make.user()
    org = make.organization(owner=member)
    draft = make.offering(org, title="Bản nháp", published=False)
    hidden = make.offering(org, title="Bị ẩn", hidden=True)
    secret_org = make.organization(owner=make.user(), hidden=True)
    in_hidden_org = make.offering(secret_org, title="Của tổ chức bị ẩn")

    for offering in (draft, hidden, in_hidden_org):
        assert client.get(f"/offerings/{offering.id}").status_code == 404
    assert "Bản nháp" not in client.get(f"/organizations/{org.id}").get_data(as_text=True)
    listing = client.get("/offerings/").get_data(as_text=True)
    assert "Bản nháp" not in listing and "Bị ẩn" not in listing
    assert "Của tổ chức bị ẩn" not in listing

    auth.login(make.user())
    assert client.get(f"/offerings/{draft.id}").status_code == 404
    assert client.get(f"/offerings/{draft.id}/edit").status_code == 404
    assert client.post(f"/offerings/{draft.id}/publish").status_code == 404
    auth.logout()

    auth.login(member)
    assert client.get(f"/offerings/{draft.id}").status_code == 200
    assert client.get(f"/offerings/{hidden.id}").status_code == 200
    assert "Bản nháp" in client.get(f"/organizations/{org.id}").get_data(as_text=True)
    auth.logout()

    auth.login(make.user(role="officer"))
    for offering in (draft, hidden, in_hidden_org):
        assert client.get(f"/offerings/{offering.id}").status_code == 200


def test_odd_offering_ids_are_404(client, auth, make):
    auth.login(make.user(role="officer"))
    for offering_id in ("0", "424242", "99999999999999999999"):
        assert client.get(f"/offerings/{offering_id}").status_code == 404
        assert client.post(f"/offerings/{offering_id}/delete").status_code == 404
    for org in ("", "abc", "²", "99999999999999999999", "-3"):
        assert client.get(f"/offerings/new?org={org}").status_code in (200, 302)


def test_listing_cards_show_whether_the_supplier_is_verified_and_its_capacity(client, make):
    checked = make.organization(name="Công ty Đã Kiểm Tra", verification="verified")
    unchecked = make.organization(name="Công ty Mới Đăng Ký")
    make.offering(checked, title="Trạm xử lý nước thải MBBR", capacity="50–500 m³/ngày")
    make.offering(unchecked, title="Thiết bị quan trắc pH tự động")

    page = " ".join(client.get("/offerings/").get_data(as_text=True).split())
    assert 'Công ty Đã Kiểm Tra</a> <span class="badge">Đã xác minh</span>' in page
    assert 'Công ty Mới Đăng Ký</a> <span class="badge badge-muted">Chưa xác minh</span>' in page
    assert "Công suất, năng lực: 50–500 m³/ngày" in page
