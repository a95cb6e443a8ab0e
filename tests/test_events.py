"""Trade-promotion events (issue 14): an officer runs an event, organizations register,
book meetings in slots, and see them on their agendas."""

from datetime import time, timedelta

import pytest
from flask import g
from icalendar import Calendar

from directory.events import meetings, services
from directory.events.models import Booking, Event, Meeting, Participant
from directory.extensions import db
from directory.timeutil import today_in_vietnam


def make_event(officer, **overrides) -> Event:
    start = today_in_vietnam() + timedelta(days=10)
    values = {
        "title": "Hội nghị kết nối cung cầu công nghiệp môi trường 2027",
        "description": "Gặp gỡ doanh nghiệp và khu công nghiệp.",
        "commune_code": None,
        "venue": "Trung tâm Hội nghị tỉnh",
        "online": False,
        "starts_on": start,
        "ends_on": start,
        "registration_deadline": start - timedelta(days=2),
        "capacity": None,
        "approval_required": False,
        "published": True,
        "slot_minutes": 20,
        "tables": 5,
    }
    values.update(overrides)
    event = services.save_event(officer, values)
    services.add_meeting_day(officer, event, event.starts_on, time(8, 0), time(9, 0))
    return event


@pytest.fixture
def scene(app, make):
    """An officer's published event with three 20-minute slots; a supplier and a commune
    with their owners."""
    officer = make.user(role="officer")
    event = make_event(officer)
    supplier_owner = make.user(name="Trần Thị Bình")
    supplier = make.organization(owner=supplier_owner, name="Công ty Xanh Sa Đéc")
    commune_owner = make.user(name="Lê Văn Cường")
    commune = make.organization(
        owner=commune_owner, name="UBND Phường Mỹ Tho", kind="commune_committee"
    )
    return {
        "officer": officer,
        "event": event,
        "supplier": supplier,
        "supplier_owner": supplier_owner,
        "commune": commune,
        "commune_owner": commune_owner,
    }


def register(user, event, org, **values):
    values.setdefault("attendees", "Nguyễn Văn A, giám đốc")
    return services.register(user, event, org, values)


def test_an_officer_creates_an_event_with_slots_and_the_public_sees_it(client, auth, make, app):
    officer = make.user(role="officer")
    auth.login(officer)
    day = today_in_vietnam() + timedelta(days=20)
    response = client.post(
        "/events/new",
        data={
            "title": "Triển lãm công nghệ xử lý chất thải",
            "starts_on": day.strftime("%d/%m/%Y"),
            "ends_on": day.strftime("%d/%m/%Y"),
            "registration_deadline": (day - timedelta(days=3)).strftime("%d/%m/%Y"),
            "slot_minutes": "30",
            "tables": "4",
            "published": "y",
        },
    )
    assert response.status_code == 302
    event = db.session.scalar(db.select(Event))
    response = client.post(
        f"/events/{event.id}/days",
        data={
            "day": day.strftime("%d/%m/%Y"),
            "starts": "08:00",
            "ends": "12:00",
            "breaks": "10:00-10:30",
        },
    )
    assert response.status_code == 302
    assert len(event.slots) == 7  # 8:00–10:00 four, 10:30–12:00 three
    auth.logout()
    page = client.get("/events").get_data(as_text=True)
    assert "Triển lãm công nghệ xử lý chất thải" in page
    assert client.get(f"/events/{event.id}").status_code == 200


def test_bad_event_input_is_refused_with_a_message_and_kept(client, auth, make):
    auth.login(make.user(role="officer"))
    response = client.post(
        "/events/new",
        data={
            "title": "Hội chợ \x00",
            "starts_on": "10/05/2027",
            "ends_on": "01/05/2027",
            "registration_deadline": "01/05/2027",
            "slot_minutes": "99999999999999999999",
            "tables": "abc",
        },
    )
    assert response.status_code == 400
    assert db.session.scalar(db.select(Event)) is None


def test_drafts_are_hidden_from_the_public_and_only_officers_edit(client, auth, app, make):
    officer = make.user(role="officer")
    draft = make_event(officer, published=False)
    assert client.get(f"/events/{draft.id}").status_code == 404
    assert "công nghiệp môi trường 2027" not in client.get("/events").get_data(as_text=True)
    assert client.get("/events/new").status_code == 302  # sign in first
    auth.login(make.user())
    assert client.get("/events/new").status_code == 403
    assert client.get(f"/events/{draft.id}/grid").status_code == 403
    assert client.get("/events/99999999999999999999").status_code == 404


def test_two_organizations_register_book_a_meeting_and_see_it_in_the_same_slot(
    client, auth, scene, outbox
):
    event, supplier, commune = scene["event"], scene["supplier"], scene["commune"]
    auth.login(scene["supplier_owner"])
    response = client.post(
        f"/events/{event.id}/register",
        data={"organization": str(supplier.id), "attendees": "Trần Thị Bình"},
    )
    assert response.status_code == 302
    auth.logout()
    auth.login(scene["commune_owner"])
    client.post(
        f"/events/{event.id}/register",
        data={"organization": str(commune.id), "attendees": "Lê Văn Cường"},
    )
    them = db.session.scalar(db.select(Participant).filter_by(organization_id=supplier.id))
    page = client.get(f"/events/{event.id}/participants").get_data(as_text=True)
    assert "Công ty Xanh Sa Đéc" in page
    client.post(
        f"/events/{event.id}/participants/{them.id}/meet",
        data={"message": "Chúng tôi cần xử lý nước thải chợ."},
    )
    auth.logout()
    assert "Yêu cầu gặp mới" in outbox()[-1][1]

    auth.login(scene["supplier_owner"])
    meeting = db.session.scalar(db.select(Meeting))
    response = client.post(f"/events/{event.id}/meetings/{meeting.id}/accept", data={"slot": ""})
    assert response.status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == "accepted" and meeting.table_no == 1
    first = event.slots[0]
    assert meeting.slot_id == first.id  # the first slot both have free
    slot_text = first.starts_at.strftime("%d/%m/%Y %H:%M")
    assert slot_text in client.get(f"/events/{event.id}/agenda").get_data(as_text=True)
    ics = client.get(f"/events/{event.id}/agenda.ics")
    assert ics.mimetype == "text/calendar"
    auth.logout()

    auth.login(scene["commune_owner"])
    agenda = client.get(f"/events/{event.id}/agenda").get_data(as_text=True)
    assert slot_text in agenda and "Công ty Xanh Sa Đéc" in agenda
    assert "đã nhận lịch gặp" in outbox()[-1][1]

    calendar = Calendar.from_ical(ics.data)
    (item,) = calendar.walk("VEVENT")
    assert item["dtstart"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert item["dtstart"].dt.replace(tzinfo=None) == first.starts_at
    assert str(item["dtstart"].dt.tzinfo) == "Asia/Ho_Chi_Minh"
    assert [tz["tzid"] for tz in calendar.walk("VTIMEZONE")] == ["Asia/Ho_Chi_Minh"]
    auth.logout()

    auth.login(scene["officer"])
    grid = client.get(f"/events/{event.id}/grid").get_data(as_text=True)
    assert "UBND Phường Mỹ Tho – Công ty Xanh Sa Đéc" in grid


def test_nobody_is_booked_twice_in_a_slot(app, make, scene):
    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    third_owner = make.user()
    third = register(third_owner, event, make.organization(owner=third_owner))
    first = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    second = meetings.request_meeting(third_owner, third, supplier, "")
    slot = event.slots[1]
    meetings.accept(scene["supplier_owner"], first, slot.id)
    with pytest.raises(services.EventError) as refused:
        meetings.accept(scene["supplier_owner"], second, slot.id)
    assert refused.value.code == "slot-taken"
    meetings.accept(scene["supplier_owner"], second)  # the site picks the next free slot
    assert second.slot_id == event.slots[0].id
    rows = db.session.scalars(db.select(Booking).filter_by(participant_id=supplier.id)).all()
    assert len({b.slot_id for b in rows}) == len(rows) == 2


def test_concurrent_accepts_cannot_double_book(app, make, scene, monkeypatch):
    """Two sessions accept two requests for the same supplier in the same slot at once."""
    import threading

    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite serializes writers; the race needs PostgreSQL")
    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    third_owner = make.user()
    third = register(third_owner, event, make.organization(owner=third_owner))
    ids = [
        meetings.request_meeting(scene["commune_owner"], commune, supplier, "").id,
        meetings.request_meeting(third_owner, third, supplier, "").id,
    ]
    slot_id, owner_id = event.slots[0].id, scene["supplier_owner"].id
    db.session.remove()
    barrier = threading.Barrier(2, timeout=10)
    original = meetings.common_free_slots

    def both_see_the_slot_free(meeting):
        free = original(meeting)
        barrier.wait()  # both have read the slot as free before either writes
        return free

    monkeypatch.setattr(meetings, "common_free_slots", both_see_the_slot_free)
    outcomes: list[str] = []

    def accept(meeting_id):
        with app.app_context():
            from directory.accounts.models import User

            try:
                user = db.session.get(User, owner_id)
                meetings.accept(user, db.session.get(Meeting, meeting_id), slot_id)
                outcomes.append("booked")
            except services.EventError as error:
                outcomes.append(error.code)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=accept, args=(i,)) for i in ids]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["booked", "slot-taken"]
    assert (
        db.session.scalar(
            db.select(db.func.count()).select_from(Booking).filter_by(participant_id=supplier.id)
        )
        == 1
    )


def test_capacity_deadline_and_approval_hold(app, make):
    officer = make.user(role="officer")
    event = make_event(officer, capacity=1, approval_required=True)
    first_owner, second_owner = make.user(), make.user()
    first = register(first_owner, event, make.organization(owner=first_owner))
    assert first.status == "pending"
    with pytest.raises(services.EventError) as refused:
        register(second_owner, event, make.organization(owner=second_owner))
    assert refused.value.code == "full"
    services.decide(officer, first, accept=True)
    assert first.status == "accepted"

    closed = make_event(officer, registration_deadline=today_in_vietnam() - timedelta(days=1))
    with pytest.raises(services.EventError) as refused:
        register(second_owner, closed, second_owner.memberships[0].organization)
    assert refused.value.code == "closed"
    stranger = make.organization()
    with pytest.raises(services.EventError):
        register(second_owner, event, stranger)  # not their organization


def test_a_withdrawn_participants_meetings_are_cancelled_and_the_other_side_told(
    client, auth, scene, outbox
):
    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    meetings.accept(scene["supplier_owner"], meeting)
    auth.login(scene["commune_owner"])
    assert client.post(f"/events/{event.id}/withdraw").status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == "cancelled" and meeting.slot_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 0
    to, subject, _ = outbox()[-1]
    assert to == scene["supplier_owner"].email and "đã bị hủy" in subject


def test_only_the_invited_side_answers_and_strangers_see_no_agenda(client, auth, scene, make):
    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    auth.login(scene["commune_owner"])  # the requester cannot accept its own request
    client.post(f"/events/{event.id}/meetings/{meeting.id}/accept")
    db.session.refresh(meeting)
    assert meeting.status == "requested"
    auth.logout()
    auth.login(make.user())
    assert client.get(f"/events/{event.id}/agenda").status_code == 403
    assert client.get(f"/events/{event.id}/participants").status_code == 403
    assert client.get(f"/events/{event.id}/grid").status_code == 403
    assert client.post(f"/events/{event.id}/meetings/{meeting.id}/decline").status_code == 302
    assert client.post(f"/events/{event.id}/meetings/{meeting.id}/explode").status_code == 404
    db.session.refresh(meeting)
    assert meeting.status == "requested"
    auth.logout()
    assert client.get(f"/events/{event.id}/agenda").status_code == 302  # sign in first


def test_a_counter_proposal_is_accepted_by_the_requester(app, scene):
    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    later = event.slots[2]
    meetings.propose_slot(scene["supplier_owner"], meeting, later.id)
    with pytest.raises(services.EventError):
        meetings.accept(scene["supplier_owner"], meeting)  # now the requester answers
    meetings.accept(scene["commune_owner"], meeting)
    assert meeting.slot_id == later.id


def test_requests_unanswered_for_three_days_expire(app, runner, scene, outbox):
    from directory.timeutil import utcnow

    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    fresh = meetings.request_meeting(
        scene["supplier_owner"], supplier, register(*_third(scene, event)), ""
    )
    meeting.created_at = utcnow() - timedelta(days=3, minutes=1)
    db.session.commit()
    result = runner.invoke(args=["expire-meeting-requests"])
    assert "1 meeting request(s) expired." in result.output
    db.session.expire_all()
    assert db.session.get(Meeting, meeting.id).status == "expired"
    assert db.session.get(Meeting, fresh.id).status == "requested"
    assert "quá hạn" in outbox()[-1][1]


def _third(scene, event):
    from directory.accounts.models import User
    from directory.organizations.models import Membership, Organization

    owner = User(email="ba@example.vn", name="Ba", role="member", password_hash="x")
    org = Organization(name="HTX Môi trường Ba", kind="cooperative", description="")
    db.session.add_all([owner, org, Membership(user=owner, organization=org, role="owner")])
    db.session.commit()
    return owner, event, org


@pytest.mark.parametrize("named", ["another's", "0", "2147483648", "abc"])
def test_an_organization_shows_only_its_own_records_at_an_event(app, make, scene, named):
    own = make.offering(scene["supplier"])
    another = make.offering(scene["commune"])
    typed = str(another.id) if named == "another's" else named

    with pytest.raises(services.EventError) as refused:
        register(
            scene["supplier_owner"],
            scene["event"],
            scene["supplier"],
            offering_ids=[str(own.id), typed],
        )

    assert refused.value.code == "unknown-record"
    db.session.rollback()
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 0


def test_suggestions_rank_participants_by_the_stored_matches(client, auth, app, make, scene):
    from directory.matching.models import StoredMatch

    event = scene["event"]
    need = make.need(scene["commune"])
    offering = make.offering(scene["supplier"])
    other_owner = make.user()
    other = make.organization(owner=other_owner, name="Công ty Không Liên Quan")
    register(other_owner, event, other)
    register(scene["supplier_owner"], event, scene["supplier"], offering_ids=[offering.id])
    register(scene["commune_owner"], event, scene["commune"], need_ids=[need.id])
    # The matching stored the pair when the records were saved; name its reason for the test.
    match = db.session.scalar(db.select(StoredMatch).filter_by(need_id=need.id))
    if match is None:
        match = StoredMatch(need=need, offering=offering, score=3.5, rank=1)
        db.session.add(match)
    match.reasons = {"vi": ["Cùng lĩnh vực nước thải"], "en": ["Same sector"]}
    db.session.commit()
    auth.login(scene["commune_owner"])
    page = client.get(f"/events/{event.id}/participants").get_data(as_text=True)
    suggested = page.split("Tất cả người tham gia")[0]
    assert "Công ty Xanh Sa Đéc" in suggested and "Cùng lĩnh vực nước thải" in suggested
    assert "Công ty Không Liên Quan" not in suggested
    filtered = client.get(f"/events/{event.id}/participants?kind=nonsense&commune=x&q=" + "a" * 500)
    assert filtered.status_code == 200 and "Không có người tham gia nào khớp" in filtered.text
    mine = client.get(f"/events/{event.id}/participants?kind=company&q=Xanh").text
    assert "Công ty Xanh Sa Đéc" in mine.split("Tất cả người tham gia")[1]


def test_the_organizer_schedules_pending_requests_and_marks_no_shows(client, auth, make):
    officer = make.user(role="officer")
    event = make_event(officer, tables=1)
    people = []
    for _n in range(3):
        owner = make.user()
        people.append((owner, register(owner, event, make.organization(owner=owner))))
    (a_owner, a), (b_owner, b), (c_owner, c) = people
    meetings.request_meeting(a_owner, a, b, "")
    meetings.request_meeting(c_owner, c, b, "")
    meetings.request_meeting(a_owner, a, c, "")
    assert meetings.auto_schedule(officer, event) == (3, 0)
    slots = db.session.scalars(db.select(Meeting.slot_id).order_by(Meeting.id)).all()
    assert len(set(slots)) == 3  # one table: one meeting per slot
    auth.login(officer)
    meeting = db.session.scalar(db.select(Meeting))
    client.post(f"/events/{event.id}/meetings/{meeting.id}/no-show", data={"no_show": "1"})
    db.session.refresh(meeting)
    assert meeting.no_show is True
    assert "Vắng" in client.get(f"/events/{event.id}/grid").get_data(as_text=True)


def test_a_meeting_that_led_somewhere_opens_a_conversation_and_counts_in_the_report(
    client, auth, make, scene
):
    from directory.conversations.models import Conversation
    from directory.conversations.services import change_stage
    from directory.reports.services import build_report

    event = scene["event"]
    offering = make.offering(scene["supplier"])
    supplier = register(
        scene["supplier_owner"], event, scene["supplier"], offering_ids=[offering.id]
    )
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    meetings.accept(scene["supplier_owner"], meeting)
    auth.login(scene["commune_owner"])
    url = f"/events/{event.id}/meetings/{meeting.id}/follow-up"
    client.post(url, data={"body": "Xin báo giá hệ thống MBR."})
    assert db.session.scalar(db.select(Conversation)) is None  # not held yet: refused

    for slot in event.slots:  # the event took place
        slot.starts_at -= timedelta(days=30)
        slot.ends_at -= timedelta(days=30)
    event.starts_on = event.ends_on = event.slots[0].starts_at.date()
    db.session.commit()
    assert "Có trao đổi tiếp" in client.get(f"/events/{event.id}/agenda").text
    response = client.post(url, data={"body": "Xin báo giá hệ thống MBR."})
    conversation = db.session.scalar(db.select(Conversation))
    assert response.location.endswith(f"/conversations/{conversation.id}")
    assert conversation.offering_id == offering.id
    assert conversation.buyer_id == scene["commune"].id
    db.session.refresh(meeting)
    assert meeting.followed_up and meeting.conversation_id == conversation.id
    change_stage(conversation, "contracted", by=scene["supplier_owner"])
    db.session.commit()

    report = build_report(event.starts_on.year, matching=False)
    rows = dict((str(r[0]), r[1]) for r in report.table("events").rows)
    assert rows["Sự kiện trong năm"] == 1 and rows["Lượt tổ chức tham gia"] == 2
    assert rows["Cuộc gặp đã diễn ra"] == 1 and rows["Cuộc gặp có trao đổi tiếp"] == 1
    assert rows["Trong đó đã ký hợp đồng"] == 1
    kinds = dict((str(r[0]), r[1]) for r in report.table("event-participants").rows)
    assert kinds["UBND xã, phường"] == 1 and kinds["Phường Mỹ Tho"] == 2


def test_the_organizer_downloads_participants_and_agenda_as_xlsx(client, auth, scene):
    import io

    from openpyxl import load_workbook

    event = scene["event"]
    supplier = register(scene["supplier_owner"], event, scene["supplier"], offers_text="=1+1")
    commune = register(scene["commune_owner"], event, scene["commune"])
    meetings.accept(
        scene["supplier_owner"],
        meetings.request_meeting(scene["commune_owner"], commune, supplier, ""),
    )
    auth.login(scene["supplier_owner"])
    assert client.get(f"/events/{event.id}/export.xlsx").status_code == 403
    auth.logout()
    auth.login(scene["officer"])
    response = client.get(f"/events/{event.id}/export.xlsx")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Người tham gia", "Lịch gặp"]
    people = list(book["Người tham gia"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in people] == ["Công ty Xanh Sa Đéc", "UBND Phường Mỹ Tho"]
    assert people[0][5] == "'=1+1"  # never a formula
    (row,) = book["Lịch gặp"].iter_rows(min_row=2, values_only=True)
    assert row[1:4] == ("08:00", "08:20", 1) and row[4] == "UBND Phường Mỹ Tho"


def _crowd(make, event, how_many: int, host):
    """``how_many`` more participants, each asking ``host`` for a meeting and one accepted."""
    for _n in range(how_many):
        owner = make.user()
        guest = register(owner, event, make.organization(owner=owner))
        meetings.request_meeting(owner, guest, host, "Xin gặp.")
    pending = db.session.scalars(db.select(Meeting).filter_by(status="requested")).first()
    meetings.accept(host_owner(host), pending)


def host_owner(host):
    return host.organization.memberships[0].user


def test_event_pages_cost_the_same_queries_for_3_participants_as_for_9(
    client, auth, make, scene, count_queries
):
    event = scene["event"]
    event.tables = 20
    db.session.commit()
    event_id = event.id
    host_id = register(scene["supplier_owner"], event, scene["supplier"]).id
    pages = {
        scene["supplier_owner"].email: ["agenda", "agenda.ics", "participants"],
        scene["officer"].email: ["grid", "participants", "export.xlsx"],
    }
    costs = []
    for more in (3, 6):
        _crowd(make, db.session.get(Event, event_id), more, db.session.get(Participant, host_id))
        cost = []
        for email, names in pages.items():
            auth.login(email)
            for name in names:
                # The test and the requests share a session: start each from an empty one.
                db.session.expunge_all()
                g.pop("_login_user", None)  # Flask-Login's cached user shares the context too
                with count_queries() as counted:
                    assert client.get(f"/events/{event_id}/{name}").status_code == 200
                cost.append(counted.n)
            auth.logout()
        costs.append(cost)
    assert costs[0] == costs[1]


def test_the_invitee_may_choose_the_slot_and_odd_slots_are_refused(client, auth, scene, make):
    event = scene["event"]
    other = make_event(scene["officer"])
    supplier = register(scene["supplier_owner"], event, scene["supplier"])
    commune = register(scene["commune_owner"], event, scene["commune"])
    meeting = meetings.request_meeting(scene["commune_owner"], commune, supplier, "")
    auth.login(scene["supplier_owner"])
    url = f"/events/{event.id}/meetings/{meeting.id}/accept"
    assert client.post(url, data={"slot": str(other.slots[0].id)}).status_code == 302
    db.session.refresh(meeting)
    assert meeting.status == "requested"  # another event's slot is refused
    client.post(url, data={"slot": str(event.slots[2].id)})
    db.session.refresh(meeting)
    assert meeting.slot_id == event.slots[2].id  # the slot the invitee chose
    for odd in ("abc", "-1", "99999999999999999999", "\x00"):
        assert client.post(url, data={"slot": odd}).status_code in (302, 400)


def _workbook(rows) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_an_officer_imports_participants_from_a_workbook_all_or_nothing(client, auth, scene, make):
    import io

    event = scene["event"]
    scene["supplier"].ref = "ORG-001"
    db.session.commit()
    url = f"/events/{event.id}/participants.xlsx"
    auth.login(scene["supplier_owner"])
    assert client.post(url).status_code == 403
    auth.logout()
    auth.login(scene["officer"])
    header = ["organization", "attendees", "offers", "seeks"]
    bad = _workbook(
        [header, ["ORG-001", "Bình", "MBR", ""], ["NO-SUCH", "", "", ""], [str(10**30)]]
    )
    response = client.post(url, data={"file": (io.BytesIO(bad), "p.xlsx")}, follow_redirects=True)
    assert "dòng 3: organization: không tìm thấy tổ chức" in response.text
    assert "dòng 4: organization" in response.text
    assert db.session.scalar(db.select(Participant)) is None  # nothing half-saved
    good = _workbook(
        [
            header,
            ["ORG-001", "Bình", "MBR", ""],
            [str(scene["commune"].id), "Cường", "", "Xử lý rác"],
        ]
    )
    for _attempt in range(2):  # the same file twice changes nothing the second time
        response = client.post(
            url, data={"file": (io.BytesIO(good), "p.xlsx")}, follow_redirects=True
        )
    assert "Đã thêm 0, cập nhật 0 người tham gia." in response.text
    people = db.session.scalars(db.select(Participant).order_by(Participant.id)).all()
    assert [(p.organization_id, p.status, p.seeks_text) for p in people] == [
        (scene["supplier"].id, "accepted", ""),
        (scene["commune"].id, "accepted", "Xử lý rác"),
    ]
    junk = client.post(
        url, data={"file": (io.BytesIO(b"not a workbook"), "p.xlsx")}, follow_redirects=True
    )
    assert "Tệp không phải sổ tính .xlsx đọc được." in junk.text


def test_a_meeting_day_outside_the_event_or_with_odd_breaks_is_refused(client, auth, scene):
    event = scene["event"]
    auth.login(scene["officer"])
    before = len(event.slots)
    for day, breaks, message in (
        (event.starts_on + timedelta(days=5), "", "Ngày gặp phải nằm trong thời gian"),
        (event.starts_on, "12:00-11:00", "Giờ nghỉ ghi theo dạng"),
        (event.starts_on, "noon-1-2", "Giờ nghỉ ghi theo dạng"),
    ):
        response = client.post(
            f"/events/{event.id}/days",
            data={"day": day.isoformat(), "starts": "13:00", "ends": "15:00", "breaks": breaks},
        )
        assert response.status_code == 400 and message in response.text
        assert 'value="13:00"' in response.text  # what was typed is kept
    db.session.refresh(event)
    assert len(event.slots) == before
