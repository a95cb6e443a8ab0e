"""The public needs board: open needs only, filters, newest first, pages; and the org page list."""

from datetime import timedelta

import pytest
from flask import render_template

from directory.extensions import db
from directory.timeutil import utcnow


def board(client, query=""):
    response = client.get(f"/needs/{query}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def test_a_supplier_filters_the_board_by_sector_commune_procurement_and_deadline(client, make):
    org = make.organization()
    make.need(
        org,
        title="Nâng cấp trạm XLNT",
        sectors=["wastewater"],
        commune="Phường Mỹ Tho",
        procurement="quotation",
        deadline_in_days=10,
    )
    make.need(
        org,
        title="Thu gom rác cho 3 ấp",
        sectors=["waste-collection"],
        commune="Xã Tân Hương",
        procurement="order",
        deadline_in_days=120,
    )
    make.need(org, title="Tìm hiểu lò đốt trấu", procurement="information", deadline_in_days=None)

    page = board(client)
    assert all(t in page for t in ("Nâng cấp trạm XLNT", "Thu gom rác", "lò đốt trấu"))
    assert "3 nhu cầu" in page

    page = board(client, "?sector=wastewater")
    assert "Nâng cấp trạm XLNT" in page and "Thu gom rác" not in page
    page = board(client, "?commune=28261")
    assert "Nâng cấp trạm XLNT" in page and "Thu gom rác" not in page
    page = board(client, "?procurement=order")
    assert "Thu gom rác" in page and "Nâng cấp trạm XLNT" not in page
    page = board(client, "?within=30")
    assert "Nâng cấp trạm XLNT" in page
    assert "Thu gom rác" not in page and "lò đốt trấu" not in page  # no deadline: not "due soon"
    page = board(client, "?sector=wastewater&procurement=order")
    assert "Không có nhu cầu đang mở nào khớp với bộ lọc" in page


def test_the_board_lists_only_open_needs_newest_first(client, make):
    org = make.organization()
    older = make.need(org, title="Nhu cầu cũ hơn")
    older.created_at = utcnow() - timedelta(days=3)
    db.session.commit()
    make.need(org, title="Nhu cầu mới nhất")
    for status, title in (("draft", "Bản nháp riêng"), ("closed", "Đã xong việc")):
        make.need(org, title=title, status=status)
    make.need(org, title="Quá hạn rồi", deadline_in_days=-1)
    make.need(org, title="Bị ẩn", hidden=True)

    page = board(client)
    assert page.index("Nhu cầu mới nhất") < page.index("Nhu cầu cũ hơn")
    for title in ("Bản nháp riêng", "Đã xong việc", "Quá hạn rồi", "Bị ẩn"):
        assert title not in page


@pytest.mark.app_config(PER_PAGE=2)
def test_the_board_is_paginated(client, make):
    org = make.organization()
    for n in range(5):
        need = make.need(org, title=f"Nhu cầu số {n}")
        need.created_at = utcnow() - timedelta(hours=n)
    db.session.commit()

    first = board(client)
    assert "Nhu cầu số 0" in first and "Nhu cầu số 2" not in first
    assert "Trang 1 / 3" in first and 'rel="next"' in first
    third = board(client, "?page=3")
    assert "Nhu cầu số 4" in third and "Nhu cầu số 0" not in third
    for far in ("40", "99999999999999999999999"):
        assert "Trang này không có nhu cầu nào" in board(client, f"?page={far}")


@pytest.mark.parametrize(
    "query",
    [
        "?page=abc",
        "?page=-3",
        "?page=0",
        "?page=1.5",
        "?sector=water&commune=Hà Nội&procurement=x&within=100000",
        "?sector=%E2%80%8B&commune=%F0%9F%8C%8A&within=-1",
        "?within=" + "9" * 400,
    ],
)
def test_odd_parameters_never_break_the_board(client, make, query):
    make.need(make.organization(), title="Nhu cầu vẫn hiện")
    assert "Nhu cầu vẫn hiện" in board(client, query)


def render_org_needs(app, organization):
    with app.test_request_context("/"):
        return render_template("needs/_organization_needs.html", organization=organization)


def test_an_organizations_page_shows_outsiders_its_open_needs_only(app, make):
    org = make.organization(owner=make.user())
    make.need(org, title="Đang cần nhà cung cấp")
    make.need(org, title="Bản nháp nội bộ", status="draft")
    make.need(org, title="Đã đóng từ lâu", status="closed")
    make.need(org, title="Quá hạn", deadline_in_days=-1)

    html = render_org_needs(app, org)
    assert "Đang cần nhà cung cấp" in html
    for title in ("Bản nháp nội bộ", "Đã đóng từ lâu", "Quá hạn"):
        assert title not in html
    assert "/needs/new" not in html


def test_members_see_drafts_closed_and_expired_needs_and_a_post_link(app, client, auth, make):
    member = make.user()
    org = make.organization(owner=member)
    make.need(org, title="Bản nháp nội bộ", status="draft")
    make.need(org, title="Đã đóng từ lâu", status="closed")
    make.need(org, title="Quá hạn", deadline_in_days=-1)

    with app.test_request_context("/"):
        from flask_login import login_user

        login_user(member)
        html = render_template("needs/_organization_needs.html", organization=org)
    for title in ("Bản nháp nội bộ", "Đã đóng từ lâu", "Quá hạn", f"/needs/new?org={org.id}"):
        assert title in html


def test_a_recycler_who_finds_no_needs_is_shown_the_sectors_that_have_some(client, make):
    buyers = make.organization(name="Ban quản lý CCN Tân Mỹ")
    make.need(buyers, title="Nâng cấp trạm XLNT cụm công nghiệp", sectors=("wastewater",))
    make.need(buyers, title="Trạm XLNT thứ hai", sectors=("wastewater", "consulting"))
    make.need(buyers, title="Nháp chưa đăng", sectors=("air",), status="draft")

    page = " ".join(board(client, "?sector=recycling").split())
    assert "Không có nhu cầu đang mở nào khớp với bộ lọc" in page
    assert "chưa có bên mua nào đăng nhu cầu đang mở trong lĩnh vực “Phân loại" in page
    assert 'href="/needs/?sector=wastewater">Xử lý nước thải (2)</a>' in page
    assert 'href="/needs/?sector=consulting">Tư vấn môi trường (1)</a>' in page
    assert "sector=air" not in page.split("Lĩnh vực đang có nhu cầu mở")[1]  # drafts do not count
    assert 'href="/offerings/?sector=recycling"' in page
