"""`flask db upgrade` builds, on an empty database, exactly the schema the models describe."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, text

from directory.extensions import db

from .conftest import DATABASES, PG_SCHEMA, PG_URL, make_app, pg_options


@pytest.fixture(params=DATABASES)
def empty_app(request, tmp_path):
    if request.param == "postgresql":
        schema = PG_SCHEMA + "_migrations"
        engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
        with engine.begin() as conn:
            conn.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {schema}"))
        engine.dispose()
        app = make_app(
            "postgresql", tmp_path, request, SQLALCHEMY_ENGINE_OPTIONS=pg_options(schema)
        )
    else:
        app = make_app("sqlite", tmp_path, request)
    yield app
    with app.app_context():
        db.engine.dispose()


def test_upgrade_on_an_empty_database_matches_the_models(empty_app):
    result = empty_app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 0, result.output
    with empty_app.app_context(), db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_load_reference_after_upgrade(empty_app):
    runner = empty_app.test_cli_runner()
    assert runner.invoke(args=["db", "upgrade"]).exit_code == 0
    result = runner.invoke(args=["load-reference"])
    assert result.exit_code == 0, result.output
    assert "102 communes" in result.output and "14 sectors" in result.output
