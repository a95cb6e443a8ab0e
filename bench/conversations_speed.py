"""Run by hand: how the inbox's unread count and the deal funnel scale with conversations.

    .venv/bin/python bench/conversations_speed.py [ORGANIZATIONS] [CONVERSATIONS]

Rows are written straight through the models (no mail, no search): it measures the header's
one query, the inbox list and the funnel's queries for a year of needs.
"""

import statistics
import sys
import time

from common import make_bench_app

from directory.accounts.models import User
from directory.conversations import services
from directory.conversations.models import Conversation, Message, StageChange
from directory.extensions import db
from directory.needs.models import Need
from directory.organizations.models import Membership, Organization
from directory.reports import funnel
from directory.timeutil import utcnow


def timed(fn, runs=20):
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), sorted(times)[int(0.95 * (len(times) - 1))]


def main(n_orgs=500, n_conversations=20_000):
    app, _folder = make_bench_app()
    with app.app_context():
        now = utcnow()
        user = User(email="bench@example.vn", password_hash="x", email_confirmed_at=now)
        orgs = [Organization(name=f"Tổ chức {i}", kind="company") for i in range(n_orgs)]
        db.session.add_all([user, *orgs])
        db.session.add(Membership(user=user, organization=orgs[0], role="owner"))
        needs = [Need(organization=o, title=f"Nhu cầu {o.name}", status="open") for o in orgs]
        db.session.add_all(needs)
        db.session.flush()
        for i in range(n_conversations):
            need = needs[i % n_orgs]
            supplier = orgs[(i * 7 + 1) % n_orgs]
            c = Conversation(
                need_id=need.id,
                buyer_id=need.organization_id,
                supplier_id=supplier.id,
                started_by_id=supplier.id,
                stage=("contacted", "quoted", "contracted")[i % 3],
            )
            c.messages.append(Message(organization_id=supplier.id, body="Chào."))
            c.stage_changes.append(StageChange(stage="contacted"))
            db.session.add(c)
        db.session.commit()
        rows = db.session.execute(db.select(Need.id, Need.created_at)).all()
        print(f"{n_orgs} organizations, {n_conversations} conversations")
        for label, fn in (
            ("unread_count (header)", lambda: services.unread_count(user)),
            ("inbox list", lambda: services.inbox(user)),
            ("funnel of all needs", lambda: funnel.build_funnel(rows, {}, None)),
        ):
            median, p95 = timed(fn)
            print(f"{label:24} median {median:7.1f} ms   p95 {p95:7.1f} ms")


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))
