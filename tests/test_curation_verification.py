"""Officers of Sở Công Thương vouch for organizations: the verification queue, end to end."""

from sqlalchemy import select

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.organizations.models import Organization


def entries(action):
    return db.session.scalars(select(AuditEntry).filter_by(action=action)).all()


def test_an_officer_verifies_a_new_organization_and_the_owner_is_told(
    app, client, make, auth, outbox
):
    owner = make.user(email="chu@xanh.vn")
    officer = make.user(role="officer", name="Trần Thị Cán Bộ")
    org = make.organization(owner=owner, name="Công ty TNHH Môi trường Xanh")
    auth.login(officer)

    queue = client.get("/officer/verification").get_data(as_text=True)
    assert "Công ty TNHH Môi trường Xanh" in queue
    page = client.get(f"/officer/verification/{org.id}")
    assert page.status_code == 200
    assert "Xác minh tổ chức" in page.get_data(as_text=True)

    response = client.post(
        f"/officer/verification/{org.id}/verify",
        data={"note": "Đã xem giấy chứng nhận ĐKDN; khảo sát cơ sở ngày 20/11."},
    )
    assert response.status_code == 302
    assert "Đã xác minh Công ty TNHH Môi trường Xanh" in client.get(response.location).get_data(
        as_text=True
    )

    db.session.refresh(org)
    assert org.verification == "verified" and org.verified_at is not None
    [(to, subject, body)] = outbox()
    assert to == "chu@xanh.vn"
    assert "đã được xác minh" in subject
    assert "khảo sát cơ sở ngày 20/11" in body
    [entry] = entries("organization.verify")
    assert entry.actor_id == officer.id and entry.object_id == org.id
    assert entry.before["verification"] == "unverified"
    assert entry.after["verification"] == "verified"
    assert "Công ty TNHH Môi trường Xanh" not in client.get("/officer/verification").get_data(
        as_text=True
    )
    profile = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Đã xác minh" in profile


def test_a_rejected_owner_fixes_the_profile_and_asks_again(app, client, make, auth, outbox):
    owner = make.user(email="chu@vang.vn")
    officer = make.user(role="officer")
    org = make.organization(owner=owner, name="HTX Môi trường Vàng")
    waiting = make.organization(name="Công ty Đang Chờ Lâu")
    auth.login(officer)

    response = client.post(
        f"/officer/verification/{org.id}/reject",
        data={"reason": "Thiếu giấy chứng nhận đăng ký hợp tác xã."},
    )
    assert response.status_code == 302
    client.get(response.location)  # the confirmation names the organization
    db.session.refresh(org)
    assert org.verification == "rejected"
    [(to, subject, body)] = outbox()
    assert to == "chu@vang.vn" and "chưa được xác minh" in subject
    assert "Thiếu giấy chứng nhận đăng ký hợp tác xã." in body
    assert len(entries("organization.reject")) == 1
    assert "HTX Môi trường Vàng" not in client.get("/officer/verification").get_data(as_text=True)

    auth.logout()
    auth.login(owner)
    response = client.post(
        f"/review/organizations/{org.id}/verification",
        data={"note": "Đã bổ sung giấy chứng nhận."},
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.verification == "pending"
    again = client.post(f"/review/organizations/{org.id}/verification", data={"note": ""})
    assert again.status_code == 302
    assert "đã được gửi" in client.get(again.location).get_data(as_text=True)

    auth.logout()
    auth.login(officer)
    queue = client.get("/officer/verification").get_data(as_text=True)
    assert queue.index("HTX Môi trường Vàng") < queue.index(waiting.name)  # requests first
    detail = client.get(f"/officer/verification/{org.id}").get_data(as_text=True)
    assert "Thiếu giấy chứng nhận đăng ký hợp tác xã." in detail
    assert "Đã bổ sung giấy chứng nhận." in detail
    client.post(f"/officer/verification/{org.id}/verify", data={"note": "Đủ giấy tờ."})
    db.session.refresh(org)
    assert org.is_verified
    assert len(outbox()) == 2


def test_a_verification_needs_a_note_and_a_rejection_a_reason(app, client, make, auth, outbox):
    officer = make.user(role="officer")
    org = make.organization(owner=make.user())
    auth.login(officer)

    for path, field in (("verify", "note"), ("reject", "reason")):
        response = client.post(f"/officer/verification/{org.id}/{path}", data={field: "  \u202e "})
        assert response.status_code == 400
        assert "Vui lòng ghi" in response.get_data(as_text=True)
    too_long = client.post(f"/officer/verification/{org.id}/verify", data={"note": "x" * 2001})
    assert too_long.status_code == 400
    assert "x" * 2001 in too_long.get_data(as_text=True)  # the form keeps what was typed

    db.session.refresh(org)
    assert org.verification == "unverified"
    assert outbox() == []
    assert db.session.scalars(select(AuditEntry)).all() == []


def test_verifying_twice_is_refused_without_a_second_mail(app, client, make, auth, outbox):
    officer = make.user(role="officer")
    org = make.organization(owner=make.user())
    auth.login(officer)
    client.post(f"/officer/verification/{org.id}/verify", data={"note": "Đủ giấy tờ."})
    response = client.post(f"/officer/verification/{org.id}/verify", data={"note": "Lần nữa."})
    assert response.status_code == 400
    assert "đã được xác minh" in response.get_data(as_text=True)
    assert len(outbox()) == 1
    assert len(entries("organization.verify")) == 1


def test_an_officer_can_withdraw_a_verification(app, client, make, auth, outbox):
    officer = make.user(role="officer")
    org = make.organization(owner=make.user(), verification="verified")
    auth.login(officer)
    client.post(f"/officer/verification/{org.id}/reject", data={"reason": "Đã giải thể."})
    db.session.refresh(org)
    assert org.verification == "rejected" and not org.is_verified
    [entry] = entries("organization.reject")
    assert entry.before["verification"] == "verified"


def test_the_queue_filters_by_state_and_name_and_survives_odd_pages(app, client, make, auth):
    officer = make.user(role="officer")
    make.organization(name="Công ty Lọc Nước Sạch", enterprise_code="0300000001")
    make.organization(name="Công ty Tái Chế Nhựa", verification="pending")
    make.organization(name="Công ty Bị Từ Chối", verification="rejected")
    make.organization(name="Công ty Đã Xác Minh", verification="verified")
    auth.login(officer)

    default = client.get("/officer/verification").get_data(as_text=True)
    assert "Lọc Nước Sạch" in default and "Tái Chế Nhựa" in default
    assert "Bị Từ Chối" not in default and "Đã Xác Minh" not in default
    rejected = client.get("/officer/verification?state=rejected").get_data(as_text=True)
    assert "Bị Từ Chối" in rejected and "Lọc Nước Sạch" not in rejected
    by_name = client.get("/officer/verification?q=nhựa").get_data(as_text=True)
    assert "Tái Chế Nhựa" in by_name and "Lọc Nước Sạch" not in by_name
    by_code = client.get("/officer/verification?q=0300000001").get_data(as_text=True)
    assert "Lọc Nước Sạch" in by_code
    assert "Không có tổ chức" in client.get("/officer/verification?q=%25_").get_data(as_text=True)
    for page in ("0", "-1", "abc", "99999999999999999999", "٣"):
        assert client.get(f"/officer/verification?page={page}").status_code == 200


def test_only_members_may_ask_for_verification(app, client, make, auth):
    owner = make.user()
    org = make.organization(owner=owner)
    hidden = make.organization(owner=owner, hidden=True, hidden_reason="Sai thông tin.")
    outsider = make.user()

    assert client.post(f"/review/organizations/{org.id}/verification").status_code == 302
    auth.login(outsider)
    assert client.post(f"/review/organizations/{org.id}/verification").status_code == 403
    assert client.post(f"/review/organizations/{hidden.id}/verification").status_code == 404
    assert client.post("/review/organizations/999999/verification").status_code == 404
    assert db.session.get(Organization, org.id).verification == "unverified"


def test_the_owner_sees_the_rejection_reason_and_the_request_button(app, client, make, auth):
    owner = make.user()
    officer = make.user(role="officer")
    org = make.organization(owner=owner)
    auth.login(officer)
    client.post(f"/officer/verification/{org.id}/reject", data={"reason": "Địa chỉ chưa đúng."})
    auth.logout()

    anonymous = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Địa chỉ chưa đúng." not in anonymous
    auth.login(owner)
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Địa chỉ chưa đúng." in page
    assert f"/review/organizations/{org.id}/verification" in page


def test_the_queue_card_separates_code_commune_and_date(client, make, auth):
    officer = make.user(role="officer")
    make.organization(name="HTX Môi trường Sen Hồng", enterprise_code="1401234568")
    auth.login(officer)
    queue = client.get("/officer/verification").get_data(as_text=True)
    assert "MSDN 1401234568 · Phường Mỹ Tho · Cập nhật" in " ".join(queue.split())
