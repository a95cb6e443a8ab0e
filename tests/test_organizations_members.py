"""An owner invites colleagues, removes them, and hands the organization over."""

from datetime import timedelta

from directory.extensions import db
from directory.organizations.models import Invitation, Membership

from .conftest import PASSWORD, first_link


def roles(org):
    db.session.expire_all()
    return {
        m.user.email: m.role
        for m in db.session.scalars(db.select(Membership).filter_by(organization_id=org.id))
    }


def test_an_invited_colleague_signs_up_accepts_and_edits_an_offering(client, auth, make, outbox):
    owner = make.user(email="giamdoc@xanhmytho.vn", name="Lê Văn Tâm")
    org = make.organization(owner=owner, name="Công ty TNHH Môi trường Xanh Mỹ Tho")
    offering = make.offering(org, title="Trạm xử lý nước thải MBR")
    auth.login(owner)
    response = client.post(
        f"/organizations/{org.id}/members/invite", data={"email": "KyThuat@XanhMyTho.vn"}
    )
    assert response.status_code == 302
    page = client.get(f"/organizations/{org.id}/members").get_data(as_text=True)
    assert "kythuat@xanhmytho.vn" in page and "Lời mời đang chờ" in page
    auth.logout()

    ((to, subject, body),) = outbox()
    assert to == "kythuat@xanhmytho.vn"
    assert "Công ty TNHH Môi trường Xanh Mỹ Tho" in subject and "Lê Văn Tâm" in body
    link = first_link(body)

    # Not signed in yet: the link leads to sign-in, and the mail also offers sign-up.
    response = client.get(link)
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert "/account/signup?next=" in body
    client.post(
        "/account/signup",
        data={
            "name": "Phạm Thị Hoa",
            "email": "kythuat@xanhmytho.vn",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    client.get(first_link(outbox()[-1][2]))  # the sign-up's confirmation mail
    page = client.get(link).get_data(as_text=True)
    assert "Tham gia Công ty TNHH Môi trường Xanh Mỹ Tho" in page
    response = client.post(link)
    assert response.status_code == 302
    assert roles(org)["kythuat@xanhmytho.vn"] == "member"

    response = client.post(
        f"/offerings/{offering.id}/edit",
        data={
            "type": "technology",
            "title": "Trạm xử lý nước thải MBR 50 m³/ngày",
            "sectors": ["wastewater"],
        },
    )
    assert response.status_code == 302
    db.session.refresh(offering)
    assert offering.title == "Trạm xử lý nước thải MBR 50 m³/ngày"

    # The link has done its work.
    assert client.post(link).status_code in (302, 404)
    assert db.session.scalars(db.select(Invitation)).one().accepted_at is not None


def test_an_existing_user_accepts_while_signed_in_with_the_invited_address(
    client, auth, make, outbox
):
    owner, colleague = make.user(), make.user(email="hoa@example.vn")
    org = make.organization(owner=owner)
    auth.login(owner)
    client.post(f"/organizations/{org.id}/members/invite", data={"email": "hoa@example.vn"})
    auth.logout()
    link = first_link(outbox()[-1][2])

    auth.login(make.user(email="someone-else@example.vn"))
    response = client.get(link)
    assert response.status_code == 403
    assert "được gửi tới một địa chỉ email khác" in response.get_data(as_text=True)
    assert client.post(link).status_code == 403
    auth.logout()

    auth.login(colleague)
    client.post(link)
    assert roles(org)["hoa@example.vn"] == "member"


def test_forged_and_expired_invitation_links_do_nothing(client, auth, make, outbox):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    client.post(f"/organizations/{org.id}/members/invite", data={"email": "late@example.vn"})
    link = first_link(outbox()[-1][2])
    invitation = db.session.scalars(db.select(Invitation)).one()
    invitation.created_at -= timedelta(days=15)
    db.session.commit()
    auth.logout()

    auth.login(make.user(email="late@example.vn"))
    assert client.post(link).status_code == 404
    assert client.get("/organizations/invitations/not-a-real-token").status_code == 404
    assert client.get("/organizations/invitations/" + "x" * 300).status_code == 404
    assert "late@example.vn" not in roles(org)


def test_inviting_bad_or_existing_addresses_is_explained(client, auth, make):
    owner = make.user(email="owner@example.vn")
    org = make.organization(owner=owner)
    auth.login(owner)
    response = client.post(
        f"/organizations/{org.id}/members/invite", data={"email": "khong hop le"}
    )
    assert response.status_code == 400
    assert "Email không hợp lệ." in response.get_data(as_text=True)
    response = client.post(
        f"/organizations/{org.id}/members/invite", data={"email": "owner@example.vn"}
    )
    assert "đã là thành viên" in response.get_data(as_text=True)
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_inviting_the_same_address_twice_keeps_one_invitation_with_a_fresh_link(
    client, auth, make, outbox
):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    for _ in range(2):
        client.post(f"/organizations/{org.id}/members/invite", data={"email": "a@example.vn"})
    first, second = (first_link(mail[2]) for mail in outbox())
    assert first != second
    assert len(db.session.scalars(db.select(Invitation)).all()) == 1


def test_the_owner_revokes_an_invitation(client, auth, make, outbox):
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    client.post(f"/organizations/{org.id}/members/invite", data={"email": "a@example.vn"})
    invitation = db.session.scalars(db.select(Invitation)).one()
    client.post(f"/organizations/{org.id}/invitations/{invitation.id}/revoke")
    assert db.session.scalars(db.select(Invitation)).all() == []


def test_the_owner_removes_a_member_but_never_the_owner(client, auth, make):
    owner, colleague = make.user(email="o@example.vn"), make.user(email="c@example.vn")
    org = make.organization(owner=owner, members=[colleague])
    memberships = {m.user.email: m for m in org.memberships}
    auth.login(owner)
    response = client.post(
        f"/organizations/{org.id}/members/{memberships['o@example.vn'].id}/remove",
        follow_redirects=True,
    )
    assert "Không thể xóa chủ sở hữu" in response.get_data(as_text=True)
    client.post(f"/organizations/{org.id}/members/{memberships['c@example.vn'].id}/remove")
    assert roles(org) == {"o@example.vn": "owner"}


def test_ownership_is_transferred_and_the_organization_always_keeps_one_owner(client, auth, make):
    owner, colleague = make.user(email="o@example.vn"), make.user(email="c@example.vn")
    org = make.organization(owner=owner, members=[colleague])
    colleague_membership = next(m for m in org.memberships if m.user_id == colleague.id)
    auth.login(owner)
    client.post(f"/organizations/{org.id}/members/{colleague_membership.id}/owner")
    assert roles(org) == {"o@example.vn": "member", "c@example.vn": "owner"}
    # The former owner is now an ordinary member: member management is closed to them…
    assert (
        client.post(f"/organizations/{org.id}/members/invite", data={"email": "x@e.vn"}).status_code
        == 403
    )
    # …and the new owner cannot simply leave.
    auth.logout()
    auth.login(colleague)
    response = client.post(f"/organizations/{org.id}/leave", follow_redirects=True)
    assert "Hãy chuyển quyền sở hữu" in response.get_data(as_text=True)
    assert roles(org)["c@example.vn"] == "owner"


def test_a_member_may_leave(client, auth, make):
    owner, colleague = make.user(email="o@example.vn"), make.user(email="c@example.vn")
    org = make.organization(owner=owner, members=[colleague])
    auth.login(colleague)
    assert client.post(f"/organizations/{org.id}/leave").status_code == 302
    assert roles(org) == {"o@example.vn": "owner"}


def test_admins_manage_members_of_any_organization(client, auth, make):
    owner, colleague = make.user(email="o@example.vn"), make.user(email="c@example.vn")
    org = make.organization(owner=owner, members=[colleague])
    colleague_membership = next(m for m in org.memberships if m.user_id == colleague.id)
    auth.login(make.user(role="admin"))
    client.post(f"/organizations/{org.id}/members/{colleague_membership.id}/owner")
    assert roles(org) == {"o@example.vn": "member", "c@example.vn": "owner"}


def test_member_management_is_for_the_owner_only(client, auth, make):
    owner, colleague = make.user(email="o@example.vn"), make.user(email="c@example.vn")
    org = make.organization(owner=owner, members=[colleague])
    ids = {m.user.email: m.id for m in org.memberships}
    posts = [
        (f"/organizations/{org.id}/members/invite", {"email": "new@example.vn"}),
        (f"/organizations/{org.id}/members/{ids['o@example.vn']}/remove", {}),
        (f"/organizations/{org.id}/members/{ids['c@example.vn']}/owner", {}),
        (f"/organizations/{org.id}/invitations/1/revoke", {}),
    ]
    # Anonymous: sign in first.
    for url, data in posts:
        response = client.post(url, data=data)
        assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert client.get(f"/organizations/{org.id}/members").status_code == 302
    # A plain member sees the list but cannot change it.
    auth.login(colleague)
    page = client.get(f"/organizations/{org.id}/members").get_data(as_text=True)
    assert "o@example.vn" in page and "Mời thành viên" not in page
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403
    auth.logout()
    # Outsiders (even officers) cannot either; outsiders do not even see the list.
    auth.login(make.user())
    assert client.get(f"/organizations/{org.id}/members").status_code == 403
    assert client.post(f"/organizations/{org.id}/leave").status_code == 403
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403
    auth.logout()
    auth.login(make.user(role="officer"))
    for url, data in posts:
        assert client.post(url, data=data).status_code == 403
    assert roles(org) == {"o@example.vn": "owner", "c@example.vn": "member"}


def test_membership_ids_of_another_organization_are_refused(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner)
    stranger_org = make.organization(owner=make.user(), members=[make.user()])
    stranger_member = next(m for m in stranger_org.memberships if m.role == "member")
    auth.login(owner)
    for action in ("remove", "owner"):
        response = client.post(
            f"/organizations/{org.id}/members/{stranger_member.id}/{action}",
            follow_redirects=True,
        )
        assert "không phải thành viên" in response.get_data(as_text=True)
    assert db.session.get(Membership, stranger_member.id).role == "member"


def test_an_owner_cannot_flood_mailboxes_with_invitations(client, auth, make, outbox, monkeypatch):
    monkeypatch.setattr("directory.organizations.services.MAX_PENDING_INVITATIONS", 2)
    owner = make.user()
    org = make.organization(owner=owner)
    auth.login(owner)
    for n in range(2):
        client.post(f"/organizations/{org.id}/members/invite", data={"email": f"a{n}@example.vn"})
    response = client.post(
        f"/organizations/{org.id}/members/invite", data={"email": "b@example.vn"}
    )
    assert response.status_code == 400
    assert "2 lời mời chưa được nhận" in response.get_data(as_text=True)
    assert len(outbox()) == 2
    # Sending a fresh link to someone already invited is still fine.
    client.post(f"/organizations/{org.id}/members/invite", data={"email": "a0@example.vn"})
    assert len(outbox()) == 3
