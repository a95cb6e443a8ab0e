"""Checking saved searches in `send-alerts` (issue 10 item 2): 1,000 saved searches (50 users,
20 each) over 5,000 offerings, 100 of them new since the last check. Run by hand:

    .venv/bin/python bench/saved_searches.py            # SQLite in a temporary folder
    .venv/bin/python bench/saved_searches.py postgresql://postgres@127.0.0.1:5432/bench

It times ``saved.check_all`` (every saved search run through the search front door, newest
first) and counts the hits it recorded. Figures go to docs/alerts.md.
"""

import random
import sys
import time
from datetime import timedelta

from common import make_bench_app
from sqlalchemy import func, insert, select

from directory import search
from directory.accounts.models import User
from directory.alerts import saved
from directory.alerts.models import SavedSearch, SavedSearchHit
from directory.extensions import db
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.timeutil import utcnow

USERS, EACH, OFFERINGS, NEW = 50, 20, 5_000, 100
WORDS = [
    "biogas",
    "nước thải",
    "chất thải rắn",
    "lò đốt",
    "phân compost",
    "điện mặt trời",
    "tái chế nhựa",
    "xử lý khí thải",
    "quan trắc",
    "bùn thải",
    "rác sinh hoạt",
    "vi sinh",
    "màng lọc",
    "trấu",
    "tiết kiệm năng lượng",
    "nước sạch",
    "hầm ủ",
    "bao bì",
    "dầu thải",
    "kiểm toán năng lượng",
]


def main(database_url: str | None = None) -> None:
    rng = random.Random(10)
    app, _folder = make_bench_app(database_url=database_url)
    with app.app_context(), app.test_request_context("/"):
        old = utcnow() - timedelta(days=30)
        db.session.execute(
            insert(Organization),
            [
                {"kind": "company", "name": f"Tổ chức {i}", "description": "", "created_at": old}
                for i in range(200)
            ],
        )
        org_ids = list(db.session.scalars(select(Organization.id)))
        rows = [
            {
                "organization_id": rng.choice(org_ids),
                "type": "technology",
                "title": f"Giải pháp {rng.choice(WORDS)} số {i}",
                "description": rng.choice(WORDS),
                "created_at": old,
            }
            for i in range(OFFERINGS)
        ]
        db.session.execute(insert(Offering), rows)
        db.session.execute(
            insert(User),
            [
                {
                    "email": f"u{i}@example.vn",
                    "name": f"U{i}",
                    "role": "member",
                    "password_hash": "x",
                }
                for i in range(USERS)
            ],
        )
        user_ids = list(db.session.scalars(select(User.id)))
        checked = utcnow() - timedelta(days=1)
        db.session.execute(
            insert(SavedSearch),
            [
                {
                    "user_id": u,
                    "query": f"{w} {n}" if n >= len(WORDS) else w,
                    "kind": "",
                    "filters": {},
                    "key": f"{u}-{n}",
                    "active": True,
                    "checked_at": checked,
                }
                for u in user_ids
                for n, w in enumerate(rng.sample(WORDS * 2, EACH))
            ],
        )
        new = [
            {
                "organization_id": rng.choice(org_ids),
                "type": "technology",
                "title": f"Giải pháp mới {rng.choice(WORDS)} {i}",
                "description": rng.choice(WORDS),
                "created_at": utcnow() - timedelta(hours=1),
            }
            for i in range(NEW)
        ]
        db.session.execute(insert(Offering), new)
        db.session.commit()
        search.reindex()
        start, cpu = time.perf_counter(), time.process_time()
        saved.check_all()
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        hits = db.session.scalar(select(func.count()).select_from(SavedSearchHit))
        print(
            f"{USERS * EACH} saved searches checked in {wall:.1f} s ({used:.1f} s CPU); "
            f"{hits} hits recorded"
        )
        start, cpu = time.perf_counter(), time.process_time()
        again = saved.check_all()
        wall, used = time.perf_counter() - start, time.process_time() - cpu
        print(f"again, nothing new: {wall:.1f} s ({used:.1f} s CPU); {again} hits recorded")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else None)
