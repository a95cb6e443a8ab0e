"""Accounts and needs off the happy path: links that no longer point at a usable account, a
sign-in flood from one address, and need changes the services refuse whoever calls them."""

from datetime import timedelta

import pytest

from directory.accounts import services as accounts
from directory.accounts.models import User
from directory.domain import DomainError
from directory.extensions import db
from directory.needs import services as needs
from directory.needs.models import Need
from directory.timeutil import today_in_vietnam

from .conftest import PASSWORD
from .test_needs import need_form

# Accounts --------------------------------------------------------------------------------------


def test_a_confirmation_link_of_a_deleted_account_or_an_odd_one_says_it_is_invalid(client, make):
    user = make.user(email="moi@example.vn", confirmed=False)
    link = f"/account/confirm/{accounts.confirmation_token(user)}"
    odd = f"/account/confirm/{accounts._confirm_serializer().dumps(['1', user.email])}"
    db.session.delete(user)
    db.session.commit()
    for url in (link, odd):
        response = client.get(url, follow_redirects=True)
        assert "Liên kết xác nhận không hợp lệ hoặc đã hết hạn." in response.text
    assert db.session.scalar(db.select(User)) is None


def test_a_reset_link_of_a_deactivated_account_or_an_odd_one_says_it_is_invalid(client, make):
    user = make.user(email="cu@example.vn")
    link = f"/account/reset/{accounts.reset_token(user)}"
    odd = f"/account/reset/{accounts._serializer().dumps({'id': user.id})}"
    user.active = False
    db.session.commit()
    for url in (link, odd):
        response = client.get(url, follow_redirects=True)
        assert "Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn." in response.text
    before = user.password_hash
    client.post(link, data={"password": "mật khẩu mới dài dài", "confirm": "mật khẩu mới dài dài"})
    db.session.refresh(user)
    assert user.password_hash == before


@pytest.mark.app_config(LOGIN_MAX_FAILURES_PER_IP=3)
def test_one_address_trying_many_accounts_is_slowed_down_even_with_a_right_password(
    client, auth, make
):
    user = make.user(email="that@example.vn")
    for n in range(3):
        assert auth.login(f"doan{n}@example.vn", password="sai mật khẩu").status_code == 200
    response = auth.login(user)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 800  # the rest of the 15-minute window
    assert "Đăng nhập sai nhiều lần." in response.text


def test_an_unknown_role_or_a_taken_address_is_refused(app, make):
    user = make.user(email="co@example.vn")
    with pytest.raises(ValueError, match="unknown role 'boss'") as mistake:
        accounts.create_user("moi@example.vn", PASSWORD, role="boss")
    assert not isinstance(mistake.value, DomainError)  # the caller's mistake, not the user's
    with pytest.raises(accounts.AccountError) as taken:
        accounts.create_user(" CO@example.vn ", PASSWORD)
    assert taken.value.code == "email-taken"
    with app.test_request_context():
        assert taken.value.message == (
            "Email này đã được đăng ký. Hãy đăng nhập hoặc đặt lại mật khẩu."
        )
    with pytest.raises(ValueError, match="unknown role 'boss'"):
        accounts.set_role(user, "boss")
    db.session.refresh(user)
    assert user.role == "member"
    assert db.session.scalar(db.select(db.func.count()).select_from(User)) == 1


# Needs -----------------------------------------------------------------------------------------


@pytest.fixture
def poster(app, make):
    owner = make.user()
    return owner, make.organization(owner=owner)


def _values(**changes):
    values = {
        "title": "Cần xử lý bùn thải",
        "description": "",
        "sector_codes": [],
        "deadline": today_in_vietnam() + timedelta(days=30),
    }
    values.update(changes)
    return values


@pytest.mark.parametrize(
    "changes, code, field",
    [
        ({"sector_codes": ["no-such-sector"]}, "unknown-sector", "sectors"),
        ({"commune_code": "99999"}, "unknown-commune", "commune"),
        ({"industrial_zone_id": 999999}, "unknown-zone", "industrial_zone"),
        ({"procurement": "barter"}, "unknown-procurement", "procurement"),
    ],
)
def test_codes_no_list_has_are_refused_and_nothing_is_saved(poster, changes, code, field):
    owner, org = poster
    with pytest.raises(needs.NeedError) as refused:
        needs.create_need(owner, org, _values(**changes), publish=True)
    assert (refused.value.code, refused.value.field) == (code, field)
    assert db.session.scalar(db.select(Need)) is None


def test_a_draft_published_from_its_edit_page_goes_on_the_board(client, auth, make, poster):
    owner, org = poster
    draft = needs.create_need(owner, org, _values(), publish=False)
    auth.login(owner)
    response = client.post(
        f"/needs/{draft.id}/edit",
        data=need_form(title="Cần xử lý bùn thải ao nuôi"),
        follow_redirects=True,
    )
    assert "Đã đăng nhu cầu." in response.text
    db.session.refresh(draft)
    assert draft.status == "open" and draft.title == "Cần xử lý bùn thải ao nuôi"


def test_the_services_keep_a_needs_life_in_order_whoever_calls_them(poster):
    owner, org = poster
    draft = needs.create_need(owner, org, _values(), publish=False)
    for change, code in (
        (lambda: needs.close_need(owner, draft, "fulfilled"), "not-open"),
        (lambda: needs.extend_need(owner, draft, today_in_vietnam()), "draft"),
    ):
        with pytest.raises(needs.NeedError) as refused:
            change()
        assert refused.value.code == code
    need = needs.create_need(owner, org, _values(), publish=True)
    yesterday = today_in_vietnam() - timedelta(days=1)
    for change, code in (
        (lambda: needs.close_need(owner, need, "bored"), "unknown-reason"),
        (lambda: needs.extend_need(owner, need, yesterday), "deadline-passed"),
    ):
        with pytest.raises(needs.NeedError) as refused:
            change()
        assert refused.value.code == code
    needs.close_need(owner, need, "fulfilled")
    with pytest.raises(needs.NeedError) as refused:
        needs.update_need(owner, need, _values(title="Sửa sau khi đóng"))
    assert refused.value.code == "closed"
    db.session.refresh(need)
    db.session.refresh(draft)
    assert (need.status, need.title, need.deadline) == (
        "closed",
        "Cần xử lý bùn thải",
        _values()["deadline"],
    )
    assert draft.status == "draft"


def test_nobody_signed_out_has_organizations_to_post_for(app):
    from flask_login import AnonymousUserMixin

    assert needs.manageable_organizations(AnonymousUserMixin()) == []
