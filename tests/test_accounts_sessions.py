"""Sessions end when they should: sign-out, a password change or reset ends every copy."""

import time
from datetime import timedelta

import pytest
from flask import g

from directory.extensions import db
from directory.routing import MAX_ID

from .conftest import PASSWORD, first_link

NEW_PASSWORD = "một mật khẩu mới rất dài"


@pytest.fixture(autouse=True)
def user_per_request(app):
    """The builders' app context outlives each request, and Flask-Login keeps the signed-in
    user in ``g``; forget it after every request, as a real server does, so that each client
    is judged by its own cookies."""
    app.teardown_request(lambda error: g.pop("_login_user", None))


def cookie(client, name):
    found = client.get_cookie(name)
    return found.value if found else None


def copy_of(app, client, *names):
    """Another browser holding copies of this client's cookies (a stolen cookie)."""
    other = app.test_client()
    for name in names:
        other.set_cookie(name, cookie(client, name), domain="localhost")
    return other


def signed_in(client):
    return client.get("/account/profile").status_code == 200


def test_every_sign_in_gets_its_own_remember_me_cookie(client, make, auth):
    user = make.user()
    auth.login(user, remember=True)
    first = cookie(client, "remember_token")
    auth.logout()
    auth.login(user, remember=True)
    assert first and cookie(client, "remember_token") != first


def test_a_copied_session_cookie_is_worthless_after_sign_out(app, client, make, auth):
    auth.login(make.user(), remember=True)
    thief = copy_of(app, client, "session")
    thief_remembered = copy_of(app, client, "remember_token")
    assert signed_in(thief) and signed_in(thief_remembered)
    auth.logout()
    assert not signed_in(client)
    assert not signed_in(thief) and not signed_in(thief_remembered)


def test_changing_the_password_ends_every_other_session_but_this_one(app, client, make, auth):
    user = make.user()
    auth.login(user, remember=True)
    laptop = app.test_client()
    type(auth)(laptop).login(user, remember=True)
    laptop_remembered = copy_of(app, laptop, "remember_token")
    response = client.post(
        "/account/password",
        data={"pw-current": PASSWORD, "pw-password": NEW_PASSWORD, "pw-confirm": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(laptop) and not signed_in(laptop_remembered)


def test_a_password_reset_ends_every_session(app, client, make, auth, outbox):
    user = make.user(email="hung@example.vn")
    auth.login(user, remember=True)
    thief = copy_of(app, client, "session", "remember_token")
    stranger = app.test_client()
    stranger.post("/account/reset", data={"email": "hung@example.vn"})
    link = first_link(outbox()[0][2])
    stranger.post(link, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert not signed_in(thief) and not signed_in(client)


@pytest.mark.app_config(REMEMBER_COOKIE_DURATION=timedelta(seconds=-1))
def test_the_server_refuses_a_remember_me_cookie_past_its_lifetime(app, client, make, auth):
    auth.login(make.user(), remember=True)
    assert cookie(client, "remember_token")
    assert not signed_in(copy_of(app, client, "remember_token"))


@pytest.mark.parametrize(
    "forged", ["1", "1:0", "abc:0:0:x", "1:0:99999999999:x", "99999999999999:0:1:x", "", "²:0:1:x"]
)
def test_forged_session_ids_sign_nobody_in(app, client, make, forged):
    make.user()
    with client.session_transaction() as session:
        session["_user_id"] = forged
        session["_fresh"] = True
    assert client.get("/account/profile").status_code == 302


@pytest.mark.parametrize("user_id", ["0", str(MAX_ID + 1), "99999999999999999999"])
def test_a_fresh_forged_session_naming_an_id_that_cannot_exist_signs_nobody_in(
    app, client, make, user_id
):
    make.user()
    with client.session_transaction() as session:
        session["_user_id"] = f"{user_id}:0:{int(time.time())}:x"
        session["_fresh"] = True
    assert client.get("/account/profile").status_code == 302


def test_locking_an_account_signs_it_out_at_once(client, make, auth):
    user = make.user()
    auth.login(user, remember=True)
    assert signed_in(client)
    user.active = False
    db.session.commit()
    assert not signed_in(client)
