"""Code sets: one StrEnum each, its labels beside its codes, and the database keeping to them."""

from datetime import date

import pytest
from sqlalchemy import CheckConstraint, inspect, select
from sqlalchemy.exc import IntegrityError

from directory.accounts.models import UserRole
from directory.admin.views import object_label
from directory.alerts.models import AlertEvent, SavedSearch, SavedSearchHit
from directory.codes import RecordKind
from directory.conversations.models import AbuseReport, Conversation, FollowUp, StageChange
from directory.curation import labels as curation_labels
from directory.curation.models import CurationEvent
from directory.events.models import Event, Meeting, Participant
from directory.extensions import db
from directory.jobs.models import Job
from directory.matching.models import StoredMatch
from directory.needs.models import NeedStatus
from directory.offerings.models import Offering
from directory.organizations import labels as organization_labels
from directory.organizations.models import Organization, Verification
from directory.reference.models import IndustrialZone
from directory.search.display import KIND_LABELS as SEARCH_KIND_LABELS

from .test_migrations import empty_app  # noqa: F401 - the fixture: an app on an empty database


def model_checks() -> dict[str, set[str]]:
    return {
        table.name: {c.name for c in table.constraints if isinstance(c, CheckConstraint)}
        for table in db.metadata.sorted_tables
    }


def test_the_migrations_create_every_named_check_constraint_of_the_models(empty_app):  # noqa: F811
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context():
        inspector = inspect(db.engine)
        expected = model_checks()
        created = {
            name: {c["name"] for c in inspector.get_check_constraints(name)} for name in expected
        }
    assert created == expected
    assert "ck_organizations_verification_codes" in created["organizations"]


@pytest.mark.parametrize(
    ("build", "column"),
    [
        (lambda make, org: setattr(org, "verification", "maybe"), "verification"),
        (lambda make, org: setattr(org, "kind", "spaceship"), "kind"),
        (lambda make, org: setattr(make.offering(org), "type", "magic"), "type"),
        (lambda make, org: setattr(make.need(org), "status", "expired"), "status"),
    ],
)
def test_the_database_refuses_a_code_outside_its_set(make, build, column):
    org = make.organization()
    build(make, org)
    with pytest.raises(IntegrityError, match=f"{column}_codes|check constraint"):
        db.session.commit()
    db.session.rollback()
    assert db.session.scalars(db.select(Organization.verification)).one() == "unverified"


def a_deal_in_progress(make) -> dict:
    """A need and an offering that matched, met at a fair and talk: one row of each coded table,
    by table name, every code a good one."""
    buyer, supplier = make.organization(name="KCN Sa Đéc"), make.organization(name="Nước Sạch")
    need, offering = make.need(buyer), make.offering(supplier)
    conversation = Conversation(
        need_id=need.id, buyer_id=buyer.id, supplier_id=supplier.id, started_by_id=supplier.id
    )
    conversation.stage_changes.append(StageChange(stage="contacted"))
    fair = Event(
        title="Hội chợ công nghệ môi trường",
        starts_on=date(2026, 12, 10),
        ends_on=date(2026, 12, 11),
        registration_deadline=date(2026, 12, 5),
    )
    sides = [Participant(event=fair, organization_id=org.id) for org in (buyer, supplier)]
    user = make.user()
    saved = SavedSearch(user_id=user.id, query="bùn thải", key="q=bùn thải")
    db.session.add_all([conversation, *sides, saved])
    db.session.flush()
    rows = {
        "conversations": conversation,
        "conversation_stage_changes": conversation.stage_changes[0],
        "conversation_follow_ups": FollowUp(
            conversation_id=conversation.id, stage="contacted", after_days=7
        ),
        "abuse_reports": AbuseReport(kind="need", record_id=need.id, reason="Tin trùng lặp."),
        "event_participants": sides[0],
        "event_meetings": Meeting(
            event_id=fair.id,
            requester_id=sides[1].id,
            invitee_id=sides[0].id,
            answer_by_id=sides[0].id,
        ),
        "jobs": Job(kind="officer-import"),
        "curation_events": CurationEvent(organization_id=buyer.id, action="verification_requested"),
        # Publishing the two may have stored their match already.
        "stored_matches": db.session.scalar(select(StoredMatch))
        or StoredMatch(need_id=need.id, offering_id=offering.id, score=0.9, rank=1),
        "alert_events": AlertEvent(
            user_id=user.id, need_id=need.id, offering_id=offering.id, new_record="need"
        ),
        "saved_searches": saved,
        "saved_search_hits": SavedSearchHit(
            saved_search_id=saved.id, user_id=user.id, kind="need", record_id=need.id, title="x"
        ),
        "industrial_zones": db.session.scalar(select(IndustrialZone).limit(1)),
    }
    db.session.add_all(rows.values())
    db.session.commit()
    return rows


@pytest.mark.parametrize(
    ("table", "column", "code"),
    [
        ("conversations", "stage", "negotiating"),
        ("conversation_stage_changes", "stage", "negotiating"),
        ("conversation_follow_ups", "stage", "negotiating"),
        ("abuse_reports", "kind", "comment"),
        ("event_participants", "status", "waitlisted"),
        ("event_meetings", "status", "postponed"),
        ("jobs", "status", "paused"),
        ("curation_events", "action", "archived"),
        ("stored_matches", "strength", "perfect"),
        ("alert_events", "new_record", "event"),  # only a need or an offering is new
        ("saved_searches", "kind", "event"),
        ("saved_search_hits", "kind", "event"),
        ("industrial_zones", "kind", "export_zone"),
    ],
)
def test_the_database_refuses_a_stage_status_or_action_outside_its_set(make, table, column, code):
    row = a_deal_in_progress(make)[table]
    stored = getattr(row, column)
    setattr(row, column, code)
    with pytest.raises(IntegrityError, match=f"ck_{table}_{column}_codes"):
        db.session.commit()
    db.session.rollback()
    assert getattr(db.session.get(type(row), row.id), column) == stored


def test_a_member_is_its_code_in_queries_and_in_json(make):
    org = make.organization(verification=Verification.VERIFIED)
    make.offering(org)
    found = db.session.scalars(
        db.select(Offering)
        .join(Offering.organization)
        .where(Organization.verification == Verification.VERIFIED)
    ).all()
    assert [o.organization_id for o in found] == [org.id]
    assert db.session.get(Organization, org.id).verification == "verified"
    assert make.need(org).status == NeedStatus.OPEN


def test_a_verification_state_reads_the_same_on_the_organization_pages_and_the_officers_desk(app):
    with app.test_request_context():
        for code in Verification:
            shown = organization_labels.verification_label(code)
            assert shown == curation_labels.verification_label(code) == str(code.label)
            assert shown != code.value
        assert organization_labels.verification_label("pending") == "Chờ xác minh"


def test_a_record_kind_reads_the_same_in_search_curation_and_the_audit_log(app):
    with app.test_request_context():
        for kind in RecordKind:
            words = {
                str(SEARCH_KIND_LABELS[kind]),
                curation_labels.record_kind_label(kind),
                object_label(f"{kind}s"),
            }
            assert words == {str(kind.label)}, kind


def test_unknown_codes_are_shown_as_they_are_and_missing_ones_as_nothing(app):
    with app.test_request_context():
        assert UserRole.label_of("admin") == "Quản trị viên"
        assert UserRole.label_of("astronaut") == "astronaut"
        assert UserRole.label_of(None) == ""


def test_an_english_visitor_reads_the_english_label(app):
    from flask import session

    with app.test_request_context():
        session["locale"] = "en"
        assert NeedStatus.label_of("expired") == "Expired"


def test_areas_hand_templates_their_helpers_as_globals_not_context_processors(app):
    """Globals reach imported macros too; context processors would run on every render."""
    processors = [
        f"{p.__module__}.{p.__name__}"
        for funcs in app.template_context_processors.values()
        for p in funcs
    ]
    assert not [name for name in processors if name.startswith("directory.")], processors
    for helper in (
        "kind_label",
        "curation_kind_label",
        "is_featured",
        "curation_panel",
        "NEED_STATUS_LABELS",
        "PARTICIPATION_STATUS_LABELS",
        "is_incubatee",
        "ROLE_LABELS",
        "figure",
        "today_in_vietnam",
        "unread_notifications",
    ):
        assert helper in app.jinja_env.globals, helper
