"""A need's deadline: the reminder a week before (sent once), expiry, and extending."""

from datetime import timedelta

import pytest

from directory.extensions import db
from directory.needs.services import extend_need
from directory.timeutil import today_in_vietnam

from .conftest import first_link


def test_the_owner_is_reminded_a_week_before_the_deadline_and_only_once(
    app, client, auth, runner, outbox, make
):
    owner = make.user(email="quanly@ccn.example.vn", name="Lê Văn Cường")
    colleague = make.user(email="kythuat@ccn.example.vn", locale="en")
    cluster = make.organization(owner=owner, members=[colleague], name="CCN Sông Thao")
    need = make.need(cluster, title="Quan trắc khí thải lò hơi", deadline_in_days=7)
    make.need(cluster, title="Còn lâu mới hết hạn", deadline_in_days=8)
    make.need(cluster, title="Bản nháp", deadline_in_days=3, status="draft")
    make.need(cluster, title="Đã đóng", deadline_in_days=3, status="closed")
    make.need(cluster, title="Đã hết hạn", deadline_in_days=-1)

    result = runner.invoke(args=["remind-needs"])
    assert result.exit_code == 0, result.output
    assert "2 reminder(s) sent" in result.output
    mails = outbox()
    assert sorted(to for to, _subject, _body in mails) == [
        "kythuat@ccn.example.vn",
        "quanly@ccn.example.vn",
    ]
    to, subject, body = next(m for m in mails if m[0] == "quanly@ccn.example.vn")
    assert "Quan trắc khí thải lò hơi" in subject and "sắp hết hạn" in subject
    assert "Lê Văn Cường" in body and "CCN Sông Thao" in body
    assert need.deadline.strftime("%d/%m/%Y") in body
    db.session.refresh(need)
    assert need.expiry_warned_on == today_in_vietnam()

    # The daily job runs again: nothing new is sent.
    assert "0 reminder(s) sent" in runner.invoke(args=["remind-needs"]).output
    assert len(outbox()) == 2

    # The link in the mail leads the owner, once signed in, to extend the need.
    link = first_link(body)
    assert link == f"/needs/{need.id}/extend"
    assert "/account/login" in client.get(link).headers["Location"]
    auth.login(owner)
    new_deadline = need.deadline + timedelta(days=60)
    client.post(link, data={"deadline": new_deadline.isoformat()})
    db.session.refresh(need)
    assert need.deadline == new_deadline and need.expiry_warned_on is None


def test_a_new_deadline_gets_its_own_reminder(runner, outbox, make):
    owner = make.user()
    need = make.need(make.organization(owner=owner), deadline_in_days=5)
    runner.invoke(args=["remind-needs"])
    assert len(outbox()) == 1
    extend_need(owner, need, today_in_vietnam() + timedelta(days=6))
    runner.invoke(args=["remind-needs"])
    assert len(outbox()) == 2


def test_an_organization_without_members_is_mailed_at_its_own_address(runner, outbox, make):
    org = make.organization(email="lienhe@ubnd-tanhuong.example.vn")
    make.need(org, deadline_in_days=1)
    runner.invoke(args=["remind-needs"])
    assert [to for to, _s, _b in outbox()] == ["lienhe@ubnd-tanhuong.example.vn"]


def test_hidden_needs_and_hidden_organizations_are_not_reminded(runner, outbox, make):
    owner = make.user()
    make.need(make.organization(owner=owner), deadline_in_days=2, hidden=True)
    make.need(make.organization(owner=owner, hidden=True), deadline_in_days=2)
    assert "0 reminder(s)" in runner.invoke(args=["remind-needs"]).output
    assert outbox() == []


def test_a_member_whose_account_is_disabled_gets_no_mail(runner, outbox, make):
    active = make.user()
    make.need(
        make.organization(owner=active, members=[make.user(active=False)]), deadline_in_days=2
    )
    runner.invoke(args=["remind-needs"])
    assert [to for to, _s, _b in outbox()] == [active.email]


@pytest.mark.app_config(SERVER_NAME=None)
def test_the_cron_job_is_told_the_sites_public_address(runner, outbox, make):
    make.need(make.organization(owner=make.user()), deadline_in_days=2)
    result = runner.invoke(args=["remind-needs", "--site-url", "https://moitruong.example.vn"])
    assert result.exit_code == 0, result.output
    ((_to, _subject, body),) = outbox()
    assert "https://moitruong.example.vn/needs/" in body
