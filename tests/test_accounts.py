"""Accounts: a supplier's employee signs up, signs in, forgets the password, edits the profile."""

import pytest
from sqlalchemy import select

from directory.accounts.models import User
from directory.extensions import db

from .conftest import PASSWORD, first_link


def signup(client, email="lan@xanhsadec.example.vn", password=PASSWORD, confirm=None, **extra):
    data = {
        "name": "Trần Thị Lan",
        "email": email,
        "password": password,
        "confirm": confirm if confirm is not None else password,
        **extra,
    }
    return client.post("/account/signup", data=data)


def test_a_new_user_signs_up_confirms_by_mail_and_is_signed_in(client, app, auth, outbox):
    response = signup(client)
    assert response.headers["Location"] == "/account/login"
    assert client.get("/account/profile").status_code == 302  # not before the mail is opened
    assert auth.login("lan@xanhsadec.example.vn").status_code == 200
    ((to, subject, body),) = outbox()
    assert to == "lan@xanhsadec.example.vn" and "Xác nhận" in subject
    response = client.get(first_link(body))
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/organizations/new")
    page = client.get("/account/profile").get_data(as_text=True)
    assert "lan@xanhsadec.example.vn" in page
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="lan@xanhsadec.example.vn"))
        assert user.role == "member" and user.confirmed
        assert user.password_hash != PASSWORD and PASSWORD not in user.password_hash


def test_a_confirmation_link_that_was_tampered_with_is_refused(client, outbox):
    signup(client)
    link = first_link(outbox()[0][2])
    assert client.get(link[:-3] + "abc").headers["Location"] == "/account/signup"
    assert client.get("/account/profile").status_code == 302


def test_signup_keeps_what_was_typed_and_explains_each_problem(client, app):
    response = signup(client, email="khong-phai-email", password="ngắn", confirm="khác")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Email không hợp lệ." in page
    assert "Mật khẩu cần từ 10 đến 200 ký tự." in page
    assert "Hai mật khẩu không khớp." in page
    assert 'value="Trần Thị Lan"' in page and 'value="khong-phai-email"' in page
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


def test_signing_up_with_a_taken_address_answers_the_same_and_tells_the_owner(client, make, outbox):
    make.user(email="lan@xanhsadec.example.vn")
    taken = signup(client, email="LAN@XanhSaDec.example.vn", password="một mật khẩu khác hẳn")
    new = signup(client, email="moi@xanhsadec.example.vn")
    assert taken.status_code == new.status_code == 302
    assert taken.headers["Location"] == new.headers["Location"]
    page = client.get("/account/login").get_data(as_text=True)
    assert "Chúng tôi đã gửi thư đến lan@xanhsadec.example.vn" in page
    assert "đã được đăng ký" not in page
    (to, subject, body), _confirm = outbox()
    assert to == "lan@xanhsadec.example.vn" and "đăng ký bằng email của bạn" in subject
    assert "/account/reset" in body
    assert db.session.scalar(select(db.func.count()).select_from(User)) == 2


def test_sign_in_and_out(client, make, auth):
    user = make.user(email="hung@example.vn")
    assert client.get("/account/profile").status_code == 302
    response = auth.login(user)
    assert response.status_code == 302
    assert client.get("/account/profile").status_code == 200
    auth.logout()
    assert client.get("/account/profile").status_code == 302


def test_wrong_password_gets_one_message_that_does_not_say_which_part_was_wrong(client, make, auth):
    make.user(email="hung@example.vn")
    for email in ("hung@example.vn", "nobody@example.vn"):
        page = auth.login(email, password="sai mật khẩu rồi").get_data(as_text=True)
        assert "Email hoặc mật khẩu không đúng." in page


def test_remember_me_sets_a_lasting_httponly_cookie(client, make, auth):
    user = make.user()
    response = auth.login(user, remember=True)
    cookie = [h for h in response.headers.getlist("Set-Cookie") if h.startswith("remember_token")]
    assert cookie and "HttpOnly" in cookie[0] and "Expires" in cookie[0]
    assert not [
        h for h in auth.login(user).headers.getlist("Set-Cookie") if h.startswith("remember_token")
    ]


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/x",
        "/\\evil.example",
        "javascript:alert(1)",
        "http:/evil.example",
    ],
)
def test_sign_in_only_redirects_within_the_site(client, make, target):
    user = make.user()
    response = client.post(
        "/account/login?next=" + target, data={"email": user.email, "password": PASSWORD}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/me"


def test_sign_in_returns_to_the_page_that_asked_for_it(client, make):
    user = make.user()
    response = client.post(
        "/account/login?next=/account/profile%3Ftab%3D1",
        data={"email": user.email, "password": PASSWORD},
    )
    assert response.headers["Location"] == "/account/profile?tab=1"


def test_password_reset_by_mailed_link(client, make, auth, outbox):
    user = make.user(email="hung@example.vn")
    response = client.post("/account/reset", data={"email": "hung@example.vn"})
    assert response.status_code == 302
    ((to, subject, body),) = outbox()
    assert to == "hung@example.vn" and "Đặt lại mật khẩu" in subject
    link = first_link(body)
    assert client.get(link).status_code == 200
    new_password = "một mật khẩu mới rất dài"
    response = client.post(link, data={"password": new_password, "confirm": new_password})
    assert response.headers["Location"] == "/account/login"
    assert auth.login(user).status_code == 200  # the old password no longer works
    assert auth.login(user, password=new_password).status_code == 302
    # The link works once: the password it was issued for has changed.
    auth.logout()
    assert client.get(link).headers["Location"] == "/account/reset"


def test_reset_for_an_unknown_address_sends_nothing_and_says_the_same(client, outbox):
    response = client.post(
        "/account/reset", data={"email": "nobody@example.vn"}, follow_redirects=True
    )
    assert "Nếu email này có tài khoản" in response.get_data(as_text=True)
    assert outbox() == []


@pytest.mark.app_config(PASSWORD_RESET_MAX_AGE=-1)
def test_an_expired_reset_link_is_refused(client, make, outbox):
    make.user(email="hung@example.vn")
    client.post("/account/reset", data={"email": "hung@example.vn"})
    link = first_link(outbox()[0][2])
    response = client.get(link)
    assert response.headers["Location"] == "/account/reset"


@pytest.mark.parametrize("token", ["abc", "x" * 500, "eyJpZCI6MX0.bad.sig", "%00"])
def test_forged_reset_tokens_are_refused(client, token):
    assert client.get("/account/reset/" + token).status_code in (302, 400, 404)


def test_a_profile_phone_follows_the_same_rule_as_every_other_phone(client, make, auth):
    user = make.user(email="lan@example.vn", name="Trần Thị Lan")
    auth.login(user)
    response = client.post(
        "/account/profile", data={"name": "Trần Thị Lan", "phone": "gọi Zalo", "submit": "1"}
    )
    page = response.get_data(as_text=True)
    assert "Số điện thoại chỉ gồm chữ số" in page
    assert 'value="gọi Zalo"' in page  # what was typed stays in the box
    assert db.session.get(User, user.id).phone is None


def test_profile_edit_and_password_change(client, make, auth):
    user = make.user(email="hung@example.vn")
    auth.login(user)
    response = client.post(
        "/account/profile", data={"name": "Lê Văn Hùng", "phone": "0277 3851 234", "submit": "1"}
    )
    assert response.status_code == 302
    assert "Lê Văn Hùng" in client.get("/account/profile").get_data(as_text=True)
    wrong = client.post(
        "/account/password",
        data={
            "pw-current": "không đúng",
            "pw-password": "mật khẩu mới đủ dài",
            "pw-confirm": "mật khẩu mới đủ dài",
        },
    )
    assert wrong.status_code == 400
    assert "Mật khẩu hiện tại không đúng." in wrong.get_data(as_text=True)
    right = client.post(
        "/account/password",
        data={
            "pw-current": PASSWORD,
            "pw-password": "mật khẩu mới đủ dài",
            "pw-confirm": "mật khẩu mới đủ dài",
        },
    )
    assert right.status_code == 302
    auth.logout()
    assert auth.login(user, password="mật khẩu mới đủ dài").status_code == 302


def test_create_user_command_makes_the_first_officer(runner, app, auth):
    result = runner.invoke(
        args=[
            "create-user",
            "--role",
            "officer",
            "--name",
            "Cán bộ Sở",
            "--password",
            "mật khẩu cán bộ",
            "canbo@sct.dongthap.gov.vn",
        ]
    )
    assert result.exit_code == 0, result.output
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="canbo@sct.dongthap.gov.vn"))
        assert user.role == "officer" and user.is_officer and not user.is_admin
    result = runner.invoke(
        args=[
            "create-user",
            "--role",
            "admin",
            "--password",
            "mật khẩu quản trị",
            "canbo@sct.dongthap.gov.vn",
        ]
    )
    assert result.exit_code == 0
    with app.app_context():
        user = db.session.scalar(select(User).filter_by(email="canbo@sct.dongthap.gov.vn"))
        assert user.is_admin


def test_session_cookie_is_httponly_and_samesite(client, make, auth):
    response = auth.login(make.user())
    session_cookie = [
        h for h in response.headers.getlist("Set-Cookie") if h.startswith("session=")
    ][0]
    assert "HttpOnly" in session_cookie and "SameSite=Lax" in session_cookie


@pytest.mark.parametrize(
    "weak",
    ["aaaaaaaaaa", "0123456789", "password12", "Password2024!", "qwertyuiop", "matkhau123456"],
)
def test_common_passwords_are_refused_with_a_reason(client, app, weak):
    page = signup(client, password=weak).get_data(as_text=True)
    assert "Mật khẩu" in page and ("phổ biến" in page or "khác nhau" in page)
    with app.app_context():
        assert db.session.scalar(select(db.func.count()).select_from(User)) == 0


@pytest.mark.parametrize("own", ["lan@xanhsadec.example.vn", "lan1234567890", "DongThap2026"])
def test_a_password_made_of_the_address_or_the_sites_name_is_refused(client, app, own):
    response = signup(client, password=own)
    assert response.status_code == 200
    assert "phổ biến" in response.get_data(as_text=True) or "email của bạn" in (
        response.get_data(as_text=True)
    )


def test_a_new_password_must_be_hard_to_guess_too(client, make, auth, outbox):
    user = make.user(email="hung@example.vn")
    auth.login(user)
    response = client.post(
        "/account/password",
        data={
            "pw-current": PASSWORD,
            "pw-password": "hung@example.vn",
            "pw-confirm": "hung@example.vn",
        },
    )
    assert response.status_code == 400
    assert "email của bạn" in response.get_data(as_text=True)
    auth.logout()
    client.post("/account/reset", data={"email": "hung@example.vn"})
    link = first_link(outbox()[0][2])
    page = client.post(link, data={"password": "1234567890", "confirm": "1234567890"})
    assert "phổ biến" in page.get_data(as_text=True)
    assert auth.login(user).status_code == 302  # the old password still works
