"""Admins manage users and roles, and read the audit log of every officer and admin action."""

from datetime import datetime, timedelta

import pytest
from flask import g
from sqlalchemy import select

from directory.accounts.models import User
from directory.admin import services
from directory.audit.models import AuditEntry
from directory.audit.services import record
from directory.extensions import db


@pytest.fixture
def admin(make, auth):
    user = make.user(email="quantri@sct.dongthap.gov.vn", role="admin", name="Quản Trị Viên")
    auth.login(user)
    return user


def log():
    return db.session.scalars(select(AuditEntry).order_by(AuditEntry.id)).all()


def test_an_admin_finds_a_user_and_makes_them_an_officer(app, client, make, admin):
    make.user(email="lan@sct.dongthap.gov.vn", name="Nguyễn Thị Lan")
    make.user(email="binh@congty.vn", name="Lê Văn Bình")
    page = client.get("/admin/users?q=lan").get_data(as_text=True)
    assert "lan@sct.dongthap.gov.vn" in page and "binh@congty.vn" not in page
    assert "Nguyễn Thị Lan" in client.get("/admin/users?q=Thị Lan").get_data(as_text=True)
    lan = db.session.scalar(select(User).filter_by(email="lan@sct.dongthap.gov.vn"))

    response = client.post(f"/admin/users/{lan.id}/role", data={"role": "officer"})
    assert response.status_code == 302
    assert "Đã đổi vai trò" in client.get(response.location).get_data(as_text=True)
    db.session.refresh(lan)
    assert lan.role == "officer"
    [entry] = log()
    assert (entry.action, entry.actor_id, entry.object_id) == ("user.role", admin.id, lan.id)
    assert entry.before == {"role": "member", "active": True}
    assert entry.after == {"role": "officer", "active": True}

    officers = client.get("/admin/users?role=officer").get_data(as_text=True)
    assert "lan@sct.dongthap.gov.vn" in officers and "binh@congty.vn" not in officers
    # The same role again changes nothing and logs nothing.
    client.post(f"/admin/users/{lan.id}/role", data={"role": "officer"})
    assert len(log()) == 1


def test_an_admin_cannot_remove_their_own_admin_role(app, client, admin):
    response = client.post(f"/admin/users/{admin.id}/role", data={"role": "member"})
    assert "không thể tự bỏ quyền quản trị" in client.get(response.location).get_data(as_text=True)
    assert client.post(f"/admin/users/{admin.id}/deactivate").status_code == 302
    db.session.refresh(admin)
    assert admin.role == "admin" and admin.active
    assert log() == []


def test_a_deactivated_user_can_no_longer_sign_in_until_reactivated(app, client, make, admin, auth):
    spammer = make.user(email="spam@example.vn")
    client.post(f"/admin/users/{spammer.id}/deactivate")
    db.session.refresh(spammer)
    assert not spammer.active
    assert "Đã khóa" in client.get("/admin/users?q=spam").get_data(as_text=True)
    auth.logout()
    auth.login(spammer)
    assert client.get("/account/profile").status_code == 302  # still signed out

    auth.login(admin)
    client.post(f"/admin/users/{spammer.id}/activate")
    db.session.refresh(spammer)
    assert spammer.active
    assert [e.action for e in log()] == ["user.deactivate", "user.activate"]


def test_a_deactivated_user_is_signed_out_at_once(app, client, make, auth):
    spammer = make.user(email="spam2@example.vn")
    admin = make.user(role="admin")
    auth.login(spammer)
    assert client.get("/account/profile").status_code == 200
    services.set_active(admin, spammer, False)
    # The tests share one app context; a real request starts without the cached user
    # (an inactive account is never authenticated: User.is_active drives Flask-Login).
    g.pop("_login_user", None)
    assert client.get("/account/profile").status_code == 302


def test_bad_role_changes_are_refused(app, client, make, admin):
    user = make.user()
    for role in ("", "superuser", "ADMIN", "𝔘", "x" * 3000):
        client.post(f"/admin/users/{user.id}/role", data={"role": role})
    db.session.refresh(user)
    assert user.role == "member" and log() == []
    assert client.post("/admin/users/999999/role", data={"role": "admin"}).status_code == 404
    assert client.post("/admin/users/99999999999/activate").status_code == 404


def test_only_admins_reach_the_admin_pages(app, client, make, auth):
    target = make.user()
    paths = ["/admin/users", "/admin/audit"]
    post_paths = [
        (f"/admin/users/{target.id}/role", {"role": "admin"}),
        (f"/admin/users/{target.id}/deactivate", {}),
        (f"/admin/users/{target.id}/activate", {}),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302 and "/account/login" in response.location
    for path, data in post_paths:
        response = client.post(path, data=data)
        assert response.status_code == 302 and "/account/login" in response.location
    for role in ("member", "officer"):
        auth.login(make.user(role=role))
        for path in paths:
            assert client.get(path).status_code == 403, (role, path)
        for path, data in post_paths:
            assert client.post(path, data=data).status_code == 403, (role, path)
        auth.logout()
    db.session.refresh(target)
    assert target.role == "member" and target.active and log() == []


def test_the_audit_log_shows_who_did_what_when_and_filters(app, client, make, admin, auth):
    officer = make.user(email="canbo@sct.vn", role="officer", name="Cán Bộ Hoa")
    org = make.organization(owner=make.user(), name="Công ty Xanh Sạch")
    auth.logout()
    auth.login(officer)
    client.post(f"/officer/verification/{org.id}/verify", data={"note": "Đã xem giấy phép."})
    client.post(f"/officer/moderation/organization/{org.id}/hide", data={"reason": "Trùng lặp."})
    auth.logout()
    auth.login(admin)
    client.post(f"/admin/users/{officer.id}/role", data={"role": "admin"})

    page = client.get("/admin/audit").get_data(as_text=True)
    for text in ("organization.verify", "organization.hide", "user.role", "Cán Bộ Hoa"):
        assert text in page
    assert "Đã xem giấy phép." in page and "Trùng lặp." in page
    assert f'href="/organizations/{org.id}"' in page  # each entry links to its record

    by_actor = client.get("/admin/audit?actor=canbo@sct.vn").get_data(as_text=True)
    assert "organization.verify" in by_actor and "<code>user.role</code>" not in by_actor
    by_action = client.get("/admin/audit?action=organization.hide").get_data(as_text=True)
    assert "<code>organization.hide</code>" in by_action
    assert "<code>organization.verify</code>" not in by_action
    by_object = client.get(f"/admin/audit?object_type=organizations&object_id={org.id}")
    assert "<code>user.role</code>" not in by_object.get_data(as_text=True)
    assert "2 mục" in by_object.get_data(as_text=True)


def test_the_audit_log_filters_by_vietnamese_days(app, client, make, admin):
    # 23:30 UTC on 9 March is 06:30 on 10 March in Vietnam.
    early = record(admin, "user.role", admin, "sớm")
    early.at = datetime(2026, 3, 9, 16, 59)
    late = record(admin, "user.activate", admin, "muộn")
    late.at = datetime(2026, 3, 9, 23, 30)
    db.session.commit()
    tenth = client.get("/admin/audit?since=10/03/2026&until=2026-03-10").get_data(as_text=True)
    assert "<code>user.activate</code>" in tenth and "<code>user.role</code>" not in tenth
    ninth = client.get("/admin/audit?until=09/03/2026").get_data(as_text=True)
    assert "<code>user.role</code>" in ninth and "<code>user.activate</code>" not in ninth


@pytest.mark.parametrize(
    "query, message",
    [
        ("since=31/02/2026", "Ngày không hợp lệ"),
        ("until=01/01/1900", "từ năm 2000 đến năm 2100"),
        ("since=2026-05-02&until=2026-05-01", "Ngày kết thúc phải từ ngày bắt đầu"),
        ("object_id=abc", "Vui lòng nhập một số nguyên."),
        ("object_id=99999999999999999999", "ID không hợp lệ."),
    ],
)
def test_bad_audit_filters_are_explained(app, client, admin, query, message):
    response = client.get(f"/admin/audit?{query}")
    assert response.status_code == 200
    assert message in response.get_data(as_text=True)


def test_the_audit_log_is_paginated(app, client, admin):
    start = datetime(2026, 1, 1)
    for n in range(35):
        entry = record(admin, "user.role", admin, f"mục số {n:02d}")
        entry.at = start + timedelta(minutes=n)
    db.session.commit()
    first = client.get("/admin/audit").get_data(as_text=True)
    assert "mục số 34" in first and "mục số 04" not in first
    second = client.get("/admin/audit?page=2").get_data(as_text=True)
    assert "mục số 04" in second and "mục số 34" not in second
    for page in ("abc", "-1", "99999999999999999999", "0"):
        assert client.get(f"/admin/audit?page={page}&actor=x").status_code == 200
    assert client.get("/admin/audit?actor=%00").status_code == 400  # control characters
