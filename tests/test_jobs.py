"""Background jobs: queued by a request, claimed by exactly one worker, retried after a crash."""

import os
import socket
import subprocess
import sys
from datetime import timedelta

import pytest

from directory import jobs
from directory.extensions import db
from directory.jobs import services
from directory.jobs.models import Job
from directory.timeutil import utcnow

RAN = []


def _record(job, progress):
    progress(1, 2)
    RAN.append(job.payload["n"])
    progress(2, 2)
    return {"n": job.payload["n"]}


def _refuse(job, progress):
    raise jobs.JobFailed("Tệp không đọc được.")


def _crash(job, progress):
    raise RuntimeError("a bug")


@pytest.fixture(autouse=True)
def kinds(app):
    RAN.clear()
    jobs.register("test-record", _record)
    jobs.register("test-refuse", _refuse)
    jobs.register("test-crash", _crash)
    with app.app_context():
        yield
    for kind in ("test-record", "test-refuse", "test-crash"):
        services._handlers.pop(kind)


def test_a_queued_job_is_run_once_and_keeps_its_result_and_progress(app, make):
    user = make.user()
    job = jobs.enqueue("test-record", {"n": 7}, user)
    assert job.status == "queued"
    done = services.run_next("host:1")
    assert done.id == job.id and done.status == "done"
    assert done.result == {"n": 7} and (done.done, done.total) == (2, 2) and done.attempts == 1
    assert RAN == [7]
    assert services.run_next("host:1") is None  # nothing left: it does not run twice


def test_jobs_run_oldest_first(app, make):
    for n in (1, 2, 3):
        jobs.enqueue("test-record", {"n": n})
    while services.run_next("host:1"):
        pass
    assert RAN == [1, 2, 3]


def test_a_refused_job_keeps_its_message_and_a_crashing_one_a_plain_one(app, make):
    refused = jobs.enqueue("test-refuse", {})
    crashed = jobs.enqueue("test-crash", {})
    assert services.run_next("host:1").error == "Tệp không đọc được."
    failed = services.run_next("host:1")
    assert failed.id == crashed.id and failed.status == "failed"
    assert "a bug" not in failed.error  # the traceback is logged, not shown
    assert db.session.get(Job, refused.id).status == "failed"


def test_an_unknown_kind_cannot_be_queued(app):
    with pytest.raises(ValueError):
        jobs.enqueue("no-such-kind", {})


def test_two_workers_never_take_the_same_job(app):
    job = jobs.enqueue("test-record", {"n": 1})
    first = services.claim("host:1")
    assert first.id == job.id and first.worker == "host:1"
    assert services.claim("host:2") is None


def test_a_job_whose_worker_died_is_run_again(app):
    """The worker was killed mid-job: its heartbeat stops, and another worker retries it."""
    job = jobs.enqueue("test-record", {"n": 5})
    claimed = services.claim("elsewhere:4242")
    assert claimed.status == "running"
    assert services.claim("host:2") is None  # still beating: left alone
    claimed.heartbeat_at = utcnow() - services.STALE_AFTER - timedelta(seconds=1)
    db.session.commit()
    done = services.run_next("host:2")
    assert done.id == job.id and done.status == "done" and done.attempts == 2
    assert RAN == [5]


def test_a_dead_local_worker_is_recognised_without_waiting_for_its_heartbeat(app):
    jobs.enqueue("test-record", {"n": 6})
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    claimed = services.claim(f"{socket.gethostname()}:{dead.stdout.strip()}")
    claimed.heartbeat_at = utcnow() - services.STALE_AFTER - timedelta(seconds=1)
    db.session.commit()
    assert services.run_next("host:2").status == "done"


def test_a_live_local_worker_keeps_its_job_even_when_its_heartbeat_lags(app):
    """A long SQLite transaction can hold the heartbeat back: a live process keeps its job."""
    jobs.enqueue("test-record", {"n": 6})
    claimed = services.claim(f"{socket.gethostname()}:{os.getpid()}")
    claimed.heartbeat_at = utcnow() - services.STALE_AFTER - timedelta(seconds=1)
    db.session.commit()
    assert services.claim("host:2") is None


def test_a_job_that_kills_its_worker_every_time_is_given_up(app):
    job = jobs.enqueue("test-record", {"n": 9})
    for attempt in range(services.MAX_ATTEMPTS):
        claimed = services.claim(f"elsewhere:{attempt}")
        assert claimed is not None
        claimed.heartbeat_at = utcnow() - services.STALE_AFTER - timedelta(seconds=1)
        db.session.commit()
    assert services.claim("host:2") is None
    given_up = db.session.get(Job, job.id)
    assert given_up.status == "failed" and "nhiều lần" in given_up.error
    assert RAN == []


def test_two_workers_claiming_at_the_same_time_share_the_jobs_without_overlap(app):
    import threading

    ids = {jobs.enqueue("test-record", {"n": n}).id for n in range(20)}
    taken: dict[str, list[int]] = {"a": [], "b": []}

    def claim_all(name):
        with app.app_context():
            while (job := services.claim(name)) is not None:
                taken[name].append(job.id)
            db.session.remove()

    threads = [threading.Thread(target=claim_all, args=(n,)) for n in taken]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(taken["a"] + taken["b"]) == sorted(ids)  # each job once, none lost


def test_the_worker_sweeps_the_sites_own_finished_jobs_after_a_week(app, make):
    from directory.worker import Worker

    officer = make.user()
    old_system = jobs.enqueue("test-record", {"n": 1})
    old_import = jobs.enqueue("test-record", {"n": 2}, officer)
    jobs.enqueue("test-record", {"n": 3})  # finished recently
    waiting = jobs.enqueue("test-record", {"n": 4})
    for _ in range(3):
        services.run_next("host:1")  # the oldest three, oldest first
    week_ago = utcnow() - services.KEEP_SYSTEM_JOBS - timedelta(minutes=1)
    for job in (old_system, old_import):
        db.session.get(Job, job.id).finished_at = week_ago
    db.session.get(Job, waiting.id).created_at = week_ago  # queued long ago, never finished
    db.session.commit()

    Worker("host:1").repair_index()  # its first round reads the whole index, then sweeps

    left = {job.payload["n"] for job in db.session.scalars(db.select(Job))}
    assert left == {2, 3, 4}  # the officer's import stays on record; unfinished work is kept
