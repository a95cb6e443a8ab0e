"""The app fixture gives every test the same start: the reference data, no other row, ids from 1.

SQLite copies a template file per test; PostgreSQL keeps one schema per worker and resets it.
"""

import pytest
from sqlalchemy import func, select

from directory.accounts.models import User
from directory.extensions import db
from directory.reference.models import Commune, IndustrialZone, Sector

from .conftest import DATABASES, _reset_pg_schema, app_on


def counts():
    return {
        model.__name__: db.session.scalar(select(func.count()).select_from(model))
        for model in (Sector, Commune, IndustrialZone, User)
    }


START = {"Sector": 14, "Commune": 102, "IndustrialZone": 18, "User": 0}


def test_a_test_starts_from_the_reference_data_and_nothing_else(app):
    with app.app_context():
        assert counts() == START


def test_a_test_writes_where_the_next_one_cannot_see(app, make):
    with app.app_context():
        assert make.user().id == 1
        assert counts()["User"] == 1


def test_the_postgresql_reset_puts_back_what_a_test_changed(app, make):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite starts each test from a fresh copy of its template file")
    with app.app_context():
        seed_max = db.session.scalar(select(func.max(IndustrialZone.id)))
        make.user()
        make.user()
        sector = db.session.scalars(select(Sector).order_by(Sector.position)).first()
        name = sector.name_vi
        sector.name_vi = "đổi tên"
        db.session.delete(db.session.scalars(select(IndustrialZone)).first())
        db.session.add(IndustrialZone(name="Khu mới", kind="park"))
        db.session.commit()

        _reset_pg_schema()

        assert counts() == START
        assert db.session.get(Sector, sector.code).name_vi == name
        assert make.user().id == 1
        zone = IndustrialZone(name="Khu khác", kind="park")  # its id follows the reference zones'
        db.session.add(zone)
        db.session.commit()
        assert zone.id == seed_max + 1


def test_a_connection_left_open_fails_the_test_that_left_it(request, tmp_path):
    setup = app_on(DATABASES[-1], request, tmp_path)
    app = next(setup)
    with app.app_context():
        forgotten = db.engine.connect()
        forgotten.execute(select(1))
    with pytest.raises(pytest.fail.Exception, match="1 database connection"):
        next(setup)
    forgotten.invalidate()  # closes it: the engine it came from is gone
    forgotten.close()
