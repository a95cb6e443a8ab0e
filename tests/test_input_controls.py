"""Control characters (NUL above all, which PostgreSQL refuses) are turned away with a 400."""

import pytest

from directory.accounts.models import User
from directory.extensions import db

MESSAGE = "ký tự điều khiển không hợp lệ"


@pytest.mark.parametrize(
    "method, url, data",
    [
        ("post", "/account/login", {"email": "a\x00@example.vn", "password": "x" * 12}),
        (
            "post",
            "/account/signup",
            {"name": "Lan\x00", "email": "lan@example.vn", "password": "p" * 12},
        ),
        ("get", "/organizations/invitations/abc%00def", None),
        ("get", "/officer/incubators/cohorts/1/participants/new?q=xanh%00", None),
        ("get", "/search?q=n%C6%B0%E1%BB%9Bc%1Bth%E1%BA%A3i", None),
    ],
)
def test_control_characters_anywhere_get_a_400_with_a_message(
    client, make, auth, method, url, data
):
    auth.login(make.user(role="officer"))
    response = getattr(client, method)(url, data=data)
    assert response.status_code == 400
    assert MESSAGE in response.get_data(as_text=True)


def test_a_profile_name_with_a_nul_changes_nothing(client, make, auth):
    user = make.user(name="Lê Văn Hùng")
    auth.login(user)
    response = client.post("/account/profile", data={"name": "Hùng\x00", "submit": "1"})
    assert response.status_code == 400 and MESSAGE in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).name == "Lê Văn Hùng"


def test_ordinary_line_breaks_and_tabs_are_still_welcome(client, make, auth):
    user = make.user()
    auth.login(user)
    response = client.post(
        "/account/profile",
        data={"name": "Lê Văn\tHùng", "phone": "0277 3851 234\r\n", "submit": "1"},
    )
    assert response.status_code == 302


def test_the_api_answers_json(client):
    response = client.get("/api/v1/organizations?q=x%00")
    assert response.status_code == 400
    assert MESSAGE in response.json["error"]["message"]
