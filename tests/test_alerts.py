"""Match alerts (issue 10): a fitting need tells the supplier's members once, by a digest in
the stored outbox that `flask send-alerts` sends; one click unsubscribes."""

from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from sqlalchemy import func, select

from directory.alerts import services
from directory.alerts.models import AlertEvent, AlertMail, AlertSetting
from directory.alerts.sending import send_alerts
from directory.extensions import db
from directory.jobs.models import Job
from directory.matching.models import StoredMatch
from directory.organizations.models import Membership
from directory.timeutil import utcnow

NEED = {
    "title": "Cần đầu tư trạm XLNT tập trung cho cụm công nghiệp",
    "description": "Nước thải cụm công nghiệp khoảng 800 m³/ngày chưa được xử lý.",
    "sectors": ("wastewater",),
}


@pytest.fixture
def supplier(make):
    """A wastewater supplier with an owner and a member, and a buyer organization."""
    owner, member = make.user(name="Chủ Xanh"), make.user(name="Thành viên Xanh")
    org = make.organization(
        owner=owner, members=[member], name="Công ty Môi trường Xanh", verification="verified"
    )
    plant = make.offering(
        org,
        title="Trạm xử lý nước thải tập trung cho cụm công nghiệp",
        description="Thi công trạm XLNT công suất 500–3.000 m³/ngày.",
    )
    buyer_owner = make.user(name="Ban quản lý")
    buyer = make.organization(owner=buyer_owner, name="Ban quản lý CCN Tân Hương")
    return {"owner": owner, "member": member, "plant": plant, "buyer": buyer, "bo": buyer_owner}


def mails(app) -> list:
    folder = Path(app.config["MAIL_DIR"])
    if not folder.is_dir():
        return []
    return [
        message_from_bytes(path.read_bytes(), policy=policy.default)
        for path in sorted(folder.iterdir())
    ]


def publish_need(make, supplier, **fields):
    need = make.need(supplier["buyer"], **{**NEED, **fields})
    row = db.session.scalar(
        select(StoredMatch).where(
            StoredMatch.need_id == need.id, StoredMatch.offering_id == supplier["plant"].id
        )
    )
    assert row is not None and row.is_fit, "the test pair must be a fit"
    return need


def test_a_fitting_need_mails_each_supplier_member_once(app, make, runner, supplier):
    publish_need(make, supplier)

    result = runner.invoke(args=["send-alerts"])

    assert "2 alert mail(s) sent" in result.output
    sent = mails(app)
    assert sorted(m["To"] for m in sent) == sorted(
        [supplier["owner"].email, supplier["member"].email]
    )
    body = sent[0].get_body(("plain",)).get_content()
    assert NEED["title"] in body
    assert "http://localhost/needs/" in body  # SITE_URL (here SERVER_NAME), not a request host
    assert sent[0].get_body(("html",)) is not None
    assert sent[0]["List-Unsubscribe"].strip().startswith("<http://localhost/unsubscribe/")
    assert sent[0]["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"

    again = runner.invoke(args=["send-alerts"])
    assert "0 alert mail(s) sent" in again.output
    assert len(mails(app)) == 2


def test_the_buyers_own_members_and_those_who_turned_alerts_off_are_not_told(app, make, supplier):
    services.set_frequency(supplier["member"], "off")
    # the buyer's owner also belongs to the supplier: never told of their own need
    db.session.add(Membership(user=supplier["bo"], organization=supplier["plant"].organization))
    db.session.commit()
    publish_need(make, supplier)

    assert send_alerts() == 1
    assert [m["To"] for m in mails(app)] == [supplier["owner"].email]
    assert not any(m["To"] == supplier["bo"].email for m in mails(app))


def test_the_same_pair_is_never_told_twice(app, make, supplier):
    need = publish_need(make, supplier)
    send_alerts()
    services.record_matches(need, [(supplier["plant"].id, "strong")])
    db.session.commit()

    assert send_alerts(utcnow() + timedelta(days=2)) == 0
    assert db.session.scalar(select(func.count()).select_from(AlertEvent)) == 2


def test_a_weak_match_is_not_told(app, make, supplier):
    need = make.need(supplier["buyer"], title="Cần mua xe tải chở rác", sectors=())
    assert services.record_matches(need, [(supplier["plant"].id, "possible")]) == 0


def test_a_new_offering_that_fits_an_open_need_tells_the_buyer(app, make, supplier):
    other = make.organization(name="Công ty Nước Sạch Miền Tây")
    need = publish_need(make, supplier)
    send_alerts()  # the supplier hears of the need
    late = make.offering(other, title="Trạm XLNT tập trung công suất 1.000 m³/ngày")
    # publishing it refreshed the need's stored matches, which recorded the buyer's alert
    if services.record_matches(need, [(late.id, "good")]):  # in case it ranked below "good"
        db.session.commit()

    assert send_alerts() == 1
    last = mails(app)[-1]
    assert last["To"] == supplier["bo"].email
    assert late.title in last.get_body(("plain",)).get_content()


def test_the_daily_digest_waits_a_day_and_immediately_queues_the_worker(app, make, supplier):
    publish_need(make, supplier)
    send_alerts()
    services.set_frequency(supplier["owner"], "immediate")
    second = make.need(supplier["buyer"], **{**NEED, "title": "Cần xây trạm XLNT thứ hai"})
    services.record_matches(second, [(supplier["plant"].id, "good")])
    db.session.commit()

    assert db.session.scalar(select(Job).where(Job.kind == "send-alerts")) is not None
    assert send_alerts() == 1  # the owner at once; the member's daily digest waits
    assert send_alerts(utcnow() + timedelta(days=1)) == 1


def unsubscribe_url(app, mail) -> str:
    return mail["List-Unsubscribe"].strip().strip("<>").replace("http://localhost", "")


def test_one_click_unsubscribe_by_post_stops_the_next_mail(app, make, client, supplier):
    publish_need(make, supplier)
    send_alerts()
    mail = next(m for m in mails(app) if m["To"] == supplier["owner"].email)

    answer = client.post(unsubscribe_url(app, mail), data={"List-Unsubscribe": "One-Click"})

    assert answer.status_code == 200
    assert db.session.get(AlertSetting, supplier["owner"].id).frequency == "off"
    make.need(supplier["buyer"], **{**NEED, "title": "Cần xây trạm XLNT thứ hai"})
    send_alerts(utcnow() + timedelta(days=2))
    assert [m["To"] for m in mails(app)].count(supplier["owner"].email) == 1


def test_the_link_in_the_body_unsubscribes_once_and_says_so_when_reused(
    app, make, client, supplier
):
    publish_need(make, supplier)
    send_alerts()
    mail = next(m for m in mails(app) if m["To"] == supplier["member"].email)
    url = unsubscribe_url(app, mail)
    assert url in mail.get_body(("plain",)).get_content().replace("http://localhost", "")

    first = client.get(url).get_data(as_text=True)
    services.set_frequency(supplier["member"], "daily")  # turned back on in the settings
    reused = client.get(url)

    assert "Bạn đã ngừng nhận thư" in first
    assert "đã được dùng" in reused.get_data(as_text=True)
    assert db.session.get(AlertSetting, supplier["member"].id).frequency == "daily"


@pytest.mark.parametrize("token", ["forged", "x" * 5000, "MQ.aaaa.bbbb", "%00", "1" * 40])
def test_forged_tokens_do_nothing_and_say_so(app, make, client, supplier, token):
    answer = client.post(f"/unsubscribe/{token}")
    assert answer.status_code == 400
    assert db.session.scalar(select(func.count()).select_from(AlertSetting)) == 0


def test_an_expired_token_does_nothing(app, make, client, supplier):
    publish_need(make, supplier)
    send_alerts()
    app.config["ALERT_UNSUBSCRIBE_MAX_AGE"] = -1
    url = unsubscribe_url(app, mails(app)[0])

    answer = client.get(url)

    assert answer.status_code == 400
    assert "hết hạn" in answer.get_data(as_text=True)
    assert (
        db.session.scalar(select(AlertSetting.frequency).where(AlertSetting.frequency == "off"))
        is None
    )


def test_smtp_down_keeps_the_mail_queued_until_the_next_run(app, make, supplier):
    publish_need(make, supplier)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False)  # refuses

    assert send_alerts() == 0
    queued = db.session.scalars(select(AlertMail)).all()
    assert [(m.status, m.attempts) for m in queued] == [("queued", 1), ("queued", 1)]
    assert "Connection" in queued[0].last_error or "refused" in queued[0].last_error.lower()
    assert send_alerts() == 0  # backing off: not yet

    app.config["MAIL_SERVER"] = None  # the server is back (here: the mail folder)
    assert send_alerts(utcnow() + timedelta(hours=1)) == 2
    assert len(mails(app)) == 2


def test_the_digest_is_in_the_recipients_language(app, make, supplier):
    supplier["owner"].locale = "en"
    db.session.commit()
    publish_need(make, supplier)
    send_alerts()

    by_to = {m["To"]: m for m in mails(app)}
    english = by_to[supplier["owner"].email]
    vietnamese = by_to[supplier["member"].email]
    assert english["Subject"] == "1 new match"
    assert "Stop these mails" in english.get_body(("plain",)).get_content()
    assert vietnamese["Subject"] == "1 kết quả phù hợp mới"
    assert "Ngừng nhận thư này" in vietnamese.get_body(("plain",)).get_content()


def test_preferences_page_needs_sign_in_and_refuses_unknown_choices(client, auth, supplier):
    assert client.get("/me/alerts").status_code == 302
    auth.login(supplier["owner"])
    assert (
        'checked id="frequency-1" name="frequency" required type="radio" value="daily"'
        in client.get("/me/alerts").get_data(as_text=True)
    )

    bad = client.post("/me/alerts", data={"frequency": "hourly"})
    assert bad.status_code == 200
    assert "Giá trị không có trong danh sách" in bad.get_data(as_text=True)

    good = client.post("/me/alerts", data={"frequency": "weekly"})
    assert good.status_code == 302
    assert db.session.get(AlertSetting, supplier["owner"].id).frequency == "weekly"


def test_officers_see_mail_per_day_and_the_last_errors(app, make, client, auth, supplier):
    publish_need(make, supplier)
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=9, MAIL_USE_TLS=False)
    send_alerts()
    auth.login(supplier["owner"])
    assert client.get("/officer/alert-mail").status_code == 403

    auth.logout()
    auth.login(make.user(role="officer"))
    page = client.get("/officer/alert-mail").get_data(as_text=True)

    assert supplier["owner"].email in page
    assert "<td>2</td>" in page


def test_the_bell_counts_new_matches_messages_and_verification_until_the_list_is_opened(
    app, make, client, auth, supplier
):
    from directory.conversations import services as conversations
    from directory.curation import verification

    publish_need(make, supplier)
    conversations.contact(
        supplier["bo"], supplier["plant"], supplier["buyer"], "Xin báo giá trạm XLNT."
    )
    verification.verify(make.user(role="officer"), supplier["buyer"], "Đã xem giấy phép.")

    auth.login(supplier["owner"])
    home = client.get("/needs/").get_data(as_text=True)
    assert 'aria-label="2 thông báo chưa đọc"' in home  # a new need, a message
    listed = client.get("/me/notifications").get_data(as_text=True)
    assert NEED["title"] in listed and "Tin nhắn mới" in listed
    assert "thông báo chưa đọc" not in client.get("/needs/").get_data(as_text=True)

    auth.logout()
    auth.login(supplier["bo"])
    assert "Đã được xác minh" in client.get("/me/notifications").get_data(as_text=True)
    assert client.get("/me/notifications").status_code == 200


def test_notifications_need_sign_in(client):
    assert client.get("/me/notifications").status_code == 302


def test_immediately_means_the_worker_sends_right_after_the_commit(app, make, supplier):
    from directory.jobs import services as job_services

    services.set_frequency(supplier["owner"], "immediate")
    services.set_frequency(supplier["member"], "off")
    publish_need(make, supplier)

    job = job_services.run_next("test-worker")

    assert job is not None and job.kind == "send-alerts" and job.status == "done"
    assert job.result == {"sent": 1}
    assert [m["To"] for m in mails(app)] == [supplier["owner"].email]
