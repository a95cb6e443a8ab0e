"""Only the owning organization's members (and officers) change a need; drafts stay private."""

import pytest

from directory.extensions import db
from directory.needs.models import Need

from .test_needs import need_form

CHANGES = [
    ("get", "/needs/{id}/edit"),
    ("post", "/needs/{id}/edit"),
    ("post", "/needs/{id}/publish"),
    ("get", "/needs/{id}/close"),
    ("post", "/needs/{id}/close"),
    ("post", "/needs/{id}/reopen"),
    ("get", "/needs/{id}/extend"),
    ("post", "/needs/{id}/extend"),
    ("get", "/needs/{id}/delete"),
    ("post", "/needs/{id}/delete"),
]


def request(client, method, path, need):
    url = path.format(id=need.id)
    if method == "post":
        return client.post(url, data=need_form(reason="cancelled", deadline="2099-01-01"))
    return client.get(url)


@pytest.mark.parametrize(("method", "path"), CHANGES)
def test_anonymous_visitors_are_sent_to_sign_in(client, make, method, path):
    need = make.need(make.organization(owner=make.user()), status="draft")
    response = request(client, method, path, need)
    assert response.status_code == 302
    assert "/account/login" in response.headers["Location"]
    assert db.session.get(Need, need.id).status == "draft"


@pytest.mark.parametrize(("method", "path"), CHANGES)
def test_outsiders_may_not_change_a_published_need(client, auth, make, method, path):
    need = make.need(make.organization(owner=make.user()))
    auth.login(make.user())
    assert request(client, method, path, need).status_code == 403
    db.session.refresh(need)
    assert need.status == "open" and need.title.startswith("Cần nâng cấp")


@pytest.mark.parametrize(("method", "path"), [*CHANGES, ("get", "/needs/{id}")])
def test_outsiders_do_not_learn_that_a_draft_exists(client, auth, make, method, path):
    need = make.need(make.organization(owner=make.user()), status="draft")
    auth.login(make.user())
    assert request(client, method, path, need).status_code == 404
    assert db.session.get(Need, need.id) is not None


def test_hidden_needs_and_needs_of_hidden_organizations_are_404_for_outsiders(client, make):
    owner = make.user()
    hidden_need = make.need(make.organization(owner=owner), hidden=True)
    of_hidden_org = make.need(make.organization(hidden=True))
    for need in (hidden_need, of_hidden_org):
        assert client.get(f"/needs/{need.id}").status_code == 404
        assert need.title not in client.get("/needs/").get_data(as_text=True)


def test_members_see_their_hidden_need_with_the_officers_reason(client, auth, make):
    owner = make.user()
    need = make.need(
        make.organization(owner=owner), hidden=True, hidden_reason="Thông tin liên hệ sai."
    )
    auth.login(owner)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Đã bị ẩn" in page and "Thông tin liên hệ sai." in page


def test_any_member_not_only_the_owner_manages_the_organizations_needs(client, auth, make):
    colleague = make.user()
    org = make.organization(owner=make.user(), members=[colleague])
    need = make.need(org)
    auth.login(colleague)
    client.post(f"/needs/{need.id}/close", data={"reason": "cancelled"})
    db.session.refresh(need)
    assert need.status == "closed" and need.close_reason == "cancelled"


def test_an_officer_manages_any_need_and_may_post_for_any_organization(client, auth, make):
    officer = make.user(role="officer")
    org = make.organization(owner=make.user(), name="UBND Xã Tân Hương")
    draft = make.need(org, status="draft")
    auth.login(officer)
    assert client.get(f"/needs/{draft.id}").status_code == 200
    client.post(f"/needs/{draft.id}/publish")
    db.session.refresh(draft)
    assert draft.status == "open"

    page = client.get(f"/needs/new?org={org.id}").get_data(as_text=True)
    assert "UBND Xã Tân Hương" in page
    client.post(f"/needs/new?org={org.id}", data=need_form(organization=str(org.id)))
    assert len(db.session.scalars(db.select(Need).filter_by(organization_id=org.id)).all()) == 2


def test_nobody_posts_for_an_organization_they_do_not_belong_to(client, auth, make):
    user = make.user()
    mine = make.organization(owner=user)
    theirs = make.organization(owner=make.user())
    auth.login(user)
    assert client.get(f"/needs/new?org={theirs.id}").status_code == 403
    assert client.get("/needs/new?org=987654").status_code == 404
    # Forging the select's value does not work either.
    page = client.post("/needs/new", data=need_form(organization=str(theirs.id)))
    assert "Bạn không thể đăng nhu cầu cho tổ chức này" in page.get_data(as_text=True)
    assert db.session.scalars(db.select(Need)).first() is None
    assert client.get(f"/needs/new?org={mine.id}").status_code == 200


def test_the_need_page_offers_actions_only_to_those_who_may_take_them(client, auth, make):
    owner = make.user()
    need = make.need(make.organization(owner=owner))
    assert "Đóng nhu cầu" not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    auth.login(make.user())
    assert "Đóng nhu cầu" not in client.get(f"/needs/{need.id}").get_data(as_text=True)
    auth.logout()
    auth.login(owner)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Đóng nhu cầu" in page and "Gia hạn" in page and "Sửa" in page


@pytest.mark.parametrize("org", ["abc", "-1", "0", "١٢", "9" * 5000, "99999999999", "1.5"])
def test_odd_org_parameters_fall_back_to_the_users_own_organizations(client, auth, make, org):
    user = make.user()
    mine = make.organization(owner=user, name="Nhà máy xay xát Tân Hồng")
    auth.login(user)
    response = client.get(f"/needs/new?org={org}")
    assert response.status_code == 200
    assert f'<option selected value="{mine.id}">' in response.get_data(as_text=True)
