"""Fixtures in the flaskr style: an app per test, its client and CLI runner, and builders.

Every test runs on SQLite; when TEST_DATABASE_URL is set it runs on PostgreSQL as well.
"""

import os
import re

import pytest
from sqlalchemy import create_engine, text

from directory import create_app, search
from directory.extensions import db
from directory.reference.services import load_reference_data

from .builders import Builders

PG_URL = os.environ.get("TEST_DATABASE_URL")
# One schema per parallel run (TEST_PG_SCHEMA) and per pytest-xdist worker.
PG_SCHEMA = os.environ.get("TEST_PG_SCHEMA", "directory_test") + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "mật khẩu đủ dài 123"


def pg_options(schema: str) -> dict:
    return {"connect_args": {"options": f"-csearch_path={schema}"}, "pool_pre_ping": True}


@pytest.fixture(scope="session")
def pg_schema():
    """A schema of its own in the test database, created fresh once per test session."""
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text(f"DROP SCHEMA IF EXISTS {PG_SCHEMA} CASCADE"))
        conn.execute(text(f"CREATE SCHEMA {PG_SCHEMA}"))
    engine.dispose()
    yield PG_SCHEMA


def make_app(database: str, tmp_path, request, **overrides):
    config = {
        "DIRECTORY_ENV": "testing",
        "SECRET_KEY": "test-secret",
        "WTF_CSRF_ENABLED": False,
        "SEARCH_INDEX_DIR": str(tmp_path / "index"),
        "UPLOAD_DIR": str(tmp_path / "uploads"),
        "MAIL_DIR": str(tmp_path / "mail"),
        "SERVER_NAME": "localhost",
    }
    if database == "postgresql":
        schema = request.getfixturevalue("pg_schema")
        config["SQLALCHEMY_DATABASE_URI"] = PG_URL
        config["SQLALCHEMY_ENGINE_OPTIONS"] = pg_options(schema)
    else:
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(tmp_path / "test.sqlite")
    config.update(overrides)
    return create_app(config)


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    app = make_app(request.param, tmp_path, request, **overrides)
    with app.app_context():
        from directory import models  # noqa: F401 - every table in the metadata

        db.create_all()
        _empty_tables()
        load_reference_data()
        search.reindex()  # an empty index: only a rebuild creates one (as `make run` does)
    yield app
    with app.app_context():
        from directory.search import index

        index.close_all_searchers()  # their files are open (no mmap) until closed
        db.session.remove()
        if request.param == "postgresql":
            _empty_tables()
        db.engine.dispose()


def _empty_tables():
    """PostgreSQL's schema lives for the whole session: start each test from empty tables."""
    if db.engine.dialect.name != "postgresql":
        return
    names = ", ".join(t.name for t in db.metadata.sorted_tables)
    db.session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    db.session.commit()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make(app):
    """Builders for test data: make.user(), make.organization(owner=…), make.offering(org), …"""
    with app.app_context():
        yield Builders(password=PASSWORD)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, user_or_email, password=PASSWORD, remember=False):
        email = getattr(user_or_email, "email", user_or_email)
        return self._client.post(
            "/account/login",
            data={"email": email, "password": password, "remember": "y" if remember else ""},
        )

    def logout(self):
        return self._client.post("/account/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def outbox(app):
    """Mail the app wrote to its mail folder, newest last, as (to, subject, body) tuples."""
    from email import message_from_bytes, policy

    def read():
        folder = app.config["MAIL_DIR"]
        if not os.path.isdir(folder):
            return []
        mails = []
        for name in sorted(os.listdir(folder)):
            with open(os.path.join(folder, name), "rb") as fh:
                msg = message_from_bytes(fh.read(), policy=policy.default)
            mails.append((msg["To"], msg["Subject"], msg.get_content()))
        return mails

    return read


def first_link(body: str) -> str:
    """The first URL in a mail body, as a path the test client can open."""
    url = re.search(r"https?://\S+", body).group(0)
    return re.sub(r"^https?://[^/]+", "", url)


class QueryCounter:
    """How many SQL statements ran inside ``with count_queries() as counted:`` (``counted.n``)."""

    def __init__(self):
        self.n = 0
        self.statements: list[str] = []


@pytest.fixture
def count_queries(app):
    """Indico's ``count_queries``: a ``before_cursor_execute`` listener on the app's engine."""
    from contextlib import contextmanager

    from sqlalchemy import event

    active: list[QueryCounter] = []

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        for counter in active:
            counter.n += 1
            counter.statements.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)

    @contextmanager
    def counting():
        counter = QueryCounter()
        active.append(counter)
        try:
            yield counter
        finally:
            active.remove(counter)

    yield counting
    event.remove(engine, "before_cursor_execute", before_cursor_execute)
