"""Abuse: members report listings and messages; officers see them in the moderation queue."""

from sqlalchemy import func, select

from directory.conversations.models import AbuseReport, Conversation
from directory.extensions import db

from .test_conversations import deal, propose  # noqa: F401 - the shared fixture


def reports() -> int:
    return db.session.scalar(select(func.count()).select_from(AbuseReport))


def test_a_member_reports_a_message_and_an_officer_reads_that_conversation(
    client,
    auth,
    make,
    deal,  # noqa: F811
):
    auth.login(deal["supplier_user"])
    propose(client, deal, body="Chuyển khoản trước 50% vào tài khoản cá nhân.")
    auth.logout()
    conversation = db.session.scalars(select(Conversation)).one()
    message = conversation.messages[0]
    officer = make.user(role="officer")
    auth.login(officer)
    assert client.get(f"/conversations/{conversation.id}").status_code == 404  # private
    auth.logout()

    auth.login(deal["buyer_user"])
    page = client.get(f"/conversations/{conversation.id}").get_data(as_text=True)
    assert "Báo cáo vi phạm" in page
    empty = client.post(f"/conversations/messages/{message.id}/report", data={"reason": " "})
    assert empty.status_code == 400 and reports() == 0
    response = client.post(
        f"/conversations/messages/{message.id}/report", data={"reason": "Lừa đảo đặt cọc."}
    )
    assert response.status_code == 302 and reports() == 1
    auth.logout()

    auth.login(officer)
    queue = client.get("/officer/moderation").get_data(as_text=True)
    assert "Lừa đảo đặt cọc." in queue.split("<main", 1)[1]
    assert "Lừa đảo đặt cọc." not in queue.split("</title>", 1)[0]
    assert f"Tin nhắn trong một trao đổi #{message.id}</a>" in queue
    thread = client.get(f"/conversations/{conversation.id}")
    assert thread.status_code == 200
    text = thread.get_data(as_text=True)
    assert "Chuyển khoản trước 50%" in text and "Trả lời" not in text  # reads, cannot answer
    reply = client.post(f"/conversations/{conversation.id}/reply", data={"body": "Chào"})
    assert reply.status_code == 404
    report = db.session.scalars(select(AbuseReport)).one()
    client.post(f"/officer/reports/{report.id}/resolve")
    assert "Lừa đảo đặt cọc." not in client.get("/officer/moderation").get_data(as_text=True)


def test_a_signed_in_user_reports_a_listing(client, auth, make, deal):  # noqa: F811
    auth.login(make.user())
    need_url = f"/needs/{deal['need'].id}"
    assert "Báo cáo vi phạm" in client.get(need_url).get_data(as_text=True)
    form_url = f"/report/need/{deal['need'].id}"
    assert client.get(form_url).status_code == 200
    assert client.post(form_url, data={"reason": "x" * 2001}).status_code == 400
    assert reports() == 0
    response = client.post(form_url, data={"reason": "Tin trùng lặp."})
    assert response.status_code == 302 and response.location.endswith(need_url)
    for kind, record_id in (
        ("offering", deal["offering"].id),
        ("organization", deal["supplier"].id),
    ):
        assert (
            client.post(f"/report/{kind}/{record_id}", data={"reason": "Sai."}).status_code == 302
        )
    assert reports() == 3
    # Unknown kinds and records one may not see are 404 and store nothing.
    draft = make.need(deal["buyer"], status="draft")
    for url in ("/report/user/1", f"/report/need/{draft.id}", "/report/offering/999999"):
        assert client.post(url, data={"reason": "Sai."}).status_code == 404
    assert reports() == 3
    auth.logout()

    auth.login(make.user(role="officer"))
    queue = client.get("/officer/moderation").get_data(as_text=True)
    for reported in (
        f"Nhu cầu #{deal['need'].id}",
        f"Giải pháp / dịch vụ #{deal['offering'].id}",
        f"Doanh nghiệp / tổ chức #{deal['supplier'].id}",
    ):
        assert f"{reported}</a>" in queue


def test_members_may_not_resolve_reports(client, auth, make, deal):  # noqa: F811
    auth.login(make.user())
    client.post(f"/report/need/{deal['need'].id}", data={"reason": "Tin trùng lặp."})
    report = db.session.scalars(select(AbuseReport)).one()
    assert client.post(f"/officer/reports/{report.id}/resolve").status_code == 403
    db.session.expire_all()
    assert report.resolved_at is None
