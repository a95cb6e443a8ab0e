"""Password guessing slows down step by step; the owner is never locked out for long."""

from datetime import timedelta

from sqlalchemy import update

from directory.accounts import services
from directory.accounts.models import LoginFailure
from directory.extensions import db
from directory.timeutil import utcnow

from .conftest import first_link

WRONG = "đoán bừa mật khẩu"


def fail(auth, user, times):
    for _ in range(times):
        assert auth.login(user, password=WRONG).status_code == 200


def guessed(user, times):
    """Someone elsewhere tried this address's password, wrongly, just now."""
    for _ in range(times):
        db.session.add(LoginFailure(email=user.email, remote_addr="203.0.113.9"))
    db.session.commit()


def failures_happened_ago(seconds):
    db.session.execute(update(LoginFailure).values(at=utcnow() - timedelta(seconds=seconds)))
    db.session.commit()


def test_after_a_few_wrong_passwords_the_next_try_waits_and_says_how_long(client, make, auth, app):
    user = make.user(email="hung@example.vn")
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"])
    response = auth.login(user)  # even the right password waits its turn
    assert response.status_code == 429
    assert 1 <= int(response.headers["Retry-After"]) <= 2
    assert "Vui lòng thử lại sau" in response.get_data(as_text=True)
    assert client.get("/account/profile").status_code == 302
    failures_happened_ago(3)
    assert auth.login(user).status_code == 302


def test_each_further_failure_doubles_the_wait(client, make, auth, app):
    user = make.user()
    fail(auth, user, app.config["LOGIN_FREE_FAILURES"])
    failures_happened_ago(3)
    fail(auth, user, 1)
    assert 3 <= int(auth.login(user).headers["Retry-After"]) <= 4


def test_the_admin_is_not_locked_out_for_a_quarter_of_an_hour(client, make, auth):
    admin = make.user(email="admin@sct.dongthap.gov.vn", role="admin")
    guessed(admin, 10)
    failures_happened_ago(150)  # ten guesses two and a half minutes ago
    assert auth.login(admin).status_code == 302


def test_a_password_reset_lifts_the_slow_down(client, make, auth, outbox):
    user = make.user(email="hung@example.vn")
    guessed(user, 10)
    assert auth.login(user).status_code == 429
    client.post("/account/reset", data={"email": "hung@example.vn"})
    link = first_link(outbox()[0][2])
    new_password = "một mật khẩu mới rất dài"
    client.post(link, data={"password": new_password, "confirm": new_password})
    assert auth.login(user, password=new_password).status_code == 302


def test_an_unknown_address_costs_a_password_check_like_a_known_one(make, auth, monkeypatch):
    checks = []
    real_check = services.check_password_hash
    monkeypatch.setattr(
        services, "check_password_hash", lambda *args: checks.append(1) or real_check(*args)
    )
    make.user(email="hung@example.vn")
    auth.login("hung@example.vn", password=WRONG)
    auth.login("nobody@example.vn", password=WRONG)
    assert len(checks) == 2


def test_a_flood_of_guesses_keeps_the_wait_at_its_ceiling(client, make, auth, app):
    user = make.user()
    guessed(user, 500)  # e.g. many clients guessing at the same moment
    response = auth.login(user)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) == app.config["LOGIN_MAX_DELAY"].seconds
