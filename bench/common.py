"""Shared by the bench scripts: a throw-away app and a loader for import-format JSON.

The loader writes rows straight through the models (the bench measures search, not import)
and then rebuilds the index.
"""

import datetime
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from directory import create_app  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.needs.models import Need  # noqa: E402
from directory.offerings.models import Offering  # noqa: E402
from directory.organizations.models import Organization  # noqa: E402
from directory.reference.models import Commune, Sector  # noqa: E402
from directory.reference.services import load_reference_data  # noqa: E402


def make_bench_app(folder: str | None = None, database_url: str | None = None):
    folder = folder or tempfile.mkdtemp(prefix="bench-")
    app = create_app(
        {
            "DIRECTORY_ENV": "testing",
            "SECRET_KEY": "bench",
            "SQLALCHEMY_DATABASE_URI": database_url
            or "sqlite:///" + os.path.join(folder, "bench.sqlite"),
            "SEARCH_INDEX_DIR": os.path.join(folder, "index"),
            "MAIL_DIR": os.path.join(folder, "mail"),
        }
    )
    with app.app_context():
        db.create_all()
        load_reference_data()
    return app, folder


def load_records(data: dict, drain: bool = False) -> dict[str, dict[str, int]]:
    """Insert organizations, offerings and needs; returns ref → id per kind.

    The outbox rows that the inserts produce are deleted unless ``drain``: the caller rebuilds.
    """
    from directory.search.models import SearchOutbox

    communes = {c.name: c for c in db.session.scalars(db.select(Commune))}
    sectors = {s.code: s for s in db.session.scalars(db.select(Sector))}
    orgs, ids = {}, {"organization": {}, "offering": {}, "need": {}}
    with db.session.no_autoflush:
        for r in data["organizations"]:
            org = Organization(
                ref=r["ref"],
                name=r["name"],
                kind=r["kind"],
                description=r.get("description") or "",
                commune=communes.get(r.get("commune")),
                verification="verified" if r.get("verified") else "unverified",
            )
            orgs[r["ref"]] = org
            db.session.add(org)
        offerings = []
        for r in data["offerings"]:
            o = Offering(
                ref=r["ref"],
                organization=orgs[r["organization"]],
                type=r["type"],
                title=r["title"],
                description=r.get("description") or "",
                capacity=r.get("capacity"),
                standards=r.get("standards") or [],
                eco_label=r.get("eco_label"),
                sectors=[sectors[c] for c in r.get("sectors") or []],
                service_area=[communes[c] for c in r.get("service_area") or [] if c in communes],
            )
            offerings.append(o)
            db.session.add(o)
        needs = []
        for r in data["needs"]:
            n = Need(
                ref=r["ref"],
                organization=orgs[r["organization"]],
                title=r["title"],
                description=r.get("description") or "",
                commune=communes.get(r.get("commune")),
                sectors=[sectors[c] for c in r.get("sectors") or []],
                budget_vnd=r.get("budget_vnd"),
                deadline=datetime.date.fromisoformat(r["deadline"]) if r.get("deadline") else None,
                procurement=r.get("procurement"),
                status="open",
            )
            needs.append(n)
            db.session.add(n)
    db.session.flush()
    if not drain:
        db.session.execute(db.delete(SearchOutbox))
    db.session.commit()
    for kind, rows in (("organization", orgs.values()), ("offering", offerings), ("need", needs)):
        for row in rows:
            ids[kind][row.ref] = row.id
    return ids
