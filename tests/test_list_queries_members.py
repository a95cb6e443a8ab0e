"""A member's own lists load what they show: her pages cost as many queries with 12 rows as
with 3 (tests/test_list_queries.py has the public lists and the shared helper).

Every row differs in what a page shows of it (the other side, sector, commune, author), so a
relationship loaded one row at a time shows up as more queries on the bigger page.
"""

from datetime import timedelta

from sqlalchemy import select

from directory.alerts import saved
from directory.alerts.models import Notification
from directory.conversations.models import Conversation, Message, StageChange
from directory.documents.models import Document
from directory.events.models import Event
from directory.extensions import db
from directory.organizations.models import Membership
from directory.reference.models import Commune
from directory.timeutil import today_in_vietnam, utcnow

from .test_list_queries import SECTORS, queries_for


def add_dealings(make, member, buyer, talk, how_many: int, start: int) -> None:
    """For each i: a supplier the buyer talks with, a need and an offering of the buyer, a
    notification, a saved search and a document for the member, and a colleague who joins the
    buyer and writes in ``talk``."""
    communes = db.session.scalars(select(Commune).order_by(Commune.code)).all()
    for i in range(start, start + how_many):
        sector, commune = SECTORS[i % 4], communes[i % len(communes)]
        supplier = make.organization(owner=make.user(), name=f"Công ty cung cấp {i:02d}")
        offering = make.offering(supplier, title=f"Giải pháp cung cấp {i}", sectors=(sector,))
        need = make.need(buyer, title=f"Cần xử lý số {i}", sectors=(sector,), commune=commune.name)
        make.offering(buyer, title=f"Dịch vụ riêng {i}", sectors=(sector,))
        now = utcnow()
        db.session.add(
            Conversation(
                buyer=buyer,
                supplier=supplier,
                need=need if i % 2 else None,
                offering=None if i % 2 else offering,
                started_by_id=supplier.id,
                stage=("contacted", "quoted", "declined")[i % 3],
                last_message_at=now,
                created_at=now,
                stage_changed_at=now,
            )
        )
        db.session.add(
            Notification(
                user_id=member.id,
                kind=("need", "offering", "message", "verified")[i % 4],
                record_id=need.id,
                subject=f"Thông báo số {i}",
            )
        )
        filters = {"sector": sector, "commune": commune.code}
        saved.save(member, f"nước thải {i}", "offering", filters)
        db.session.add(
            Document(
                organization_id=buyer.id,
                kind="iso",
                title=f"Chứng chỉ ISO số {i}",
                stored_name=f"iso-{i}",
                content_type="application/pdf",
            )
        )
        colleague = make.user(name=f"Đồng nghiệp {i}")
        db.session.add(Membership(user=colleague, organization=buyer, role="member"))
        db.session.add(
            Message(
                conversation_id=talk.id,
                organization_id=buyer.id,
                author_id=colleague.id,
                body=f"Tin nhắn số {i}",
            )
        )
        db.session.add(StageChange(conversation_id=talk.id, stage="quoted", by_id=colleague.id))
    db.session.commit()


def test_a_members_pages_cost_the_same_queries_for_3_rows_as_for_12(
    client, auth, make, count_queries
):
    member = make.user(name="Chị Mua")
    buyer = make.organization(owner=member, name="KCN Sa Đéc", kind="industrial_park")
    supplier = make.organization(name="Công ty Nước Sạch")
    talk = Conversation(
        buyer=buyer,
        supplier=supplier,
        offering=make.offering(supplier),
        started_by_id=buyer.id,
        stage_changes=[StageChange(stage="contacted")],
    )
    db.session.add(talk)
    db.session.commit()
    pages = (
        "/inbox",
        "/me",
        "/me/notifications",
        "/me/searches",
        f"/organizations/{buyer.id}",
        f"/organizations/{buyer.id}/members",
        f"/conversations/{talk.id}",
    )
    auth.login(member)
    add_dealings(make, member, buyer, talk, 3, start=0)
    few = {path: queries_for(client, count_queries, path) for path in pages}
    add_dealings(make, member, buyer, talk, 9, start=3)
    many = {path: queries_for(client, count_queries, path) for path in pages}
    assert many == few
    shown = {path: client.get(path).get_data(as_text=True) for path in pages}
    assert "Công ty cung cấp 11" in shown["/inbox"]
    assert "Dịch vụ riêng 11" in shown["/me"] and "Cần xử lý số 11" in shown["/me"]
    assert "Thông báo số 11" in shown["/me/notifications"]
    assert "nước thải 11" in shown["/me/searches"]
    assert "Chứng chỉ ISO số 11" in shown[f"/organizations/{buyer.id}"]
    assert "Đồng nghiệp 11" in shown[f"/organizations/{buyer.id}/members"]
    assert "Tin nhắn số 11" in shown[f"/conversations/{talk.id}"]


def test_the_organization_choosers_cost_the_same_for_a_member_of_five_as_of_two(
    client, auth, make, count_queries
):
    member = make.user(name="Anh Tư")
    for i in range(2):
        make.organization(owner=member, name=f"Hợp tác xã số {i}")
    today = today_in_vietnam()
    fair = Event(
        title="Hội chợ công nghệ môi trường",
        starts_on=today + timedelta(days=20),
        ends_on=today + timedelta(days=21),
        registration_deadline=today + timedelta(days=10),
        published=True,
    )
    db.session.add(fair)
    db.session.commit()
    auth.login(member)
    pages = ["/offerings/new", "/needs/new", f"/events/{fair.id}/register"]
    two = {path: queries_for(client, count_queries, path) for path in pages}
    for i in range(2, 5):
        make.organization(owner=member, name=f"Hợp tác xã số {i}")
    five = {path: queries_for(client, count_queries, path) for path in pages}
    assert five == two
    assert "Hợp tác xã số 4" in client.get("/needs/new").get_data(as_text=True)
