"""Smaller findings of the security review: caching, headers, CSRF and reset tokens."""

import base64
import json
import re

import pytest

from directory.accounts import services

from .conftest import PASSWORD, first_link


def test_signed_in_pages_are_never_stored_by_a_cache(client, make, auth):
    assert "no-store" not in client.get("/").headers.get("Cache-Control", "")
    auth.login(make.user())
    for url in ("/", "/account/profile", "/organizations/"):
        assert client.get(url).headers["Cache-Control"] == "no-store", url


def test_a_wrong_method_is_told_which_ones_are_allowed(client):
    response = client.get("/account/logout")
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    assert "Phương thức không được phép" in response.get_data(as_text=True)


def test_the_csv_export_names_its_charset_once(client, make, auth, app):
    auth.login(make.user(role="officer"))
    response = client.get("/officer/reports/2025/export.csv?table=organizations-by-commune")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"


def csrf_token_on(client, url):
    page = client.get(url).get_data(as_text=True)
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_signing_in_gives_a_fresh_csrf_token(client, make):
    """A token planted in the visitor's session before sign-in is worth nothing after it."""
    user = make.user()
    token = csrf_token_on(client, "/account/login")
    with client.session_transaction() as session:
        before = session["csrf_token"]
    response = client.post(
        "/account/login", data={"email": user.email, "password": PASSWORD, "csrf_token": token}
    )
    assert response.status_code == 302
    csrf_token_on(client, "/account/profile")
    with client.session_transaction() as session:
        assert session["csrf_token"] != before


def test_a_reset_token_reveals_nothing_of_the_password_hash(client, make, outbox, app):
    user = make.user(email="hung@example.vn")
    client.post("/account/reset", data={"email": "hung@example.vn"})
    token = first_link(outbox()[0][2]).rsplit("/", 1)[1]
    payload = token.split(".")[0]
    data = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    hash_parts = user.password_hash.split("$")
    assert not any(part and part[-8:] in json.dumps(data) for part in hash_parts)
    assert services.user_for_reset_token(token).id == user.id
