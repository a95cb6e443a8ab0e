"""A need's contact person, phone and email are for signed-in members (issue 9, item 7)."""

import pytest


@pytest.fixture
def need_with_contact(make):
    buyer = make.organization(name="Ban quản lý CCN Tân Hương")
    return make.need(
        buyer,
        contact_name="Trần Thị Bình",
        contact_phone="0273 3871 234",
        contact_email="binh@ccn-example.vn",
    )


def contact_shown(page: str) -> bool:
    return any(v in page for v in ("Trần Thị Bình", "0273 3871 234", "binh@ccn-example.vn"))


@pytest.mark.parametrize("status", ["open", "closed", "expired"])
def test_an_anonymous_visitor_is_asked_to_sign_in_to_see_the_contact(
    client, make, need_with_contact, status
):
    from directory.extensions import db
    from directory.timeutil import today_in_vietnam

    if status == "closed":
        need_with_contact.status = "closed"
    if status == "expired":
        need_with_contact.deadline = today_in_vietnam().replace(year=2020)
    db.session.commit()

    page = client.get(f"/needs/{need_with_contact.id}").get_data(as_text=True)

    assert not contact_shown(page)
    assert "Đăng nhập để xem" in page
    assert f"/account/login?next=/needs/{need_with_contact.id}" in page


def test_a_signed_in_member_of_another_organization_sees_the_contact(
    client, auth, make, need_with_contact
):
    supplier = make.user()
    make.organization(owner=supplier)
    auth.login(supplier)

    page = client.get(f"/needs/{need_with_contact.id}").get_data(as_text=True)

    assert contact_shown(page)
    assert "Đăng nhập để xem" not in page


def test_signing_in_from_the_need_leads_back_to_it(client, auth, make, need_with_contact):
    user = make.user()
    response = client.post(
        f"/account/login?next=/needs/{need_with_contact.id}",
        data={"email": user.email, "password": "mật khẩu đủ dài 123"},
    )
    assert response.headers["Location"].endswith(f"/needs/{need_with_contact.id}")
