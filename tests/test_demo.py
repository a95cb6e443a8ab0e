"""`make run` shows a living Đồng Tháp directory: the demo set-up command."""

from sqlalchemy import func, select

from directory.demo.services import DEMO_ACCOUNTS, DEMO_PASSWORD
from directory.events.models import Event, Participant
from directory.extensions import db
from directory.needs.models import Need
from directory.offerings.models import Offering
from directory.organizations.models import Organization


def count(model):
    return db.session.scalar(select(func.count()).select_from(model))


def test_setup_demo_fills_an_empty_database_once(app, runner, client, auth):
    result = runner.invoke(args=["setup-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo data loaded" in result.output and DEMO_PASSWORD in result.output
    with app.app_context():
        assert 25 <= count(Organization) <= 40
        assert 70 <= count(Offering) <= 100
        assert 18 <= count(Need) <= 30
        # Every sector of the plan has at least one offering.
        sectors = {s.code for o in db.session.scalars(select(Offering)) for s in o.sectors}
        assert len(sectors) == 14
        # A connection day a month ahead, open for registration, the demo members registered.
        event = db.session.scalars(select(Event)).one()
        assert event.published and event.slots and len(event_participants(event)) == 2
    # The demo accounts can sign in; the officer reaches the officer desk.
    officer = next(email for email, role, *_ in DEMO_ACCOUNTS if role == "officer")
    assert auth.login(officer, password=DEMO_PASSWORD).status_code == 302
    assert client.get("/officer/").status_code == 200
    # Search already knows the demo records, with or without diacritics.
    assert "nước thải" in client.get("/search?q=xu+ly+nuoc+thai").get_data(as_text=True)

    again = runner.invoke(args=["setup-demo"])
    assert again.exit_code == 0, again.output
    assert "not loaded again" in again.output
    with app.app_context():
        assert 25 <= count(Organization) <= 40


def test_setup_demo_refuses_to_run_in_production(app, runner):
    app.config["DIRECTORY_ENV"] = "production"
    result = runner.invoke(args=["setup-demo"])
    assert result.exit_code != 0
    assert "not in production" in result.output


def event_participants(event):
    return db.session.scalars(select(Participant).filter_by(event_id=event.id)).all()
