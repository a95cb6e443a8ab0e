"""The site's official address cannot be turned into a flood or a phishing tool."""

from datetime import timedelta

import pytest

from .conftest import PASSWORD


def ask_reset(client, email, addr="198.51.100.7"):
    return client.post("/account/reset", data={"email": email}, environ_base={"REMOTE_ADDR": addr})


def test_reset_mail_to_one_address_stops_after_a_few(client, make, outbox, app):
    make.user(email="hung@example.vn")
    per_recipient = app.config["MAIL_LIMITS"]["reset"][1]
    for n in range(per_recipient + 2):
        response = ask_reset(client, "hung@example.vn", addr=f"198.51.100.{n}")
        assert response.status_code == 302  # the same answer every time
    assert len(outbox()) == per_recipient


def test_one_client_asking_for_many_resets_is_told_to_wait(client, make, outbox, app):
    per_sender = app.config["MAIL_LIMITS"]["reset"][0]
    for n in range(per_sender):
        assert ask_reset(client, f"nguoi{n}@example.vn").status_code == 302
    response = ask_reset(client, "them-mot-nguoi@example.vn")
    assert response.status_code == 429 and response.headers["Retry-After"]
    assert "quá nhiều yêu cầu" in response.get_data(as_text=True)


def test_sign_up_mail_to_one_address_stops_after_a_few(client, make, outbox, app):
    make.user(email="lan@xanhsadec.example.vn")
    per_recipient = app.config["MAIL_LIMITS"]["signup"][1]
    for n in range(per_recipient + 2):
        client.post(
            "/account/signup",
            data={
                "name": "Ai đó",
                "email": "lan@xanhsadec.example.vn",
                "password": PASSWORD,
                "confirm": PASSWORD,
            },
            environ_base={"REMOTE_ADDR": f"198.51.100.{n}"},
        )
    assert len(outbox()) == per_recipient


def invite(client, org, email):
    return client.post(f"/organizations/{org.id}/members/invite", data={"email": email})


def test_invitations_are_limited_per_recipient_and_per_sender(client, make, auth, outbox, app):
    per_sender, per_recipient, _window = app.config["MAIL_LIMITS"]["invitation"]
    owner = make.user()
    orgs = [make.organization(owner=owner) for _ in range(per_recipient + 1)]
    auth.login(owner)
    for org in orgs[:per_recipient]:
        assert invite(client, org, "nan-nhan@example.vn").status_code == 302
    refused = invite(client, orgs[-1], "nan-nhan@example.vn")
    assert refused.status_code == 400
    assert "đã nhận đủ lời mời" in refused.get_data(as_text=True)
    assert len(outbox()) == per_recipient


@pytest.mark.app_config(MAIL_LIMITS={"invitation": (2, 3, timedelta(days=1))})
def test_one_member_cannot_send_invitations_without_end(client, make, auth, outbox):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    assert invite(client, org, "a@example.vn").status_code == 302
    assert invite(client, org, "b@example.vn").status_code == 302
    refused = invite(client, org, "c@example.vn")
    assert refused.status_code == 400
    assert "quá nhiều lời mời" in refused.get_data(as_text=True)
    assert len(outbox()) == 2


def test_an_unverified_organizations_invitation_says_its_name_is_unchecked(
    client, make, auth, outbox
):
    owner = make.user()
    org = make.organization(owner=owner, name="Sở Công Thương Đồng Tháp (giả mạo)")
    auth.login(owner)
    invite(client, org, "nan-nhan@example.vn")
    ((_to, _subject, body),) = outbox()
    assert "chưa xác minh" in body
