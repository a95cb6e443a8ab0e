"""What an operator meets: settings read from the environment, mail through a real SMTP server,
and a background worker that outlives a bad round."""

import logging
import os

import pytest
from flask import Flask

from directory import search
from directory.config import ConfigError, load_config
from directory.extensions import db
from directory.jobs import services as job_services
from directory.jobs.models import Job
from directory.worker import Worker

# Settings --------------------------------------------------------------------------------------


def configured(monkeypatch, tmp_path, env: dict, **overrides) -> Flask:
    """A bare app configured as `flask run` would be with ``env`` in the environment."""
    for name in ("DIRECTORY_ENV", "SECRET_KEY", "SITE_URL", "DATABASE_URL", "TRUSTED_HOSTS"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    app = Flask("directory", instance_path=str(tmp_path / "instance"))
    load_config(app, overrides)
    return app


def test_a_mistyped_environment_name_stops_the_start_with_the_names_allowed(monkeypatch, tmp_path):
    with pytest.raises(ConfigError, match="DIRECTORY_ENV must be one of .*'prodution'"):
        configured(monkeypatch, tmp_path, {"DIRECTORY_ENV": "prodution"})


def test_development_starts_with_nothing_set(monkeypatch, tmp_path):
    first = configured(monkeypatch, tmp_path, {})
    second = configured(monkeypatch, tmp_path, {})
    assert len(first.config["SECRET_KEY"]) == 64  # a random key per process
    assert first.config["SECRET_KEY"] != second.config["SECRET_KEY"]
    database = os.path.join(str(tmp_path / "instance"), "directory.sqlite")
    assert first.config["SQLALCHEMY_DATABASE_URI"] == "sqlite:///" + database
    assert first.config["SITE_URL"] == "http://127.0.0.1:5000"
    assert first.config["TRUSTED_HOSTS"] == ["127.0.0.1", "localhost"]


def test_a_postgres_address_as_hosts_print_it_and_other_settings_from_the_environment(
    monkeypatch, tmp_path
):
    app = configured(
        monkeypatch,
        tmp_path,
        {
            "DIRECTORY_ENV": "production",
            "SECRET_KEY": "k" * 40,
            "SITE_URL": "https://moitruong.dongthap.gov.vn/",
            "DATABASE_URL": "postgres://directory:pw@db:5432/directory",
            "TRUSTED_HOSTS": "moitruong.dongthap.gov.vn, www.moitruong.dongthap.gov.vn",
            "MAIL_USE_TLS": "no",
            "MAIL_PORT": "25",
        },
    )
    assert app.config["SQLALCHEMY_DATABASE_URI"] == (
        "postgresql+psycopg://directory:pw@db:5432/directory"
    )
    assert app.config["SITE_URL"] == "https://moitruong.dongthap.gov.vn"
    assert app.config["TRUSTED_HOSTS"] == [
        "moitruong.dongthap.gov.vn",
        "www.moitruong.dongthap.gov.vn",
    ]
    assert app.config["MAIL_USE_TLS"] is False and app.config["MAIL_PORT"] == 25


@pytest.mark.parametrize("site", ["ftp://moitruong.example.vn", "https://", "moitruong.vn"])
def test_a_public_address_that_is_not_http_is_refused(monkeypatch, tmp_path, site):
    with pytest.raises(ConfigError, match="SITE_URL must be an http"):
        configured(monkeypatch, tmp_path, {"SITE_URL": site})


# Mail through an SMTP server -------------------------------------------------------------------


class FakeSMTP:
    """Records what the site asks of the mail server."""

    sessions: list["FakeSMTP"] = []

    def __init__(self, host, port, timeout=None, context=None):
        self.host, self.port, self.ssl = host, port, context is not None
        self.calls: list[tuple] = []
        FakeSMTP.sessions.append(self)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.calls.append(("quit",))

    def starttls(self, context=None):
        self.calls.append(("starttls",))

    def login(self, user, password):
        self.calls.append(("login", user, password))

    def send_message(self, message):
        self.calls.append(("send", message["To"], message["Subject"]))


@pytest.fixture
def smtp(monkeypatch):
    import smtplib

    FakeSMTP.sessions = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setattr(smtplib, "SMTP_SSL", FakeSMTP)
    return FakeSMTP.sessions


@pytest.mark.app_config(
    MAIL_SERVER="smtp.dongthap.gov.vn", MAIL_USERNAME="no-reply", MAIL_PASSWORD="bí mật"
)
def test_a_reset_mail_goes_through_the_server_over_starttls_after_login(client, make, smtp, outbox):
    make.user(email="hung@example.vn")
    assert client.post("/account/reset", data={"email": "hung@example.vn"}).status_code == 302
    (session,) = smtp
    assert (session.host, session.port, session.ssl) == ("smtp.dongthap.gov.vn", 587, False)
    assert session.calls[:2] == [("starttls",), ("login", "no-reply", "bí mật")]
    assert session.calls[2][:2] == ("send", "hung@example.vn")
    assert "Đặt lại mật khẩu" in session.calls[2][2]
    assert session.calls[-1] == ("quit",)
    assert outbox() == []  # nothing left in the mail folder


@pytest.mark.app_config(MAIL_SERVER="smtp.example.vn", MAIL_PORT=465, MAIL_USE_SSL=True)
def test_a_server_on_implicit_tls_gets_no_starttls_and_no_login_without_a_user(client, make, smtp):
    make.user(email="hung@example.vn")
    client.post("/account/reset", data={"email": "hung@example.vn"})
    (session,) = smtp
    assert (session.port, session.ssl) == (465, True)
    assert [c[0] for c in session.calls] == ["send", "quit"]


# The worker ------------------------------------------------------------------------------------


@pytest.fixture
def in_app(app):
    with app.app_context():
        yield app


def _queue_a_job(monkeypatch):
    monkeypatch.setitem(job_services._handlers, "probe", lambda job, progress: {"ok": True})
    return job_services.enqueue("probe", {})


@pytest.mark.parametrize(
    "fault, logged",
    [
        (search.SearchBusy("a rebuild holds the lock"), "search index busy"),
        (search.SearchUnavailable("segment missing"), "search index unavailable"),
    ],
)
def test_a_busy_or_lost_index_does_not_hold_up_the_queued_jobs(
    in_app, monkeypatch, caplog, fault, logged
):
    def raise_fault():
        raise fault

    job = _queue_a_job(monkeypatch)
    monkeypatch.setattr(search, "drain_outbox", raise_fault)
    with caplog.at_level(logging.INFO, logger="directory.worker"):
        assert Worker("test").round() is True
    assert logged in caplog.text
    assert db.session.get(Job, job.id).status == "done"


def test_a_round_that_fails_is_logged_and_the_worker_carries_on_until_stopped(
    in_app, monkeypatch, caplog
):
    worker = Worker("test")
    rounds = []

    def round_():
        rounds.append(1)
        if len(rounds) == 1:
            raise RuntimeError("database is down")
        worker.stop()  # SIGTERM arrives during the second round
        return False

    monkeypatch.setattr(worker, "round", round_)
    with caplog.at_level(logging.INFO, logger="directory.worker"):
        worker.run(poll=0.05)
    assert len(rounds) == 2
    assert "worker round failed" in caplog.text and "database is down" in caplog.text
    assert "worker test stopped" in caplog.text


def test_a_job_of_a_kind_this_version_no_longer_knows_fails_with_its_name(in_app):
    db.session.add(Job(kind="retired-kind", payload={}))
    db.session.commit()
    job = job_services.run_next("test")
    assert job.status == "failed" and job.error == "unknown job kind 'retired-kind'"
