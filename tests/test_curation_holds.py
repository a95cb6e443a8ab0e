"""Issue 12, item 11: officers choose (a desk setting, stored and audited) whether new,
unverified organizations' first listings wait for review; the desk shows them as waiting."""

from sqlalchemy import select

from directory import search
from directory.audit.models import AuditEntry
from directory.curation import holds
from directory.curation.models import DeskSetting
from directory.extensions import db
from directory.needs import services as need_services
from directory.offerings import services as offering_services

from .test_offerings import offering_form

VALUES = {"title": "Thiết bị lọc bụi túi vải", "type": "equipment", "sectors": ["air-emissions"]}


def turn_hold(client, on: bool):
    data = {"hold_first_listings": "1"} if on else {}
    return client.post("/officer/moderation/settings", data=data)


def test_an_officer_turns_the_hold_on_and_it_is_stored_and_audited(client, make, auth):
    officer = make.user(role="officer")
    auth.login(officer)
    page = client.get("/officer/moderation").get_data(as_text=True)
    assert 'name="hold_first_listings" value="1">' in page  # off by default
    assert turn_hold(client, True).status_code == 302
    assert db.session.get(DeskSetting, holds.HOLD_FIRST_LISTINGS).value == "1"
    assert holds.holding_first_listings()
    page = client.get("/officer/moderation").get_data(as_text=True)
    assert 'name="hold_first_listings" value="1" checked' in page
    turn_hold(client, False)
    assert not holds.holding_first_listings()
    entries = db.session.scalars(select(AuditEntry).filter_by(action="desk.setting")).all()
    assert [(e.before["value"], e.after["value"]) for e in entries] == [("0", "1"), ("1", "0")]
    assert all(e.actor_id == officer.id for e in entries)


def test_only_officers_change_the_setting(client, make, auth):
    assert turn_hold(client, True).status_code in (302, 401)
    auth.login(make.user())
    assert turn_hold(client, True).status_code in (403, 404)
    assert not holds.holding_first_listings()


def test_a_new_organizations_first_offering_waits_then_an_officer_shows_it(
    client, make, auth, outbox
):
    officer, owner = make.user(role="officer"), make.user(email="chu@moi.vn")
    org = make.organization(owner=owner, name="Công ty Mới Thành Lập")
    auth.login(officer)
    turn_hold(client, True)
    auth.logout()

    auth.login(owner)
    response = client.post(f"/offerings/new?org={org.id}", data=offering_form())
    assert response.status_code == 302
    offering = org.offerings[0]
    db.session.refresh(offering)
    assert offering.hidden and offering.hidden_reason == holds.HOLD_REASON
    assert search.search(offering.title, kind="offering").hits == []  # not in the index
    own = client.get(f"/offerings/{offering.id}").get_data(as_text=True)
    assert "chờ cán bộ Sở Công Thương duyệt" in own  # the owner sees why
    auth.logout()
    assert client.get(f"/offerings/{offering.id}").status_code == 404
    assert offering.title not in client.get("/").get_data(as_text=True)

    auth.login(officer)
    desk = client.get("/officer/").get_data(as_text=True)
    assert "Tin chờ duyệt hoặc chờ xem xét lại" in desk
    assert holds.held_count() == 1
    queue = client.get("/officer/moderation").get_data(as_text=True)
    assert offering.title in queue and "Chờ xem xét lại" in queue
    response = client.post(
        f"/officer/moderation/offering/{offering.id}/unhide", data={"note": "Đã duyệt."}
    )
    assert response.status_code == 302
    db.session.refresh(offering)
    assert not offering.hidden and offering.is_public
    assert holds.held_count() == 0
    actions = db.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert "offering.hold" in actions and actions[-1] == "offering.unhide"

    # with one listing public, the next one appears at once
    second = offering_services.create_offering(owner, org, VALUES)
    assert not second.hidden


def test_verified_organizations_and_the_setting_off_publish_at_once(make):
    owner = make.user()
    new_org = make.organization(owner=owner)
    assert not offering_services.create_offering(owner, new_org, VALUES).hidden  # off by default

    officer = make.user(role="officer")
    holds.set_holding_first_listings(officer, True)
    verified = make.organization(owner=owner, verification="verified")
    assert not offering_services.create_offering(owner, verified, VALUES).hidden
    fresh = make.organization(owner=owner)
    need = need_services.create_need(
        owner, fresh, {"title": "Cần thu gom bùn thải", "description": "Bùn từ ao nuôi."}, True
    )
    assert need.hidden and need.hidden_reason == holds.HOLD_REASON
    draft = need_services.create_need(owner, fresh, {"title": "Nháp"}, False)
    assert not draft.hidden  # a draft is not public yet: held when it is published
    need_services.publish_need(owner, draft)
    assert draft.hidden


def test_unverified_organizations_listings_say_so_wherever_cards_show(client, make):
    new = make.organization(name="Công ty Chưa Ai Xác Minh")
    known = make.organization(name="Công ty Đã Xác Minh", verification="verified")
    make.offering(new, title="Máy ép bùn khung bản")
    make.offering(known, title="Máy ép bùn trục vít")
    make.need(new, title="Cần máy ép bùn cho trạm")

    def badges(html, title):
        card = html[html.index(title) :]
        card = card[: card.index("</li>")]
        return ("Chưa xác minh" in card, "Đã xác minh</span>" in card)

    home = client.get("/").get_data(as_text=True)
    assert badges(home, "Máy ép bùn khung bản") == (True, False)
    assert badges(home, "Máy ép bùn trục vít") == (False, True)
    assert badges(home, "Cần máy ép bùn cho trạm") == (True, False)
    results = client.get("/search?q=may ep bun").get_data(as_text=True)
    assert badges(results, "khung bản") == (True, False)
    assert badges(results, "trục vít") == (False, True)
    assert badges(results, "cho trạm") == (True, False)
    board = client.get("/needs/").get_data(as_text=True)
    assert badges(board, "Cần máy ép bùn cho trạm") == (True, False)
    offerings = client.get("/offerings/").get_data(as_text=True)
    assert badges(offerings, "Máy ép bùn khung bản") == (True, False)
