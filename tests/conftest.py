"""Fixtures in the flaskr style: an app per test, its client and CLI runner, and builders.

Every test runs on SQLite; when TEST_DATABASE_URL is set it runs on PostgreSQL as well.
The schema and the reference data are built once per worker process, and each test starts
from a copy (SQLite) or a reset (PostgreSQL) of them: docs/architecture.md, "Tests".
"""

import os
import re
import shutil
import sqlite3

import pytest
from jinja2 import BytecodeCache
from sqlalchemy import Engine, create_engine, event, text
from sqlalchemy.pool import NullPool
from werkzeug.routing import Rule

from directory import create_app, search
from directory.extensions import db
from directory.reference.services import load_reference_data

from .builders import Builders

PG_URL = os.environ.get("TEST_DATABASE_URL")
# One schema per parallel run (TEST_PG_SCHEMA) and per pytest-xdist worker.
PG_SCHEMA = os.environ.get("TEST_PG_SCHEMA", "directory_test") + os.environ.get(
    "PYTEST_XDIST_WORKER", ""
)
SEED_SCHEMA = PG_SCHEMA + "_seed"
# The tables load_reference_data fills, and their serial columns (restored after a test).
REFERENCE_TABLES = ("sectors", "communes", "industrial_zones")
REFERENCE_SEQUENCES = (("industrial_zones", "id"),)
DATABASES = ["sqlite"] + (["postgresql"] if PG_URL else [])
PASSWORD = "mật khẩu đủ dài 123"


def pg_options(schema: str) -> dict:
    """Each test's app talks to the worker's schema. No pool: a connection is closed when it is
    returned, so none waits, open, in the pool of a test's engine that the garbage collector
    frees later (psycopg 3.3 warns of every connection collected unclosed; in one CI run that
    warning failed an unrelated SQLite test). A connection a test never returns fails that
    test instead (ConnectionsInUse, in app_on)."""
    return {"connect_args": {"options": f"-csearch_path={schema}"}, "poolclass": NullPool}


@event.listens_for(Engine, "connect")
def _sqlite_without_fsync(dbapi_connection, connection_record):
    """Tests need no durability: SQLite skips its fsyncs, which cost most of a test's time on a
    busy disk (a machine crash loses only a test database)."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")


class SharedTemplateCache(BytecodeCache):
    """Compiled templates kept for every app of the worker process: each test has an app of its
    own, and compiling base.html and the macros again cost more than most tests. Jinja checks the
    source's checksum, so an edited template is compiled again."""

    def __init__(self):
        self.codes: dict[str, bytes] = {}

    def load_bytecode(self, bucket):
        if bucket.key in self.codes:
            bucket.bytecode_from_string(self.codes[bucket.key])

    def dump_bytecode(self, bucket):
        self.codes[bucket.key] = bucket.bytecode_to_string()


TEMPLATES = SharedTemplateCache()
_compile_url_builder = Rule._compile_builder


def _compile_url_builder_when_used(rule, append_unknown=True):
    """Werkzeug compiles two URL builders per route (Python source, compiled) when an app is
    created: 600 compilations per app, most never used by a test. Compile each on its first use;
    the builder is the same, only its time differs."""
    built = None

    def build(self, *args, **kwargs):
        nonlocal built
        if built is None:
            built = _compile_url_builder(self, append_unknown)
        return built(self, *args, **kwargs)

    return build


Rule._compile_builder = _compile_url_builder_when_used


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
        schema = overrides.pop("PG_SCHEMA", None) or request.getfixturevalue("pg_schema")
        config["SQLALCHEMY_DATABASE_URI"] = PG_URL
        config["SQLALCHEMY_ENGINE_OPTIONS"] = pg_options(schema)
    else:
        config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + str(tmp_path / "test.sqlite")
    config.update(overrides)
    app = create_app(config)
    app.jinja_env.bytecode_cache = TEMPLATES
    return app


def _build_schema(app) -> None:
    """The tables and the reference data, as every test starts from them."""
    with app.app_context():
        from directory import models  # noqa: F401 - every table in the metadata

        db.create_all()
        load_reference_data()
        db.engine.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory):
    """A database file with the schema and the reference data, built once per worker process:
    each test starts from a copy of it (a copy costs a millisecond, create_all a second)."""
    folder = tmp_path_factory.mktemp("template")
    _build_schema(make_app("sqlite", folder, None))
    return folder / "test.sqlite"


@pytest.fixture(scope="session")
def pg_schema(tmp_path_factory):
    """A schema of its own in the test database, built once per worker process, and a copy of
    its reference tables in a second schema (PG_SCHEMA_seed) to restore them from."""
    engine = create_engine(PG_URL.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        for name in (PG_SCHEMA, SEED_SCHEMA):
            conn.execute(text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            conn.execute(text(f"CREATE SCHEMA {name}"))
    _build_schema(make_app("postgresql", tmp_path_factory.mktemp("pg"), None, PG_SCHEMA=PG_SCHEMA))
    with engine.begin() as conn:
        for table in REFERENCE_TABLES:
            conn.execute(
                text(f"CREATE TABLE {SEED_SCHEMA}.{table} AS SELECT * FROM {PG_SCHEMA}.{table}")
            )
    engine.dispose()
    yield PG_SCHEMA


@pytest.fixture(params=DATABASES)
def app(request, tmp_path):
    yield from app_on(request.param, request, tmp_path)


def app_on(database: str, request, tmp_path):
    """The test's app on `database`, its tables as _build_schema left them, an empty index."""
    marker = request.node.get_closest_marker("app_config")
    overrides = marker.kwargs if marker else {}
    if database == "sqlite":
        shutil.copyfile(request.getfixturevalue("sqlite_template"), tmp_path / "test.sqlite")
    app = make_app(database, tmp_path, request, **overrides)
    with app.app_context():
        in_use = ConnectionsInUse(db.engine)
        if database == "postgresql":
            _reset_pg_schema()
        search.reindex()  # an empty index: only a rebuild creates one (as `make run` does)
    yield app
    with app.app_context():
        from directory.search import index

        index.close_all_searchers()  # their files are open (no mmap) until closed
        db.session.remove()
        left_open = in_use.count
        db.engine.dispose()
    # A browser story's server may still be ending a request the page dropped.
    if left_open and "LIVE_URL" not in app.config:
        pytest.fail(
            f"{left_open} database connection(s) still in use after the test: a session,"
            " connection or result was not closed"
        )


class ConnectionsInUse:
    """The engine's connections checked out and not yet returned (a set: the tests of
    concurrent claims check out from several threads at once)."""

    def __init__(self, engine: Engine):
        self.records: set = set()
        event.listen(engine, "checkout", lambda _dbapi, record, _proxy: self.records.add(record))
        event.listen(engine, "checkin", lambda _dbapi, record: self.records.discard(record))

    @property
    def count(self) -> int:
        return len(self.records)


def _reset_pg_schema():
    """PostgreSQL's schema lives for the whole session: put it back as _build_schema left it.

    DELETE in the tables that hold rows, not TRUNCATE of every table: TRUNCATE makes new files
    for each table it names (and CASCADE names them all), a second or more per test on a busy
    disk, where one query finds the few tables a test wrote to. Sequences start again at 1, the
    reference tables come back from their seed copy only when a test changed them.
    """
    from directory import models  # noqa: F401 - every table in the metadata

    tables = [t.name for t in db.metadata.sorted_tables]
    probe = " UNION ALL ".join(f"SELECT '{t}' WHERE EXISTS (SELECT 1 FROM {t})" for t in tables)
    changed = [
        t for t in REFERENCE_TABLES if db.session.scalar(text(f"SELECT EXISTS ({_difference(t)})"))
    ]
    written = set(db.session.scalars(text(probe))) - set(REFERENCE_TABLES) | set(changed)
    for table in reversed(tables):
        if table in written:
            db.session.execute(text(f"DELETE FROM {table}"))
    for table in changed:
        db.session.execute(text(f"INSERT INTO {table} SELECT * FROM {SEED_SCHEMA}.{table}"))
    db.session.execute(
        text(
            "SELECT setval(format('%I', sequencename)::regclass, 1, false) FROM pg_sequences"
            " WHERE schemaname = current_schema() AND last_value IS NOT NULL"
        )
    )
    for table, column in REFERENCE_SEQUENCES:
        db.session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" (SELECT max({column}) FROM {table}))"
            )
        )
    db.session.commit()


def _difference(table: str) -> str:
    seed = f"{SEED_SCHEMA}.{table}"
    return (
        f"(SELECT * FROM {table} EXCEPT SELECT * FROM {seed})"
        f" UNION ALL (SELECT * FROM {seed} EXCEPT SELECT * FROM {table})"
    )


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
def count_queries(app, monkeypatch):
    """Indico's ``count_queries``: a ``before_cursor_execute`` listener on the app's engine.

    A request drains the search outbox every few seconds (``outbox._drain_left_overs``); while
    counting, that check is put off so a page's count does not depend on the clock."""
    from contextlib import contextmanager

    from sqlalchemy import event

    from directory.search import outbox

    monkeypatch.setitem(outbox._last_check, "at", float("inf"))

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
