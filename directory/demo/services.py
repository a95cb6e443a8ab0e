"""Set up a demo site: reference data, demo records and accounts (only into an empty database)."""

import os
from dataclasses import dataclass, field

from sqlalchemy import func, select

from ..accounts import services as accounts
from ..events.demo import load as load_demo_event
from ..extensions import db
from ..imports.services import import_path
from ..incubators.services import load_demo_incubator
from ..organizations.models import Membership, Organization
from ..reference.services import load_reference_data
from ..search import reindex

DEMO_FILE = os.path.join(os.path.dirname(__file__), "demo.json")
DEMO_PASSWORD = "demo-dongthap-2026"
# (email, site role, name, ref of the organization the account owns)
DEMO_ACCOUNTS = [
    ("canbo@sct.demo.example.vn", "officer", "Cán bộ Sở Công Thương (demo)", None),
    ("quantri@sct.demo.example.vn", "admin", "Quản trị hệ thống (demo)", None),
    ("doanhnghiep@demo.example.vn", "member", "Chủ doanh nghiệp (demo)", "DEMO-ORG-001"),
    ("banquanly@demo.example.vn", "member", "Ban quản lý KCN (demo)", "DEMO-ORG-020"),
]


class DemoError(RuntimeError):
    pass


@dataclass
class DemoReport:
    loaded: bool = False
    summary: str = ""
    accounts: list[tuple[str, str]] = field(default_factory=list)
    indexed: int = 0


def setup_demo(progress=None) -> DemoReport:
    """Reference data always; demo records and accounts only when there is no organization yet;
    then a fresh search index."""
    report = DemoReport()
    load_reference_data()
    if not db.session.scalar(select(func.count()).select_from(Organization)):
        result = import_path(DEMO_FILE)
        if not result.ok:
            raise DemoError("\n".join(str(p) for p in result.problems))
        report.loaded, report.summary = True, result.summary()
        _create_accounts(report)
        load_demo_incubator()
        load_demo_event()
    report.indexed = reindex(progress=progress)
    return report


def _create_accounts(report: DemoReport) -> None:
    for email, role, name, org_ref in DEMO_ACCOUNTS:
        user = accounts.find_user(email) or accounts.create_user(
            email, DEMO_PASSWORD, name=name, role=role, confirmed=True
        )
        if org_ref:
            org = db.session.scalar(select(Organization).filter_by(ref=org_ref))
            if org is not None and not any(m.organization_id == org.id for m in user.memberships):
                db.session.add(Membership(user=user, organization=org, role="owner"))
        report.accounts.append((email, role))
    db.session.commit()
