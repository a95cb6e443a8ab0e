"""Matches become conversations: a supplier proposes, the buyer answers, the deal moves on."""

import pytest
from sqlalchemy import func, select

from directory.conversations import services
from directory.conversations.models import Conversation, Message, StageChange
from directory.extensions import db

from .conftest import first_link


@pytest.fixture
def deal(make):
    """A buyer's open need and a supplier with an offering, each with one member."""
    buyer_user = make.user(email="mua@example.vn", name="Chị Mua")
    supplier_user = make.user(email="ban@example.vn", name="Anh Bán")
    buyer = make.organization(owner=buyer_user, name="KCN Sa Đéc", kind="industrial_park")
    supplier = make.organization(owner=supplier_user, name="Công ty Nước Sạch")
    need = make.need(buyer)
    offering = make.offering(supplier)
    return {
        "buyer_user": buyer_user,
        "supplier_user": supplier_user,
        "buyer": buyer,
        "supplier": supplier,
        "need": need,
        "offering": offering,
    }


def counts():
    return tuple(
        db.session.scalar(select(func.count()).select_from(m))
        for m in (Conversation, Message, StageChange)
    )


def propose(client, deal, body="Chúng tôi đề xuất hệ thống MBR.", **extra):
    data = {"organization": str(deal["supplier"].id), "body": body, **extra}
    return client.post(f"/conversations/propose/{deal['need'].id}", data=data)


def test_a_supplier_proposes_and_the_buyer_answers_and_moves_the_deal_on(
    client, auth, deal, outbox
):
    auth.login(deal["supplier_user"])
    page = client.get(f"/needs/{deal['need'].id}").get_data(as_text=True)
    assert "Gửi đề xuất" in page and "Nội dung" in page and "Gửi" in page
    response = propose(client, deal, offering=str(deal["offering"].id))
    assert response.status_code == 302
    conversation = db.session.scalars(select(Conversation)).one()
    assert conversation.offering_id == deal["offering"].id
    assert conversation.stage == "contacted"

    # The buyer's member was mailed, with the text quoted and a link to the conversation.
    to, subject, body = outbox()[-1]
    assert to == "mua@example.vn" and "Công ty Nước Sạch" in subject
    assert "> Chúng tôi đề xuất hệ thống MBR." in body
    link = first_link(body)
    assert link == f"/conversations/{conversation.id}"

    auth.logout()
    auth.login(deal["buyer_user"])
    assert "Hộp thư <span" in client.get("/").get_data(as_text=True)  # one unread
    inbox = client.get("/inbox").get_data(as_text=True)
    assert "Chưa đọc" in inbox and deal["need"].title in inbox
    thread = client.get(link).get_data(as_text=True)
    assert "Chúng tôi đề xuất hệ thống MBR." in thread and "Giai đoạn" in thread
    assert "Chưa đọc" not in client.get("/inbox").get_data(as_text=True)

    client.post(f"{link}/reply", data={"body": "Mời anh gửi báo giá."})
    assert outbox()[-1][0] == "ban@example.vn"
    assert "> Mời anh gửi báo giá." in outbox()[-1][2]
    assert client.post(f"{link}/stage", data={"stage": "quoted"}).status_code == 302
    assert client.post(f"{link}/stage", data={"stage": "contracted"}).status_code == 302
    db.session.expire_all()
    assert conversation.stage == "contracted"
    assert [c.stage for c in conversation.stage_changes] == ["contacted", "quoted", "contracted"]
    thread = client.get(link).get_data(as_text=True)
    assert "giai đoạn chuyển sang “Đã báo giá”" in thread
    assert "giai đoạn chuyển sang “Đã ký hợp đồng”" in thread


def test_sending_again_to_the_same_need_continues_the_conversation(client, auth, deal):
    auth.login(deal["supplier_user"])
    propose(client, deal)
    propose(client, deal, body="Bổ sung: bảo hành 5 năm.")
    conversation = db.session.scalars(select(Conversation)).one()
    assert [m.body for m in conversation.messages][-1] == "Bổ sung: bảo hành 5 năm."


def test_a_buyer_contacts_a_supplier_from_an_offering_naming_its_need(client, auth, deal):
    auth.login(deal["buyer_user"])
    page = client.get(f"/offerings/{deal['offering'].id}").get_data(as_text=True)
    assert "Liên hệ" in page
    response = client.post(
        f"/conversations/contact/{deal['offering'].id}",
        data={
            "organization": str(deal["buyer"].id),
            "need": str(deal["need"].id),
            "body": "Xin báo giá cho trạm 1.500 m³/ngày.",
        },
    )
    assert response.status_code == 302
    conversation = db.session.scalars(select(Conversation)).one()
    assert (conversation.buyer_id, conversation.supplier_id) == (
        deal["buyer"].id,
        deal["supplier"].id,
    )
    assert conversation.need_id == deal["need"].id


def test_visitors_are_invited_to_sign_in_to_propose_or_contact(client, deal):
    need_page = client.get(f"/needs/{deal['need'].id}").get_data(as_text=True)
    assert "Đăng nhập để gửi đề xuất" in need_page and "Nội dung" not in need_page
    offering_page = client.get(f"/offerings/{deal['offering'].id}").get_data(as_text=True)
    assert "Đăng nhập để liên hệ" in offering_page


def test_members_do_not_see_the_form_on_their_own_need(client, auth, deal):
    auth.login(deal["buyer_user"])
    assert "Gửi đề xuất" not in client.get(f"/needs/{deal['need'].id}").get_data(as_text=True)
    assert client.get(f"/conversations/propose/{deal['need'].id}").status_code == 404


@pytest.mark.parametrize(
    "body, message",
    [
        ("", "Vui lòng nhập nội dung."),
        ("   ", "Vui lòng nhập nội dung."),
        ("x" * 5001, "Tối đa 5000 ký tự."),
    ],
)
def test_empty_or_over_long_messages_are_refused(client, auth, deal, body, message):
    auth.login(deal["supplier_user"])
    response = propose(client, deal, body=body)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_a_message_of_exactly_5000_characters_is_accepted(client, auth, deal):
    auth.login(deal["supplier_user"])
    assert propose(client, deal, body="x" * 5000).status_code == 302


def test_foreign_or_unknown_offerings_and_needs_are_refused(client, auth, make, deal):
    stranger = make.organization(owner=make.user())
    foreign_offering = make.offering(stranger)
    foreign_need = make.need(stranger)
    auth.login(deal["supplier_user"])
    for value in (str(foreign_offering.id), "999999", "abc", "2147483648"):
        response = propose(client, deal, offering=value)
        assert response.status_code == 400
        assert "Giải pháp đã chọn không thuộc tổ chức của bạn." in response.get_data(as_text=True)
    auth.logout()
    auth.login(deal["buyer_user"])
    for value in (str(foreign_need.id), "0", "99999999999999999999"):
        response = client.post(
            f"/conversations/contact/{deal['offering'].id}",
            data={"organization": str(deal["buyer"].id), "need": value, "body": "Chào anh."},
        )
        assert response.status_code == 400
        assert "Nhu cầu đã chọn không thuộc tổ chức của bạn." in response.get_data(as_text=True)
    # Writing for an organization one does not belong to is refused as well.
    response = client.post(
        f"/conversations/contact/{deal['offering'].id}",
        data={"organization": str(stranger.id), "body": "Chào anh."},
    )
    assert response.status_code == 400
    assert counts() == (0, 0, 0)


def test_a_stage_that_goes_nowhere_is_refused(client, auth, deal):
    auth.login(deal["supplier_user"])
    propose(client, deal)
    conversation = db.session.scalars(select(Conversation)).one()
    for stage in ("contacted", "signed", ""):
        response = client.post(f"/conversations/{conversation.id}/stage", data={"stage": stage})
        assert response.status_code == 400
        assert "Hãy chọn một giai đoạn khác với giai đoạn hiện tại." in response.get_data(
            as_text=True
        )
    assert counts() == (1, 1, 1)


def test_a_hidden_offering_or_a_draft_need_cannot_be_the_subject(client, auth, make, deal):
    draft = make.need(deal["buyer"], status="draft")
    deal["offering"].hidden = True
    db.session.commit()
    auth.login(deal["supplier_user"])
    data = {"organization": str(deal["supplier"].id), "body": "Chào."}
    assert client.post(f"/conversations/propose/{draft.id}", data=data).status_code == 404
    auth.logout()
    auth.login(deal["buyer_user"])
    data = {"organization": str(deal["buyer"].id), "body": "Chào."}
    url = f"/conversations/contact/{deal['offering'].id}"
    assert client.post(url, data=data).status_code == 404
    # …nor can a hidden or unpublished offering be named in a proposal, or a draft need in
    # a contact.
    with pytest.raises(services.ConversationError):
        services.propose(
            deal["supplier_user"], deal["need"], deal["supplier"], "Chào.", deal["offering"].id
        )
    unpublished = make.offering(deal["supplier"], published=False)
    with pytest.raises(services.ConversationError):
        services.propose(
            deal["supplier_user"], deal["need"], deal["supplier"], "Chào.", unpublished.id
        )
    other = make.offering(make.organization(owner=make.user()))
    with pytest.raises(services.ConversationError):
        services.contact(deal["buyer_user"], other, deal["buyer"], "Chào.", draft.id)
    assert counts() == (0, 0, 0)


def test_a_third_organization_cannot_read_answer_or_move_a_conversation(client, auth, make, deal):
    auth.login(deal["supplier_user"])
    propose(client, deal)
    conversation = db.session.scalars(select(Conversation)).one()
    auth.logout()
    outsider = make.user()
    make.organization(owner=outsider)
    for who in (outsider, make.user(role="officer")):
        auth.login(who)
        url = f"/conversations/{conversation.id}"
        assert client.get(url).status_code == 404
        assert client.post(f"{url}/reply", data={"body": "Xen vào."}).status_code == 404
        assert client.post(f"{url}/stage", data={"stage": "declined"}).status_code == 404
        message_id = conversation.messages[0].id
        report = client.post(f"/conversations/messages/{message_id}/report", data={"reason": "x"})
        assert report.status_code == 404
        assert deal["need"].title not in client.get("/inbox").get_data(as_text=True)
        auth.logout()
    assert counts() == (1, 1, 1)


def test_every_new_page_sends_anonymous_visitors_to_sign_in(app, client, deal):
    before = counts()
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("conversations."):
            continue
        if rule.endpoint == "conversations.follow_up":
            continue  # the mailed one-click link: its signed token is the permission
        path = rule.rule.replace("<kind>", "need")
        for arg in rule.arguments - {"kind"}:
            path = path.replace(f"<id:{arg}>", "1")
        for method in {"GET", "POST"} & rule.methods:
            response = client.open(path, method=method, data={"body": "x", "reason": "x"})
            assert response.status_code == 302, (method, path)
            assert "/account/login" in response.location, (method, path)
    assert counts() == before


def test_each_organization_opens_at_most_the_daily_limit(app, client, auth, make, deal):
    app.config["CONVERSATIONS_PER_DAY"] = 2
    needs = [make.need(deal["buyer"], title=f"Nhu cầu số {i}") for i in range(3)]
    auth.login(deal["supplier_user"])
    data = {"organization": str(deal["supplier"].id), "body": "Chào."}
    for need in needs[:2]:
        assert client.post(f"/conversations/propose/{need.id}", data=data).status_code == 302
    response = client.post(f"/conversations/propose/{needs[2].id}", data=data)
    assert response.status_code == 400
    assert "quá nhiều trao đổi mới trong 24 giờ" in response.get_data(as_text=True)
    assert counts()[0] == 2
    # Continuing an existing conversation is not limited.
    assert client.post(f"/conversations/propose/{needs[0].id}", data=data).status_code == 302


def test_an_unconfirmed_account_may_browse_but_not_send(client, auth, make, deal):
    unconfirmed = make.user()
    make.organization(owner=unconfirmed)
    auth.login(unconfirmed)
    unconfirmed.confirmed = False  # sign-in needs a confirmed address; sending checks it again
    db.session.commit()
    assert client.get(f"/needs/{deal['need'].id}").status_code == 200
    response = client.post(
        f"/conversations/propose/{deal['need'].id}",
        data={"organization": str(unconfirmed.memberships[0].organization_id), "body": "Chào."},
    )
    assert response.status_code == 400
    assert "xác nhận địa chỉ email" in response.get_data(as_text=True)
    assert counts() == (0, 0, 0)


def test_the_header_count_costs_one_query_for_members_and_none_for_visitors(
    app, client, auth, deal
):
    from sqlalchemy import event

    statements = []

    def count(*args):
        statements.append(args[2])

    auth.login(deal["buyer_user"])
    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        client.get("/account/profile")
        signed_in = [s for s in statements if "conversation" in s]
        statements.clear()
        auth.logout()
        client.get("/account/login")
        anonymous = [s for s in statements if "conversation" in s]
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert len(signed_in) == 1
    assert anonymous == []


def test_the_me_page_counts_the_conversations_waiting_for_an_answer(client, auth, deal):
    auth.login(deal["supplier_user"])
    propose(client, deal)
    buyer, supplier = deal["buyer_user"], deal["supplier_user"]
    assert services.unanswered_count(buyer) == 1
    assert services.unanswered_count(supplier) == 0


def test_follow_up_asks_the_buyer_after_30_and_90_days_with_single_use_links(
    app, client, auth, runner, outbox, deal
):
    from datetime import timedelta

    from directory.timeutil import utcnow

    app.config["SITE_URL"] = "https://moitruong.example.vn"
    auth.login(deal["supplier_user"])
    propose(client, deal)
    auth.logout()
    conversation = db.session.scalars(select(Conversation)).one()
    mails = len(outbox())
    assert "0 follow-up" in runner.invoke(args=["follow-up"]).output  # too early

    conversation.stage_changed_at = utcnow() - timedelta(days=31)
    db.session.commit()
    assert "1 follow-up" in runner.invoke(args=["follow-up"]).output
    assert "0 follow-up" in runner.invoke(args=["follow-up"]).output  # not twice
    to, _subject, body = outbox()[-1]
    assert len(outbox()) == mails + 1 and to == "mua@example.vn"
    links = {
        line.split(": ")[0].lstrip("- "): line.split(": ")[1]
        for line in body.splitlines()
        if "https://moitruong.example.vn/follow-up/" in line
    }
    assert set(links) == {"Đã báo giá", "Đã ký hợp đồng", "Đã bàn giao", "Không tiếp tục"}
    contracted = links["Đã ký hợp đồng"].replace("https://moitruong.example.vn", "")
    assert "Đã ký hợp đồng" in client.get(contracted).get_data(as_text=True)
    assert client.post(contracted).status_code == 200
    db.session.expire_all()
    assert conversation.stage == "contracted"
    # Used once: this link and its siblings from the same mail no longer work.
    quoted = links["Đã báo giá"].replace("https://moitruong.example.vn", "")
    for link in (contracted, quoted):
        response = client.post(link)
        assert response.status_code == 400
        assert "đã dùng hoặc đã hết hạn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert conversation.stage == "contracted"
    assert len(conversation.stage_changes) == 2


def test_expired_or_forged_follow_up_links_change_nothing(app, client, auth, runner, deal):
    from datetime import timedelta

    from directory.conversations import followup
    from directory.timeutil import utcnow

    auth.login(deal["supplier_user"])
    propose(client, deal)
    auth.logout()
    conversation = db.session.scalars(select(Conversation)).one()
    conversation.stage_changed_at = utcnow() - timedelta(days=95)
    db.session.commit()
    runner.invoke(args=["follow-up"])
    follow_up = db.session.scalars(select(followup.FollowUp)).one()
    assert follow_up.after_days == 90  # the 90-day question only, not both
    token = followup.link_token(follow_up, "declined")
    app.config["FOLLOW_UP_LINK_MAX_AGE"] = -1
    for url in (f"/follow-up/{token}", f"/follow-up/{token[:-3]}abc"):
        response = client.post(url)
        assert response.status_code == 400
        assert "hết hạn" in response.get_data(as_text=True)
    db.session.expire_all()
    assert conversation.stage == "contacted" and follow_up.used_at is None


def test_the_inbox_loads_what_it_shows_in_the_same_number_of_queries(app, client, auth, make, deal):
    from sqlalchemy import event

    def queries_for_inbox():
        statements = []
        engine = db.engine
        listener = lambda *args: statements.append(args[2])  # noqa: E731
        event.listen(engine, "before_cursor_execute", listener)
        try:
            assert client.get("/inbox").status_code == 200
        finally:
            event.remove(engine, "before_cursor_execute", listener)
        return len(statements)

    auth.login(deal["supplier_user"])
    propose(client, deal)
    one = queries_for_inbox()
    for i in range(3):
        buyer = make.organization(owner=make.user(), name=f"Cụm công nghiệp số {i}")
        need = make.need(buyer, title=f"Nhu cầu số {i}")
        client.post(
            f"/conversations/propose/{need.id}",
            data={"organization": str(deal["supplier"].id), "body": "Chào."},
        )
    assert queries_for_inbox() == one


def test_accounts_made_by_an_officer_count_as_confirmed(app, runner):
    from directory.accounts.services import find_user

    result = runner.invoke(args=["create-user", "--password", "mật khẩu đủ dài 123", "a@b.vn"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        assert find_user("a@b.vn").is_confirmed


def test_the_buyer_finds_the_proposal_on_its_own_page_with_how_many_wait(client, auth, deal):
    auth.login(deal["supplier_user"])
    propose(client, deal)
    auth.logout()
    auth.login(deal["buyer_user"])
    page = " ".join(client.get("/me").get_data(as_text=True).split())
    assert "Trao đổi đang diễn ra · 1 chờ bạn trả lời" in page
    assert deal["need"].title in page and "Đã liên hệ" in page
    assert deal["offering"].organization.name in page


def test_a_buyer_contacts_a_supplier_from_a_match_card(client, auth, deal):
    auth.login(deal["buyer_user"])
    need, offering = deal["need"], deal["offering"]
    page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    link = f"/conversations/contact/{offering.id}?need={need.id}"
    assert link in page
    form = client.get(link).get_data(as_text=True)
    assert f'<option selected value="{need.id}">' in form
