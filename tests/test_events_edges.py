"""Event days off the happy path: refused meeting requests and answers, a lost race for a
slot, the organizer's scheduling with too few slots, and follow-ups that cannot happen."""

import io
from datetime import time, timedelta

import pytest

from directory.conversations.models import Conversation
from directory.events import meetings, services
from directory.events.models import Booking, Event, Meeting, Participant
from directory.extensions import db
from directory.timeutil import today_in_vietnam

from .test_events import make_event, register


@pytest.fixture
def day(app, make):
    """An officer's event with three slots, two registered organizations and their owners."""
    officer = make.user(role="officer")
    event = make_event(officer)
    owners = [make.user(name="Trần Thị Bình"), make.user(name="Lê Văn Cường")]
    orgs = [
        make.organization(owner=owners[0], name="Công ty Xanh Sa Đéc"),
        make.organization(owner=owners[1], name="UBND Phường Mỹ Tho", kind="commune_committee"),
    ]
    supplier, commune = (register(o, event, org) for o, org in zip(owners, orgs, strict=True))
    return {
        "officer": officer,
        "event": event,
        "supplier": supplier,
        "supplier_owner": owners[0],
        "commune": commune,
        "commune_owner": owners[1],
    }


def refusal(action) -> str:
    with pytest.raises(services.EventError) as refused:
        action()
    return refused.value.code


def newcomer(make, event):
    owner = make.user()
    return owner, register(owner, event, make.organization(owner=owner))


def test_meeting_requests_that_make_no_sense_are_refused_and_nothing_is_saved(app, make, day):
    supplier, commune, owner = day["supplier"], day["commune"], day["commune_owner"]
    assert refusal(lambda: meetings.request_meeting(owner, commune, commune, "")) == "self"
    assert refusal(lambda: meetings.request_meeting(owner, commune, supplier, "x" * 2001)) == (
        "too-long"
    )
    meetings.request_meeting(owner, commune, supplier, "Xin gặp.")
    # the other side cannot open a second live request between the same two
    assert refusal(
        lambda: meetings.request_meeting(day["supplier_owner"], supplier, commune, "")
    ) == ("duplicate")
    gone_owner, gone = newcomer(make, day["event"])
    meetings.withdraw(gone_owner, gone)
    assert refusal(lambda: meetings.request_meeting(owner, commune, gone, "")) == "other-gone"
    # a withdrawn organization asks nobody
    assert refusal(lambda: meetings.request_meeting(gone_owner, gone, supplier, "")) == (
        "not-participant"
    )
    assert db.session.scalar(db.select(db.func.count()).select_from(Meeting)) == 1


def test_a_too_long_message_on_the_participants_page_is_refused_with_a_message(client, auth, day):
    event = day["event"]
    auth.login(day["commune_owner"])
    response = client.post(
        f"/events/{event.id}/participants/{day['supplier'].id}/meet",
        data={"message": "x" * 2001},
        follow_redirects=True,
    )
    assert "Lời nhắn quá dài." in response.text
    assert db.session.scalar(db.select(Meeting)) is None


def test_the_invitee_declines_and_the_requester_is_told(client, auth, day, outbox):
    event = day["event"]
    meeting = meetings.request_meeting(day["commune_owner"], day["commune"], day["supplier"], "")
    auth.login(day["supplier_owner"])
    response = client.post(
        f"/events/{event.id}/meetings/{meeting.id}/decline", follow_redirects=True
    )
    assert "Đã từ chối yêu cầu gặp." in response.text
    db.session.refresh(meeting)
    assert meeting.status == "declined" and meeting.slot_id is None
    assert outbox()[-1][0] == day["commune_owner"].email


def test_proposing_another_slot_needs_a_free_one(client, auth, make, day):
    event = day["event"]
    supplier, commune = day["supplier"], day["commune"]
    meeting = meetings.request_meeting(day["commune_owner"], commune, supplier, "")
    other_owner, other = newcomer(make, event)
    booked = meetings.request_meeting(other_owner, other, supplier, "")
    meetings.accept(day["supplier_owner"], booked, event.slots[0].id)
    url = f"/events/{event.id}/meetings/{meeting.id}/propose"
    auth.login(day["supplier_owner"])
    page = client.post(url, follow_redirects=True).text
    assert "Hãy chọn một khung giờ." in page
    page = client.post(url, data={"slot": str(event.slots[0].id)}, follow_redirects=True).text
    assert "Khung giờ này vừa có người đặt" in page  # the supplier is busy then
    db.session.refresh(meeting)
    assert meeting.proposed_slot_id is None and meeting.answer_by_id == supplier.id
    page = client.post(url, data={"slot": str(event.slots[1].id)}, follow_redirects=True).text
    assert "Đã đề xuất khung giờ khác." in page
    db.session.refresh(meeting)
    assert meeting.proposed_slot_id == event.slots[1].id and meeting.answer_by_id == commune.id


def test_accepting_when_the_two_sides_have_no_common_free_slot_is_refused(app, make, day):
    event = day["event"]
    supplier, commune = day["supplier"], day["commune"]
    meeting = meetings.request_meeting(day["commune_owner"], commune, supplier, "")
    for slot in event.slots:  # the supplier's whole day is taken
        owner, guest = newcomer(make, event)
        meetings.accept(
            day["supplier_owner"], meetings.request_meeting(owner, guest, supplier, ""), slot.id
        )
    assert refusal(lambda: meetings.accept(day["supplier_owner"], meeting)) == "no-slot"
    db.session.refresh(meeting)
    assert meeting.status == "requested"


def _seen_before_another_booked(monkeypatch, how_many_reads: int):
    """The free slots as they were read just before another accept booked the first one: the
    race test_concurrent_accepts_cannot_double_book runs on PostgreSQL, played on any database
    by answering the first ``how_many_reads`` reads with every slot of the event."""
    original = meetings.common_free_slots
    reads = {"n": 0}

    def stale(meeting):
        reads["n"] += 1
        if reads["n"] <= how_many_reads:
            return list(meetings.the_event(meeting).slots)
        return original(meeting)

    monkeypatch.setattr(meetings, "common_free_slots", stale)


def _booked_in_first_slot(make, day):
    owner, guest = newcomer(make, day["event"])
    first = meetings.request_meeting(owner, guest, day["supplier"], "")
    meetings.accept(day["supplier_owner"], first, day["event"].slots[0].id)
    return meetings.request_meeting(day["commune_owner"], day["commune"], day["supplier"], "")


def test_an_accept_that_loses_the_race_for_a_chosen_slot_is_refused(app, make, day, monkeypatch):
    meeting = _booked_in_first_slot(make, day)
    _seen_before_another_booked(monkeypatch, 1)
    slot_id = day["event"].slots[0].id
    code = refusal(lambda: meetings.accept(day["supplier_owner"], meeting, slot_id))
    assert code == "slot-taken"
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.status == "requested" and meeting.slot_id is None
    assert db.session.scalar(db.select(db.func.count()).select_from(Booking)) == 2  # the winner's


def test_an_accept_that_loses_the_race_takes_the_next_free_slot(app, make, day, monkeypatch):
    meeting = _booked_in_first_slot(make, day)
    _seen_before_another_booked(monkeypatch, 1)
    accepted = meetings.accept(day["supplier_owner"], meeting)
    assert accepted.status == "accepted" and accepted.slot_id == day["event"].slots[1].id


def test_an_accept_that_keeps_losing_the_race_gives_up_with_a_refusal(app, make, day, monkeypatch):
    meeting = _booked_in_first_slot(make, day)
    _seen_before_another_booked(monkeypatch, meetings.RETRIES)
    assert refusal(lambda: meetings.accept(day["supplier_owner"], meeting)) == "slot-taken"
    assert db.session.get(Meeting, meeting.id).status == "requested"


def test_no_show_is_only_for_a_scheduled_meeting(client, auth, day):
    event = day["event"]
    meeting = meetings.request_meeting(day["commune_owner"], day["commune"], day["supplier"], "")
    auth.login(day["officer"])
    page = client.post(
        f"/events/{event.id}/meetings/{meeting.id}/no-show",
        data={"no_show": "1"},
        follow_redirects=True,
    ).text
    assert "Cuộc gặp này chưa được xếp lịch." in page
    db.session.refresh(meeting)
    assert meeting.no_show is False


def test_the_organizer_schedules_what_fits_and_hears_how_many_are_left(client, auth, make):
    officer = make.user(role="officer")
    start = today_in_vietnam() + timedelta(days=10)
    event = make_event(officer, tables=1)
    host_owner, host = newcomer(make, event)
    (a_owner, a), (b_owner, b) = newcomer(make, event), newcomer(make, event)
    for slot in event.slots[1:]:  # one slot left: the first
        db.session.delete(slot)
    db.session.commit()
    meetings.accept(host_owner, meetings.request_meeting(a_owner, a, host, ""))
    waiting = meetings.request_meeting(b_owner, b, host, "")
    auth.login(officer)
    page = client.post(f"/events/{event.id}/schedule", follow_redirects=True).text
    assert "Đã xếp 0 cuộc gặp; 1 chưa có khung giờ chung." in page
    db.session.refresh(waiting)
    assert waiting.status == "requested" and waiting.slot_id is None

    bare = services.save_event(
        officer,
        {
            "title": "Hội thảo không có lịch gặp",
            "description": "",
            "commune_code": None,
            "venue": None,
            "online": True,
            "starts_on": start,
            "ends_on": start,
            "registration_deadline": start,
            "capacity": None,
            "approval_required": False,
            "published": True,
            "slot_minutes": 20,
            "tables": 2,
        },
    )
    assert client.post(f"/events/{bare.id}/schedule").status_code == 400


def test_an_upload_without_a_file_is_refused_with_the_fields_message(client, auth, day):
    event = day["event"]
    auth.login(day["officer"])
    response = client.post(f"/events/{event.id}/participants.xlsx", follow_redirects=True)
    assert "Vui lòng chọn một tệp để tải lên." in response.text
    assert db.session.scalar(db.select(db.func.count()).select_from(Participant)) == 2


def test_a_workbook_without_the_organization_column_or_with_a_repeat_is_refused(client, auth, day):
    from .test_events import _workbook

    event = day["event"]
    url = f"/events/{event.id}/participants.xlsx"
    auth.login(day["officer"])
    org = str(day["supplier"].organization_id)
    for rows, message in (
        ([["name", "attendees"], ["Công ty", "Bình"]], "Dòng 1 phải có cột organization."),
        (
            [["organization", "attendees"], [org, "Bình"], [None, None], [org, "An"]],
            "dòng 4: organization: tổ chức lặp lại",
        ),
    ):
        response = client.post(
            url, data={"file": (io.BytesIO(_workbook(rows)), "p.xlsx")}, follow_redirects=True
        )
        assert message in response.text
    db.session.refresh(day["supplier"])
    assert day["supplier"].attendees == "Nguyễn Văn A, giám đốc"  # unchanged


def _took_place(event: Event) -> None:
    for slot in event.slots:
        slot.starts_at -= timedelta(days=30)
        slot.ends_at -= timedelta(days=30)
    db.session.commit()


def test_follow_ups_propose_on_the_other_sides_need_and_continue_the_same_conversation(
    client, auth, make, day
):
    event = day["event"]
    need = make.need(day["commune"].organization)
    meeting = meetings.request_meeting(day["supplier_owner"], day["supplier"], day["commune"], "")
    meetings.accept(day["commune_owner"], meeting)
    _took_place(event)
    url = f"/events/{event.id}/meetings/{meeting.id}/follow-up"
    auth.login(make.user())  # neither side
    page = client.post(url, data={"body": "Chào anh."}, follow_redirects=True).text
    assert "Tổ chức của bạn chưa tham gia sự kiện này." in page
    auth.logout()
    auth.login(day["supplier_owner"])
    first = client.post(url, data={"body": "Chúng tôi xin đề xuất giải pháp."})
    conversation = db.session.scalar(db.select(Conversation))
    assert first.location.endswith(f"/conversations/{conversation.id}")
    assert conversation.need_id == need.id
    again = client.post(url, data={"body": "Xin gửi thêm hồ sơ năng lực."})
    assert again.location.endswith(f"/conversations/{conversation.id}")
    assert db.session.scalar(db.select(db.func.count()).select_from(Conversation)) == 1
    db.session.refresh(conversation)
    assert [m.body for m in conversation.messages][-1] == "Xin gửi thêm hồ sơ năng lực."


def test_a_follow_up_with_nothing_to_talk_about_is_refused(client, auth, day):
    event = day["event"]
    meeting = meetings.request_meeting(day["supplier_owner"], day["supplier"], day["commune"], "")
    meetings.accept(day["commune_owner"], meeting, event.slots[0].id)
    _took_place(event)
    auth.login(day["supplier_owner"])
    page = client.post(
        f"/events/{event.id}/meetings/{meeting.id}/follow-up",
        data={"body": "Chào anh."},
        follow_redirects=True,
    ).text
    assert "Hai bên chưa có giải pháp hoặc nhu cầu đăng trên trang" in page
    assert db.session.scalar(db.select(Conversation)) is None
    db.session.refresh(meeting)
    assert not meeting.followed_up


def test_an_event_day_starting_after_it_ends_is_refused(app, day):
    event = day["event"]
    code = refusal(
        lambda: services.add_meeting_day(
            day["officer"], event, event.starts_on, time(9, 0), time(8, 0)
        )
    )
    assert code == "slot-times"
