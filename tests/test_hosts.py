"""A forged Host never reaches a link: mail, API records and redirects name SITE_URL."""

import pytest

from .conftest import PASSWORD

SITE = "https://moitruong.dongthap.gov.vn"
# The test client speaks as "localhost"; the public name is SITE's.
PUBLIC = dict(SITE_URL=SITE, TRUSTED_HOSTS=["moitruong.dongthap.gov.vn", "localhost"])


def links(body):
    return [word for word in body.split() if "://" in word]


def test_a_reset_request_for_a_forged_host_is_refused_and_sends_nothing(client, make, outbox):
    make.user(email="admin@sct.dongthap.gov.vn", role="admin")
    response = client.post(
        "/account/reset",
        data={"email": "admin@sct.dongthap.gov.vn"},
        headers={"Host": "evil.example"},
    )
    assert response.status_code == 400
    assert outbox() == []


@pytest.mark.app_config(PROXY_COUNT=1, **PUBLIC)
def test_the_mailed_reset_link_names_the_site_whatever_the_proxy_headers_say(client, make, outbox):
    make.user(email="admin@sct.dongthap.gov.vn", role="admin")
    client.post(
        "/account/reset",
        data={"email": "admin@sct.dongthap.gov.vn"},
        headers={"X-Forwarded-Host": "evil.example", "X-Forwarded-Proto": "http"},
    )
    ((_, _, body),) = outbox()
    (link,) = links(body)
    assert link.startswith(SITE + "/account/reset/")


@pytest.mark.app_config(**PUBLIC)
def test_an_invitation_link_names_the_site(client, make, auth, outbox):
    owner = make.user(email="chu@xanhsadec.example.vn")
    org = make.organization(owner=owner)
    auth.login(owner)
    client.post(f"/organizations/{org.id}/members/invite", data={"email": "moi@example.vn"})
    ((to, _, body),) = outbox()
    assert to == "moi@example.vn"
    assert links(body) and all(link.startswith(SITE + "/") for link in links(body))


@pytest.mark.app_config(PROXY_COUNT=1, **PUBLIC)
def test_the_slash_redirect_does_not_echo_a_forged_host(client):
    response = client.get("/organizations", headers={"X-Forwarded-Host": "evil.example"})
    assert response.status_code == 308
    assert response.headers["Location"] == SITE + "/organizations/"
    assert client.get("/organizations", headers={"Host": "evil.example"}).status_code == 400


@pytest.mark.app_config(PROXY_COUNT=1, **PUBLIC)
def test_api_urls_and_openapi_servers_name_the_site(client, make):
    org = make.organization(owner=make.user())
    forged = {"X-Forwarded-Host": "evil.example"}
    record = client.get(f"/api/v1/organizations/{org.id}", headers=forged).json
    assert record["url"] == f"{SITE}/organizations/{org.id}"
    spec = client.get("/api/v1/openapi.json", headers=forged).json
    assert spec["servers"] == [{"url": SITE + "/api/v1"}]


def test_sign_in_still_works_on_the_test_host(client, make, auth):
    user = make.user()
    assert auth.login(user, password=PASSWORD).status_code == 302
