"""Run by hand: slot assignment for a trade-promotion event (issue 14).

    .venv/bin/python bench/events.py [PARTICIPANTS] [REQUESTS] [DATABASE_URL]

An event with two meeting days of 20-minute slots (8:00–11:40, 13:30–17:10: 22 slots a day)
and 40 tables; PARTICIPANTS organizations registered and REQUESTS pending meeting requests
between random pairs. It times the organizer's ``auto_schedule`` (every request gets the
first slot both sides have free), checks no participant is in two meetings in a slot and no
table holds two, then times one member's ``accept`` on the full event. Target: ≤ 5 s.
"""

import random
import sys
import time as clock
from datetime import date, time

from common import make_bench_app

from directory.accounts.models import User
from directory.events import meetings, services
from directory.events.models import Booking, Meeting, Participant
from directory.extensions import db
from directory.organizations.models import Membership, Organization


def build(n_participants: int, n_requests: int):
    officer = User(email="officer@example.vn", password_hash="x", role="officer")
    db.session.add(officer)
    db.session.commit()
    day = date(2027, 5, 20)
    event = services.save_event(
        officer,
        {
            "title": "Hội nghị kết nối cung cầu",
            "description": "",
            "commune_code": None,
            "venue": "Bench",
            "online": False,
            "starts_on": day,
            "ends_on": date(2027, 5, 21),
            "registration_deadline": day,
            "capacity": None,
            "approval_required": False,
            "published": True,
            "slot_minutes": 20,
            "tables": 40,
        },
    )
    for d in (day, date(2027, 5, 21)):
        services.add_meeting_day(officer, event, d, time(8), time(17, 10), "11:40-13:30")
    orgs = [Organization(name=f"Tổ chức {i}", kind="company") for i in range(n_participants)]
    db.session.add_all(orgs)
    db.session.flush()
    people = [Participant(event=event, organization=o, status="accepted") for o in orgs]
    db.session.add_all(people)
    member = User(email="member@example.vn", password_hash="x")
    db.session.add_all([member, Membership(user=member, organization=orgs[0], role="owner")])
    db.session.flush()
    rng, seen = random.Random(14), set()
    while len(seen) < n_requests:
        a, b = rng.sample(people, 2)
        if (a.id, b.id) in seen or (b.id, a.id) in seen:
            continue
        seen.add((a.id, b.id))
        db.session.add(Meeting(event_id=event.id, requester=a, invitee=b, answer_by_id=b.id))
    db.session.commit()
    return officer, member, event, people[0]


def main(n_participants=300, n_requests=1500, database_url=None):
    app, _folder = make_bench_app(database_url=database_url)
    with app.app_context(), app.test_request_context("/"):
        officer, member, event, first = build(n_participants, n_requests)
        # The one accept a member makes (mail included) once the event is full of bookings.
        started = clock.perf_counter()
        done, left = meetings.auto_schedule(officer, event)
        elapsed = clock.perf_counter() - started
        pairs = db.session.execute(db.select(Booking.slot_id, Booking.participant_id)).all()
        tables = db.session.execute(
            db.select(Meeting.slot_id, Meeting.table_no).where(Meeting.slot_id.is_not(None))
        ).all()
        assert len(pairs) == len(set(pairs)) == 2 * done, "a participant booked twice"
        assert len(tables) == len(set(tables)) == done, "a table booked twice"
        print(
            f"{n_participants} participants, {n_requests} requests, {len(event.slots)} slots, "
            f"{event.tables} tables: auto_schedule {elapsed:.2f} s "
            f"({done} scheduled, {left} without a common free slot)"
        )
        other = db.session.scalar(db.select(Participant).where(Participant.id != first.id))
        late = Meeting(
            event_id=event.id, requester_id=other.id, invitee_id=first.id, answer_by_id=first.id
        )
        db.session.add(late)
        db.session.commit()
        started = clock.perf_counter()
        try:
            meetings.accept(member, late)
            outcome = "booked"
        except services.EventError as error:
            outcome = error.code
        print(
            f"one accept on the full event: {(clock.perf_counter() - started) * 1000:.0f} ms "
            f"({outcome})"
        )
        return elapsed


if __name__ == "__main__":
    args = sys.argv[1:]
    seconds = main(
        int(args[0]) if args else 300,
        int(args[1]) if len(args) > 1 else 1500,
        args[2] if len(args) > 2 else None,
    )
    sys.exit(0 if seconds <= 5 else 1)
