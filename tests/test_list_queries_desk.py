"""The officers' desk loads what it shows: each list costs as many queries with 12 rows as
with 3 (tests/test_list_queries.py has the public lists and the shared helper).

Every row comes from another organization and another officer, so a relationship loaded one
row at a time (the record of a feature, the officer of a step) shows up as more queries.
"""

from datetime import timedelta

from sqlalchemy import select

from directory.alerts.models import AlertMail
from directory.conversations.models import AbuseReport
from directory.curation.models import CurationEvent, Feature
from directory.documents.models import EcoLabel
from directory.events.models import Event, Participant
from directory.extensions import db
from directory.reference.models import Commune
from directory.timeutil import today_in_vietnam

from .test_list_queries import queries_for

# the steps of the watched organization's history, in turn: verification, then moderation
HISTORY = ("verification_requested", "rejected", "hidden", "review_requested", "unhidden")


def add_desk_work(make, watched, event, how_many: int, start: int) -> None:
    """For each i, from a new organization and a new officer: features of the organization and
    of its offering (current, upcoming or ended), a hidden record, a report, a label to verify,
    a failed alert mail, a registration waiting for approval, an event of its own, and a step
    in the watched organization's history."""
    communes = db.session.scalars(select(Commune).order_by(Commune.code)).all()
    today = today_in_vietnam()
    for i in range(start, start + how_many):
        commune = communes[i % len(communes)]
        officer = make.user(role="officer", name=f"Cán bộ {i}")
        owner = make.user(name=f"Chủ doanh nghiệp {i}")
        org = make.organization(owner=owner, name=f"Công ty Lọc Bụi {i:02d}", commune=commune.name)
        offering = make.offering(org, title=f"Thiết bị lọc bụi tĩnh điện số {i}", sectors=("air",))
        need = make.need(org, title=f"Cần lọc bụi xưởng số {i}", sectors=("air",))
        starts, ends = ((0, 10), (5, 10), (-10, -1))[i % 3]
        for featured in ({"organization_id": org.id}, {"offering_id": offering.id}):
            db.session.add(
                Feature(
                    **featured,
                    starts_on=today + timedelta(days=starts),
                    ends_on=today + timedelta(days=ends),
                    reason=f"Nổi bật số {i}",
                    created_by_id=officer.id,
                )
            )
        hidden = (need, offering, org)[i % 3]  # one in three organizations stays public
        hidden.hidden, hidden.hidden_reason = True, f"Ẩn vì lý do số {i}"
        kind = ("need", "offering", "organization")[i % 3]
        db.session.add(
            CurationEvent(**{f"{kind}_id": hidden.id}, action="hidden", actor_id=officer.id)
        )
        db.session.add(
            CurationEvent(organization_id=watched.id, action=HISTORY[i % 5], actor_id=officer.id)
        )
        db.session.add(
            AbuseReport(kind="need", record_id=need.id, reporter_id=owner.id, reason=f"Sai {i}")
        )
        db.session.add(
            EcoLabel(
                offering_id=offering.id,
                scheme="green_label",
                number=f"NXVN-{i:03d}",
                valid_until=today + timedelta(days=300),
            )
        )
        db.session.add(
            AlertMail(
                recipient=f"nhan{i}@example.vn",
                subject="Tin mới",
                status="failed",
                attempts=i,
                last_error=f"Lỗi máy chủ thư số {i}",
            )
        )
        db.session.add(Participant(event=event, organization=org, status="pending"))
        day = today + timedelta(days=i - 5)  # some past, some coming
        db.session.add(
            Event(
                title=f"Hội chợ môi trường số {i}",
                commune=commune,
                starts_on=day,
                ends_on=day,
                registration_deadline=day,
                published=True,
            )
        )
    db.session.commit()


def test_the_desks_lists_cost_the_same_queries_for_3_rows_as_for_12(
    client, auth, make, count_queries
):
    watched = make.organization(name="Công ty Theo Dõi", verification="pending")
    soon = today_in_vietnam() + timedelta(days=20)
    event = Event(
        title="Hội nghị kết nối cung cầu",
        starts_on=soon,
        ends_on=soon,
        registration_deadline=soon,
        published=True,
        approval_required=True,
    )
    db.session.add(event)
    db.session.commit()
    year = today_in_vietnam().year
    pages = (
        "/officer/features",
        "/officer/features/new?kind=offering&q=l%E1%BB%8Dc+b%E1%BB%A5i",  # "lọc bụi"
        "/officer/moderation",
        "/officer/labels",
        "/officer/alert-mail",
        f"/officer/verification/{watched.id}",
        f"/officer/moderation/organization/{watched.id}",
        "/officer/",
        f"/officer/reports/{year}",
        f"/officer/reports/{year}/export.xlsx",
        "/events",
        f"/events/{event.id}",
    )
    auth.login(make.user(role="officer"))
    add_desk_work(make, watched, event, 3, start=0)
    few = {path: queries_for(client, count_queries, path) for path in pages}
    add_desk_work(make, watched, event, 9, start=3)
    many = {path: queries_for(client, count_queries, path) for path in pages}
    assert many == few
    shown = {path: client.get(path).get_data(as_text=True) for path in pages if "xlsx" not in path}
    assert "Nổi bật số 11" in shown["/officer/features"]
    assert "Thiết bị lọc bụi tĩnh điện số 9" in shown[pages[1]]  # its need is hidden, not it
    assert "Ẩn vì lý do số 11" in shown["/officer/moderation"]
    assert "Sai 11" in shown["/officer/moderation"]
    assert "NXVN-011" in shown["/officer/labels"]
    assert "Lỗi máy chủ thư số 11" in shown["/officer/alert-mail"]
    assert "Cán bộ 11" in shown[f"/officer/verification/{watched.id}"]
    assert "Cán bộ 9" in shown[f"/officer/moderation/organization/{watched.id}"]  # unhid it
    assert "Hội chợ môi trường số 11" in shown["/events"]
    assert "Công ty Lọc Bụi 11" in shown[f"/events/{event.id}"]
