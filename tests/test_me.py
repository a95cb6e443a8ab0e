"""Trang của tôi (/me): a member's organizations, listings, matches and what waits for them."""

import re

import pytest

from directory.extensions import db
from directory.me.sections import Item, Section, register_section
from directory.organizations.models import Membership


@pytest.fixture
def story(make):
    """A cluster's manager with a wastewater need; a supplier with a fitting offering."""
    supplier = make.organization(name="Công ty Môi trường Xanh")
    plant = make.offering(
        supplier,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thi công trạm XLNT công suất 500–3.000 m³/ngày.",
    )
    manager = make.user(name="Chị Bình")
    cluster = make.organization(owner=manager, name="Ban quản lý CCN Tân Hương")
    need = make.need(
        cluster,
        title="Cần đầu tư trạm XLNT tập trung cho cụm công nghiệp",
        description="Nước thải cụm công nghiệp khoảng 800 m³/ngày.",
        sectors=("wastewater",),
        deadline_in_days=90,
    )
    return {"manager": manager, "cluster": cluster, "need": need, "plant": plant}


def row_of(page: str, title: str) -> list[str]:
    """The cells of the table row that links ``title``, as text."""
    row = re.search(r"<tr><td><a [^>]*>" + re.escape(title) + r"</a>.*?</tr>", page, re.S)
    assert row, f"no row for {title}"
    return [
        re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td>(.*?)</td>", row[0], re.S)
    ]


def test_a_member_lands_on_her_page_and_sees_her_needs_with_their_matches(client, auth, story):
    response = auth.login(story["manager"])
    assert response.headers["Location"] == "/me"

    page = client.get("/me").get_data(as_text=True)

    assert "Ban quản lý CCN Tân Hương" in page
    title, _status, matches, new = row_of(page, story["need"].title)
    assert (matches, new) == ("1", "1")  # a first visit: every match is new


def test_matches_found_after_the_last_visit_are_new(client, auth, make, story):
    auth.login(story["manager"])
    client.get("/me")
    page = client.get("/me").get_data(as_text=True)
    assert row_of(page, story["need"].title)[2:] == ["1", "0"]

    make.offering(
        make.organization(name="Công ty Cơ điện Sa Đéc"),
        title="Xây dựng trạm xử lý nước thải tập trung cụm công nghiệp",
        description="Trạm XLNT cho cụm công nghiệp.",
    )
    page = client.get("/me").get_data(as_text=True)

    assert row_of(page, story["need"].title)[2:] == ["2", "1"]
    assert "Lần xem trước" in page


def test_a_supplier_sees_how_many_open_needs_fit_each_offering(client, auth, make, story):
    owner = make.user()
    db.session.add(Membership(user=owner, organization=story["plant"].organization, role="owner"))
    db.session.commit()
    auth.login(owner)

    page = client.get("/me").get_data(as_text=True)

    assert row_of(page, story["plant"].title)[1] == "1"


def test_a_hidden_offering_is_not_counted(client, auth, story):
    story["plant"].hidden = True
    db.session.commit()
    auth.login(story["manager"])

    page = client.get("/me").get_data(as_text=True)

    assert row_of(page, story["need"].title)[2] == "0"


def test_a_need_near_its_deadline_waits_for_the_member(client, auth, make, story):
    soon = make.need(story["cluster"], title="Cần thu gom bùn thải", deadline_in_days=3)
    auth.login(story["manager"])

    page = client.get("/me").get_data(as_text=True)

    assert "Nhu cầu sắp đến hạn" in page
    assert f'href="/needs/{soon.id}/extend">Cần thu gom bùn thải</a>' in page
    assert "Còn 3 ngày" in page
    assert f'href="/needs/{story["need"].id}/extend"' not in page


def test_other_areas_add_their_sections_and_empty_ones_stay_out(app, client, auth, story):
    def unanswered(user, since):
        return Section("unanswered", "Tin nhắn chưa trả lời", [Item("Báo giá trạm XLNT", "/x")])

    register_section(app, unanswered)
    register_section(app, lambda user, since: Section("empty", "Hộp rỗng"))
    auth.login(story["manager"])

    page = client.get("/me").get_data(as_text=True)

    assert "Tin nhắn chưa trả lời" in page and "Báo giá trạm XLNT" in page
    assert "Hộp rỗng" not in page
    assert "Nhu cầu sắp đến hạn" not in page


def test_a_member_without_an_organization_is_invited_to_register_one(client, auth, make):
    auth.login(make.user())
    page = client.get("/me").get_data(as_text=True)
    assert "Bạn chưa thuộc tổ chức nào" in page


@pytest.mark.parametrize("role", ["officer", "admin"])
def test_officers_land_on_their_desk(client, auth, make, role):
    officer = make.user(role=role)
    assert auth.login(officer).headers["Location"] == "/officer/"
    assert client.get("/me").headers["Location"] == "/officer/"


def test_a_safe_next_still_wins_and_visitors_must_sign_in(client, make):
    assert client.get("/me").status_code == 302
    user = make.user()
    response = client.post(
        "/account/login?next=/needs/", data={"email": user.email, "password": "mật khẩu đủ dài 123"}
    )
    assert response.headers["Location"] == "/needs/"


def test_the_page_loads_what_it_shows_in_a_fixed_number_of_queries(app, client, auth, make, story):
    from sqlalchemy import event

    auth.login(story["manager"])

    def queries_for_me():
        statements = []

        def count(conn, cursor, statement, *args):
            if "search_outbox" not in statement:  # the index's periodic catch-up, not the page
                statements.append(statement)

        event.listen(db.engine, "before_cursor_execute", count)
        try:
            with app.app_context():  # a session of the request's own, as in production
                assert client.get("/me").status_code == 200
        finally:
            event.remove(db.engine, "before_cursor_execute", count)
        return len(statements)

    make.offering(story["cluster"], title="Dịch vụ quan trắc môi trường")
    queries_for_me()  # the first visit also creates the visit record
    few = queries_for_me()
    for n in range(4):
        make.need(story["cluster"], title=f"Cần thu gom bùn thải đợt {n}", commune=None)
        make.offering(story["cluster"], title=f"Dịch vụ quan trắc môi trường {n}")
    assert queries_for_me() == few
