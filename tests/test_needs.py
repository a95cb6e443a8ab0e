"""A buyer's story: post a need, see it on the board, edit it, close it, reopen and extend it."""

from datetime import timedelta

from directory.extensions import db
from directory.needs.models import Need
from directory.timeutil import today_in_vietnam

MY_THO = "28261"  # Phường Mỹ Tho


def need_form(**changes):
    """What a cluster manager types into the "post a need" form."""
    data = {
        "title": "Cần nâng cấp trạm xử lý nước thải tập trung 1.500 m³/ngày",
        "description": "Trạm hiện quá tải vào mùa cao điểm chế biến cá tra.\nCần đạt QCVN 40.",
        "sectors": ["wastewater"],
        "commune": MY_THO,
        "industrial_zone": "",
        "quantity": "1.500 m³/ngày",
        "budget": "12.000.000.000",
        "deadline": (today_in_vietnam() + timedelta(days=45)).isoformat(),
        "procurement": "quotation",
        "contact_name": "Trần Thị Bình",
        "contact_phone": "0273 3871 234",
        "contact_email": "Binh@ccn-example.vn",
        "publish": "Đăng nhu cầu",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def only_need():
    return db.session.scalars(db.select(Need)).one()


def test_cluster_manager_posts_a_need_that_suppliers_see_on_the_board(client, auth, make):
    manager = make.user(name="Trần Thị Bình")
    cluster = make.organization(owner=manager, name="Ban quản lý CCN Tân Mỹ Chánh")
    auth.login(manager)

    form = client.get(f"/needs/new?org={cluster.id}").get_data(as_text=True)
    assert "Đăng nhu cầu" in form and "Ban quản lý CCN Tân Mỹ Chánh" in form
    response = client.post(
        f"/needs/new?org={cluster.id}", data=need_form(organization=str(cluster.id))
    )
    assert response.status_code == 302

    need = only_need()
    assert need.status == "open" and need.organization_id == cluster.id
    assert need.budget_vnd == 12_000_000_000
    assert [s.code for s in need.sectors] == ["wastewater"]
    assert need.contact_email == "binh@ccn-example.vn"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "12.000.000.000 ₫" in page and "Đang mở" in page and "Chào giá" in page
    assert "Phường Mỹ Tho" in page and "Trần Thị Bình" in page

    auth.logout()
    board = client.get("/needs/").get_data(as_text=True)
    assert "Cần nâng cấp trạm xử lý nước thải tập trung" in board
    assert "Ban quản lý CCN Tân Mỹ Chánh" in board
    assert client.get(f"/needs/{need.id}").status_code == 200


def test_the_whole_story_post_list_edit_close(client, auth, make):
    """A commune committee posts a need, suppliers find it, it is corrected, then fulfilled."""
    clerk = make.user(name="Võ Minh Khoa")
    commune = make.organization(
        owner=clerk, kind="commune_committee", name="UBND Xã Tân Hương", commune="Xã Tân Hương"
    )
    auth.login(clerk)
    response = client.post(
        "/needs/new",
        data=need_form(
            organization=str(commune.id),
            title="Thu gom rác sinh hoạt cho 3 ấp",
            sectors=["waste-collection"],
            commune="28525",
            budget="450.000.000",
            procurement="order",
        ),
    )
    need_url = response.headers["Location"]
    auth.logout()

    board = client.get("/needs/?sector=waste-collection").get_data(as_text=True)
    assert "Thu gom rác sinh hoạt cho 3 ấp" in board and "UBND Xã Tân Hương" in board

    auth.login(clerk)
    client.post(
        f"{need_url}/edit",
        data=need_form(
            title="Thu gom rác sinh hoạt cho 5 ấp",
            sectors=["waste-collection"],
            commune="28525",
            budget="600.000.000",
            procurement="order",
            save="Lưu thay đổi",
        ),
    )
    page = client.get(need_url).get_data(as_text=True)
    assert "Thu gom rác sinh hoạt cho 5 ấp" in page and "600.000.000 ₫" in page

    client.post(f"{need_url}/close", data={"reason": "fulfilled", "note": "HTX Môi trường nhận."})
    auth.logout()
    assert "5 ấp" not in client.get("/needs/").get_data(as_text=True)
    page = client.get(need_url).get_data(as_text=True)
    assert "Đã đóng" in page and "HTX Môi trường nhận." in page


def test_a_member_of_one_organization_has_it_chosen_for_them(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    auth.login(user)
    page = client.get("/needs/new").get_data(as_text=True)
    assert f'<option selected value="{org.id}">' in page


def test_a_user_in_two_organizations_chooses_which_one_posts(client, auth, make):
    user = make.user()
    factory = make.organization(owner=user, name="Nhà máy chế biến thủy sản Sa Đéc")
    make.organization(members=[user], name="HTX Nông nghiệp Tân Hương")
    auth.login(user)
    page = client.get("/needs/new").get_data(as_text=True)
    assert "Nhà máy chế biến thủy sản Sa Đéc" in page and "HTX Nông nghiệp Tân Hương" in page

    client.post("/needs/new", data=need_form(organization=""))
    assert db.session.scalars(db.select(Need)).first() is None
    client.post("/needs/new", data=need_form(organization=str(factory.id)))
    assert only_need().organization_id == factory.id


def test_someone_without_an_organization_is_shown_how_to_get_one(client, auth, make):
    auth.login(make.user())
    page = client.get("/needs/new").get_data(as_text=True)
    assert "Bạn chưa thuộc tổ chức nào" in page and "/organizations/new" in page


def test_a_draft_stays_off_the_board_until_it_is_published(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    auth.login(user)
    client.post(
        "/needs/new",
        data=need_form(organization=str(org.id), publish=None, save_draft="Lưu nháp"),
    )
    need = only_need()
    assert need.status == "draft"
    assert "Cần nâng cấp trạm" not in client.get("/needs/").get_data(as_text=True)
    assert "Bản nháp" in client.get(f"/needs/{need.id}").get_data(as_text=True)

    client.post(f"/needs/{need.id}/publish")
    db.session.refresh(need)
    assert need.status == "open"
    assert "Cần nâng cấp trạm" in client.get("/needs/").get_data(as_text=True)


def test_the_buyer_edits_a_need_and_the_form_shows_what_is_saved(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    need = make.need(org, budget_vnd=2_500_000_000, procurement="order")
    auth.login(user)

    form = client.get(f"/needs/{need.id}/edit").get_data(as_text=True)
    assert 'value="2.500.000.000"' in form and need.title in form
    client.post(
        f"/needs/{need.id}/edit",
        data=need_form(title="Thu gom rác sinh hoạt cho 3 ấp", budget="900000000", save="Lưu"),
    )
    db.session.refresh(need)
    assert need.title == "Thu gom rác sinh hoạt cho 3 ấp"
    assert need.budget_vnd == 900_000_000 and need.status == "open"


def test_the_buyer_closes_a_fulfilled_need_and_can_reopen_it(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    need = make.need(org)
    auth.login(user)

    assert "Đã đáp ứng" in client.get(f"/needs/{need.id}/close").get_data(as_text=True)
    client.post(
        f"/needs/{need.id}/close", data={"reason": "fulfilled", "note": "Đã chọn Công ty Xanh."}
    )
    db.session.refresh(need)
    assert need.status == "closed" and need.close_reason == "fulfilled"
    assert need.closed_at is not None
    assert need.title not in client.get("/needs/").get_data(as_text=True)
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Đã đóng" in page and "Đã chọn Công ty Xanh." in page
    assert client.get(f"/needs/{need.id}/edit").status_code == 302  # reopen first

    client.post(f"/needs/{need.id}/reopen")
    db.session.refresh(need)
    assert need.status == "open" and need.close_reason is None and need.close_note is None
    assert need.title in client.get("/needs/").get_data(as_text=True)


def test_closing_needs_a_reason(client, auth, make):
    user = make.user()
    need = make.need(make.organization(owner=user))
    auth.login(user)
    page = client.post(f"/needs/{need.id}/close", data={"reason": "whatever", "note": "x"})
    assert "Giá trị không có trong danh sách" in page.get_data(as_text=True)
    page = client.post(f"/needs/{need.id}/close", data={"note": "x"})
    assert "Vui lòng chọn lý do" in page.get_data(as_text=True)
    db.session.refresh(need)
    assert need.status == "open"


def test_a_need_past_its_deadline_is_expired_and_leaves_the_board(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    need = make.need(org, title="Quan trắc khí thải lò hơi", deadline_in_days=-1)
    make.need(org, title="Thu gom chất thải nguy hại", deadline_in_days=0)  # still today

    board = client.get("/needs/").get_data(as_text=True)
    assert "Quan trắc khí thải lò hơi" not in board
    assert "Thu gom chất thải nguy hại" in board
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert "Hết hạn" in page

    auth.login(user)
    assert "Gia hạn" in client.get(f"/needs/{need.id}").get_data(as_text=True)
    new_deadline = today_in_vietnam() + timedelta(days=30)
    client.post(f"/needs/{need.id}/extend", data={"deadline": new_deadline.isoformat()})
    db.session.refresh(need)
    assert need.deadline == new_deadline and need.effective_status == "open"
    assert "Quan trắc khí thải lò hơi" in client.get("/needs/").get_data(as_text=True)


def test_extending_refuses_a_date_in_the_past(client, auth, make):
    user = make.user()
    need = make.need(make.organization(owner=user), deadline_in_days=3)
    auth.login(user)
    yesterday = today_in_vietnam() - timedelta(days=1)
    page = client.post(f"/needs/{need.id}/extend", data={"deadline": yesterday.isoformat()})
    assert "Hạn chót đã qua" in page.get_data(as_text=True)
    page = client.post(f"/needs/{need.id}/extend", data={"deadline": "31/02/2027"})
    assert "Ngày không hợp lệ" in page.get_data(as_text=True)
    db.session.refresh(need)
    assert need.deadline == today_in_vietnam() + timedelta(days=3)


def test_reopening_a_closed_need_whose_deadline_passed_asks_for_a_new_one(client, auth, make):
    user = make.user()
    need = make.need(make.organization(owner=user), deadline_in_days=-5, status="closed")
    auth.login(user)
    response = client.post(f"/needs/{need.id}/reopen")
    assert response.headers["Location"].endswith(f"/needs/{need.id}/extend")
    db.session.refresh(need)
    assert need.status == "closed"
    client.post(
        f"/needs/{need.id}/extend",
        data={"deadline": (today_in_vietnam() + timedelta(days=10)).isoformat()},
    )
    db.session.refresh(need)
    assert need.effective_status == "open"


def test_a_draft_can_be_deleted_after_confirmation_but_a_published_need_cannot(client, auth, make):
    user = make.user()
    org = make.organization(owner=user)
    draft = make.need(org, status="draft", title="Bản nháp thử")
    published = make.need(org)
    auth.login(user)

    assert "không khôi phục được" in client.get(f"/needs/{draft.id}/delete").get_data(as_text=True)
    client.post(f"/needs/{draft.id}/delete")
    assert db.session.get(Need, draft.id) is None

    response = client.post(f"/needs/{published.id}/delete")
    assert response.status_code == 302
    assert db.session.get(Need, published.id) is not None
    assert client.get(f"/needs/{published.id}/delete").status_code == 302


def test_publishing_a_draft_whose_deadline_passed_sends_the_buyer_to_edit_it(client, auth, make):
    user = make.user()
    draft = make.need(make.organization(owner=user), status="draft", deadline_in_days=-2)
    auth.login(user)
    response = client.post(f"/needs/{draft.id}/publish")
    assert response.headers["Location"].endswith(f"/needs/{draft.id}/edit")
    db.session.refresh(draft)
    assert draft.status == "draft"


def test_editing_an_expired_need_keeps_its_deadline_without_complaint(client, auth, make):
    user = make.user()
    need = make.need(make.organization(owner=user), deadline_in_days=-3)
    auth.login(user)
    old_deadline = need.deadline
    client.post(
        f"/needs/{need.id}/edit",
        data=need_form(title="Tiêu đề mới", deadline=old_deadline.isoformat(), save="Lưu"),
    )
    db.session.refresh(need)
    assert need.title == "Tiêu đề mới" and need.deadline == old_deadline
