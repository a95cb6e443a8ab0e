"""Buyers find the way in: from the home page through sign-up and organization registration
straight back to the need form, which starts filled in (issue 9, item 9)."""

import re

from .conftest import first_link
from .test_organizations import MY_THO, org_form

PASSWORD = "mật khẩu đủ dài 123"
NEED_FORM = "/needs/new"
SIGNUP_FOR_NEED = "/account/signup?next=/needs/new"


def value_of(page: str, name: str) -> str | None:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    found = tag and re.search(r'value="([^"]*)"', tag[0])
    return found[1] if found else None


def selected_commune(page: str) -> str | None:
    select = re.search(r'<select[^>]*name="commune".*?</select>', page, re.S)[0]
    found = re.search(r'<option selected value="([^"]*)"|<option value="([^"]*)" selected', select)
    return found and (found[1] or found[2])


def test_anonymous_visitors_see_post_a_need_on_the_home_page_and_the_board(client):
    home = client.get("/").get_data(as_text=True)
    board = client.get("/needs/").get_data(as_text=True)

    for page in (home, board):
        assert f'href="{SIGNUP_FOR_NEED}">Đăng nhu cầu</a>' in page
    assert "Bạn cần xử lý nước thải, chất thải hay khí thải?" in home


def test_a_buyer_goes_from_sign_up_through_registration_back_to_a_filled_in_need_form(
    client, outbox
):
    client.post(
        SIGNUP_FOR_NEED,
        data={
            "name": "Trần Thị Lan",
            "email": "lan@ccn.vn",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    # The address is confirmed by the mailed link, which keeps the way to the need form.
    to, _subject, body = outbox()[-1]
    assert to == "lan@ccn.vn"
    response = client.get(first_link(body))
    assert response.headers["Location"] == NEED_FORM

    page = client.get(NEED_FORM).get_data(as_text=True)
    assert 'href="/organizations/new?next=/needs/new"' in page

    response = client.post("/organizations/new?next=/needs/new", data=org_form())
    assert response.headers["Location"] == NEED_FORM

    form = client.get(NEED_FORM).get_data(as_text=True)
    assert selected_commune(form) == MY_THO
    assert value_of(form, "contact_name") == "Trần Thị Lan"
    assert value_of(form, "contact_email") == "lan@ccn.vn"


def test_signing_in_instead_keeps_the_way_to_the_need_form(client, make):
    page = client.get(SIGNUP_FOR_NEED).get_data(as_text=True)
    assert 'href="/account/login?next=/needs/new"' in page
    page = client.get("/account/login?next=/needs/new").get_data(as_text=True)
    assert f'href="{SIGNUP_FOR_NEED}"' in page


def test_an_account_with_an_organization_is_not_asked_to_register_one(client, auth, make):
    member = make.user()
    make.organization(owner=member)
    auth.login(member)

    for url in ("/", "/organizations/"):
        assert "Đăng ký tổ chức của bạn" not in client.get(url).get_data(as_text=True)


def test_an_account_without_one_still_is(client, auth, make):
    auth.login(make.user())
    assert "Đăng ký tổ chức của bạn" in client.get("/").get_data(as_text=True)
