"""Officers hide a listing that breaks the rules; the owner fixes it and asks for a review."""

from sqlalchemy import select

from directory import search
from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering


def actions():
    return [e.action for e in db.session.scalars(select(AuditEntry).order_by(AuditEntry.id))]


def found(q, kind):
    return {hit.id for hit in search.search(q, kind=kind).hits}


def test_hide_an_offering_then_review_and_show_it_again(app, client, make, auth, outbox):
    owner = make.user(email="chu@locbui.vn")
    officer = make.user(role="officer")
    org = make.organization(owner=owner, name="Công ty Lọc Bụi Sa Đéc")
    offering = make.offering(org, title="Thiết bị lọc bụi tĩnh điện công suất lớn")
    assert found("lọc bụi tĩnh điện", "offering") == {offering.id}

    auth.login(officer)
    page = client.get(f"/officer/moderation/offering/{offering.id}")
    assert page.status_code == 200 and "Ẩn và gửi lý do" in page.get_data(as_text=True)
    response = client.post(
        f"/officer/moderation/offering/{offering.id}/hide",
        data={"reason": "Ảnh và thông số sao chép của hãng khác."},
    )
    assert response.status_code == 302
    db.session.refresh(offering)
    assert offering.hidden and offering.hidden_reason == "Ảnh và thông số sao chép của hãng khác."
    [(to, subject, body)] = outbox()
    assert to == "chu@locbui.vn" and "đã bị ẩn" in subject
    assert "sao chép của hãng khác" in body and f"/offerings/{offering.id}" in body
    assert found("lọc bụi tĩnh điện", "offering") == set()  # the index dropped it
    assert actions() == ["offering.hide"]

    auth.logout()
    assert client.get(f"/offerings/{offering.id}").status_code == 404
    auth.login(owner)
    own_page = client.get(f"/offerings/{offering.id}")
    assert own_page.status_code == 200
    assert "sao chép của hãng khác" in own_page.get_data(as_text=True)
    assert f'action="/review/offering/{offering.id}"' in own_page.get_data(as_text=True)
    response = client.post(
        f"/review/offering/{offering.id}", data={"note": "Đã thay ảnh và thông số của công ty."}
    )
    assert response.status_code == 302
    assert "Đã gửi yêu cầu xem xét lại" in client.get(response.location).get_data(as_text=True)
    again = client.post(f"/review/offering/{offering.id}", follow_redirects=True)
    assert "đã được gửi" in again.get_data(as_text=True)

    auth.logout()
    auth.login(officer)
    queue = client.get("/officer/moderation").get_data(as_text=True)
    assert "Chờ xem xét lại" in queue and "Thiết bị lọc bụi tĩnh điện" in queue
    detail = client.get(f"/officer/moderation/offering/{offering.id}").get_data(as_text=True)
    assert "Đã thay ảnh và thông số của công ty." in detail
    response = client.post(
        f"/officer/moderation/offering/{offering.id}/unhide", data={"note": "Đã đạt."}
    )
    assert response.status_code == 302
    db.session.refresh(offering)
    assert not offering.hidden and offering.hidden_reason is None
    subjects = [subject for _to, subject, _body in outbox()]  # one second's mails: any order
    assert len(subjects) == 2
    assert any(s.endswith("đã được hiển thị lại") for s in subjects)
    assert found("lọc bụi tĩnh điện", "offering") == {offering.id}
    assert actions() == ["offering.hide", "offering.unhide"]
    auth.logout()
    assert client.get(f"/offerings/{offering.id}").status_code == 200


def test_hiding_an_organization_hides_its_listings(app, client, make, auth, outbox):
    owner = make.user()
    org = make.organization(owner=owner, name="Công ty Ma")
    offering = make.offering(org, title="Máy ép bùn băng tải")
    need = make.need(org, title="Cần đơn vị thu gom bùn thải")
    auth.login(make.user(role="officer"))
    client.post(
        f"/officer/moderation/organization/{org.id}/hide",
        data={"reason": "Mã số doanh nghiệp không tồn tại."},
    )
    auth.logout()
    for path in (f"/organizations/{org.id}", f"/offerings/{offering.id}", f"/needs/{need.id}"):
        assert client.get(path).status_code == 404, path
    assert found("ép bùn", "offering") == set()
    assert found("thu gom bùn", "need") == set()
    auth.login(owner)
    assert "Mã số doanh nghiệp không tồn tại." in client.get(f"/organizations/{org.id}").get_data(
        as_text=True
    )


def test_hide_and_show_a_need(app, client, make, auth, outbox):
    owner = make.user()
    need = make.need(make.organization(owner=owner), title="Cần mua hóa chất keo tụ PAC")
    auth.login(make.user(role="admin"))
    client.post(f"/officer/moderation/need/{need.id}/hide", data={"reason": "Quảng cáo trá hình."})
    assert db.session.get(Need, need.id).hidden
    auth.logout()
    assert client.get(f"/needs/{need.id}").status_code == 404
    auth.login(owner)
    own_page = client.get(f"/needs/{need.id}").get_data(as_text=True)
    assert own_page.count("Quảng cáo trá hình.") == 1
    assert f'action="/review/need/{need.id}"' in own_page
    client.post(f"/review/need/{need.id}", data={"note": "Đã viết lại."})
    auth.logout()
    auth.login(make.user(role="officer"))
    client.post(f"/officer/moderation/need/{need.id}/unhide", data={"note": ""})
    assert not db.session.get(Need, need.id).hidden
    assert actions() == ["need.hide", "need.unhide"]
    assert len(outbox()) == 2


def test_hiding_needs_a_reason_and_changes_nothing_without_one(app, client, make, auth, outbox):
    offering = make.offering(make.organization(owner=make.user()))
    auth.login(make.user(role="officer"))
    for reason in ("", "   ", "\u202e", "x" * 2001):
        response = client.post(
            f"/officer/moderation/offering/{offering.id}/hide", data={"reason": reason}
        )
        assert response.status_code == 400
    assert not db.session.get(Offering, offering.id).hidden
    assert outbox() == [] and actions() == []


def test_hiding_twice_or_showing_a_visible_record_is_refused(app, client, make, auth, outbox):
    offering = make.offering(make.organization(owner=make.user()))
    auth.login(make.user(role="officer"))
    response = client.post(f"/officer/moderation/offering/{offering.id}/unhide", data={})
    assert response.status_code == 400
    assert "đang hiển thị" in response.get_data(as_text=True)
    client.post(f"/officer/moderation/offering/{offering.id}/hide", data={"reason": "Sai."})
    response = client.post(f"/officer/moderation/offering/{offering.id}/hide", data={"reason": "X"})
    assert response.status_code == 400
    assert actions() == ["offering.hide"] and len(outbox()) == 1


def test_only_members_ask_for_a_review_and_only_of_hidden_records(app, client, make, auth):
    owner, outsider = make.user(), make.user()
    org = make.organization(owner=owner)
    visible = make.offering(org)
    hidden = make.offering(org, hidden=True, hidden_reason="Sai.")

    assert client.post(f"/review/offering/{hidden.id}").status_code == 302  # sign in first
    auth.login(outsider)
    assert client.post(f"/review/offering/{visible.id}").status_code == 403
    assert client.post(f"/review/offering/{hidden.id}").status_code == 404
    assert client.post("/review/offering/999999").status_code == 404
    assert client.post(f"/review/widget/{hidden.id}").status_code == 404
    auth.logout()
    auth.login(owner)
    response = client.post(f"/review/offering/{visible.id}", follow_redirects=True)
    assert "không cần xem xét lại" in response.get_data(as_text=True)
    too_long = client.post(f"/review/offering/{hidden.id}", data={"note": "x" * 2001})
    assert too_long.status_code == 302
    from directory.curation.moderation import review_requested

    assert not review_requested(db.session.get(Offering, hidden.id))


def test_unknown_records_on_the_moderation_pages_are_404(app, client, make, auth):
    auth.login(make.user(role="officer"))
    assert client.get("/officer/moderation/offering/999999").status_code == 404
    assert client.get("/officer/moderation/widget/1").status_code == 404
    assert client.post("/officer/moderation/need/0/hide", data={"reason": "x"}).status_code == 404
    big = "/officer/moderation/organization/99999999999/unhide"
    assert client.post(big).status_code == 404
