"""`send-alerts` at the issue's size (issue 10): 1,000 members over 10,000 offerings and 2,000
needs, 200 of them new, mailed through a local SMTP test server. Run by hand:

    .venv/bin/python bench/alerts.py            # SQLite in a temporary folder
    .venv/bin/python bench/alerts.py postgresql://postgres@127.0.0.1:5432/bench

It times (1) recording whom each new need concerns (what the matches_found receiver does as
matching stores the 200 needs' matches) and (2) `send_alerts()`: composing the digests and
sending them. Figures go to docs/alerts.md.
"""

import random
import socketserver
import sys
import threading
import time
from datetime import timedelta

from common import make_bench_app
from sqlalchemy import insert, select

from directory.accounts.models import User
from directory.alerts.models import AlertMail
from directory.alerts.sending import send_alerts
from directory.alerts.services import record_matches
from directory.extensions import db
from directory.matching.models import StoredMatch
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Membership, Organization
from directory.timeutil import utcnow

SUPPLIERS, BUYERS, MEMBERS_EACH = 400, 100, 2  # 1,000 members
OFFERINGS, NEEDS, NEW_NEEDS, MATCHES = 10_000, 2_000, 200, 20


class SMTPSink(socketserver.StreamRequestHandler):
    """Just enough SMTP to take messages (no TLS, no auth): counts what it received."""

    received = 0

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 sink ESMTP")
        while line := self.rfile.readline():
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.reply("250 sink")
            elif verb == b"DATA":
                self.reply("354 go on")
                while self.rfile.readline() not in (b".\r\n", b""):
                    pass
                SMTPSink.received += 1
                self.reply("250 queued")
            elif verb == b"QUIT":
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


def start_sink() -> int:
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), SMTPSink)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server.server_address[1]


def populate(rng: random.Random) -> list[int]:
    """The records (straight inserts: the bench measures alerts, not search); returns the ids
    of the new needs."""
    old = utcnow() - timedelta(days=30)
    orgs = [
        {"kind": "company", "name": f"Tổ chức {i}", "description": "", "created_at": old}
        for i in range(SUPPLIERS + BUYERS)
    ]
    db.session.execute(insert(Organization), orgs)
    org_ids = list(db.session.scalars(select(Organization.id).order_by(Organization.id)))
    suppliers, buyers = org_ids[:SUPPLIERS], org_ids[SUPPLIERS:]
    users = [
        {"email": f"member{i}@bench.vn", "name": f"Thành viên {i}", "password_hash": "x"}
        for i in range(len(org_ids) * MEMBERS_EACH)
    ]
    db.session.execute(insert(User), users)
    user_ids = list(db.session.scalars(select(User.id).order_by(User.id)))
    db.session.execute(
        insert(Membership),
        [
            {"user_id": user_ids[i], "organization_id": org_ids[i // MEMBERS_EACH]}
            for i in range(len(user_ids))
        ],
    )
    db.session.execute(
        insert(Offering),
        [
            {
                "organization_id": suppliers[i % SUPPLIERS],
                "type": "technology",
                "title": f"Giải pháp xử lý nước thải số {i}",
                "created_at": old,
            }
            for i in range(OFFERINGS)
        ],
    )
    db.session.execute(
        insert(Need),
        [
            {
                "organization_id": buyers[i % BUYERS],
                "title": f"Cần trạm xử lý nước thải số {i}",
                "status": "open",
                "created_at": old if i < NEEDS - NEW_NEEDS else utcnow(),
            }
            for i in range(NEEDS)
        ],
    )
    db.session.commit()
    need_ids = list(db.session.scalars(select(Need.id).order_by(Need.id)))
    return need_ids[-NEW_NEEDS:]


def store_matches(new_needs: list[int], rng: random.Random) -> float:
    """Store 20 matches per new need (half of them a fit) and record the alerts, as matching's
    refresh does through signals.matches_found; returns the seconds the recording took."""
    offering_ids = list(db.session.scalars(select(Offering.id)))
    spent = 0.0
    for need_id in new_needs:
        need = db.session.get(Need, need_id)
        picked = rng.sample(offering_ids, MATCHES)
        found = [(o, "good" if rank % 2 else "possible") for rank, o in enumerate(picked, 1)]
        for rank, (offering_id, strength) in enumerate(found, 1):
            db.session.add(
                StoredMatch(
                    need_id=need_id,
                    offering_id=offering_id,
                    score=1.0 / rank,
                    rank=rank,
                    strength=strength,
                    reasons={"vi": ["Phù hợp", "Cùng lĩnh vực: Xử lý nước thải"], "en": []},
                )
            )
        started = time.perf_counter()
        record_matches(need, found)
        spent += time.perf_counter() - started
        db.session.commit()
    return spent


def main() -> None:
    port = start_sink()
    database_url = sys.argv[1] if len(sys.argv) > 1 else None
    app, folder = make_bench_app(database_url=database_url)
    app.config.update(
        MAIL_SERVER="127.0.0.1", MAIL_PORT=port, MAIL_USE_TLS=False, SITE_URL="https://bench.vn"
    )
    rng = random.Random(10)
    with app.app_context():
        new_needs = populate(rng)
        recording = store_matches(new_needs, rng)
        started, cpu = time.perf_counter(), time.process_time()
        sent = send_alerts()
        sending, cpu = time.perf_counter() - started, time.process_time() - cpu
        again = send_alerts()
        queued = db.session.query(AlertMail).filter(AlertMail.status != "sent").count()
    print(f"database: {app.config['SQLALCHEMY_DATABASE_URI'].split(':')[0]} ({folder})")
    print(f"recording the alerts of {NEW_NEEDS} new needs: {recording:.2f} s")
    print(f"send-alerts: {sent} mails in {sending:.2f} s ({cpu:.2f} s CPU, SMTP server's included)")
    print(f"the SMTP server took {SMTPSink.received}")
    print(f"send-alerts again: {again} mails; not sent: {queued}")


if __name__ == "__main__":
    main()
