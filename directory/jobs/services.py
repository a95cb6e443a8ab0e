"""Queue, claim and run background jobs (see the package docstring)."""

import logging
import os
import socket
import threading
from collections.abc import Callable
from datetime import timedelta

from flask_babel import gettext as _
from sqlalchemy import and_, delete, or_, select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from ..extensions import db
from ..timeutil import utcnow
from .models import FINISHED, Job

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3  # a job whose worker died this many times is marked failed
HEARTBEAT_EVERY = 5.0  # seconds between a running job's heartbeats (and progress writes)
STALE_AFTER = timedelta(seconds=60)  # a running job without a heartbeat this long is orphaned
KEEP_SYSTEM_JOBS = timedelta(days=7)  # finished jobs nobody queued (alerts, matches) kept this long

Handler = Callable[[Job, Callable[[int, int], None]], dict | None]
_handlers: dict[str, Handler] = {}


class JobFailed(Exception):
    """The job cannot be done; ``str()`` is shown to the user who queued it."""


def register(kind: str, handler: Handler) -> None:
    _handlers[kind] = handler


def enqueue(kind: str, payload: dict, user=None) -> Job:
    """Queue a job for the worker; the caller's transaction is committed here."""
    if kind not in _handlers:
        raise ValueError(f"unknown job kind {kind!r}")
    job = Job(kind=kind, payload=payload, created_by_id=getattr(user, "id", None))
    db.session.add(job)
    db.session.commit()
    return job


def find(job_id: int, user) -> Job | None:
    """The job ``job_id`` if ``user`` queued it, else None (someone else's job is a 404)."""
    job = db.session.get(Job, job_id)
    return job if job is not None and job.created_by_id == user.id else None


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def _alive_here(worker: str | None) -> bool:
    """Whether ``worker`` is a live process on this machine (its heartbeat may lag while a
    long SQLite transaction holds the database)."""
    host, _sep, pid = (worker or "").rpartition(":")
    if host != socket.gethostname() or not pid.isdigit():
        return False
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def claim(name: str | None = None) -> Job | None:
    """Take the oldest queued job, or a running one whose worker died; None when there is
    none. Two workers never take the same job."""
    name = name or worker_name()
    stale = utcnow() - STALE_AFTER
    candidates = (
        select(Job.id, Job.status, Job.attempts, Job.worker, Job.heartbeat_at)
        .where(
            or_(
                Job.status == "queued",
                and_(
                    Job.status == "running",
                    or_(Job.heartbeat_at.is_(None), Job.heartbeat_at < stale),
                ),
            )
        )
        .order_by(Job.id)
        .limit(5)
        .with_for_update(skip_locked=True)  # PostgreSQL; SQLite ignores it (see below)
    )
    for id_, status, attempts, worker, heartbeat in db.session.execute(candidates).all():
        if status == "running" and _alive_here(worker):
            continue
        if status == "running" and attempts >= MAX_ATTEMPTS:
            _finish(id_, "failed", error=_("Tiến trình xử lý dừng đột ngột nhiều lần."))
            continue
        # Compare-and-set on what was read: without row locks (SQLite) only one worker's
        # update matches; a job another worker took meanwhile is left to it.
        now = utcnow()
        won = db.session.execute(
            update(Job)
            .where(
                Job.id == id_,
                Job.status == status,
                Job.attempts == attempts,
                Job.heartbeat_at.is_(None) if heartbeat is None else Job.heartbeat_at == heartbeat,
            )
            .values(
                status="running",
                worker=name,
                attempts=Job.attempts + 1,
                heartbeat_at=now,
                started_at=now,
            )
        )
        db.session.commit()
        if getattr(won, "rowcount", 0) == 1:
            return db.session.get(Job, id_)
    db.session.rollback()
    return None


def _finish(job_id: int, status: str, result: dict | None = None, error: str | None = None):
    db.session.rollback()  # whatever the handler left unfinished
    db.session.execute(
        update(Job)
        .where(Job.id == job_id)
        .values(status=status, result=result, error=error, finished_at=utcnow())
    )
    db.session.commit()


class _Heartbeat:
    """Writes the job's progress and a heartbeat from a thread of its own, on its own
    connection, while the handler works (its transaction may be long)."""

    def __init__(self, engine, job_id: int):
        self.engine, self.job_id = engine, job_id
        self.done = self.total = 0
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name=f"job-{job_id}", daemon=True)

    def progress(self, done: int, total: int) -> None:
        self.done, self.total = done, total

    def _run(self):
        while not self.stop.wait(HEARTBEAT_EVERY):
            self.beat()

    def beat(self) -> None:
        try:
            with Session(self.engine) as session:
                session.execute(
                    update(Job)
                    .where(Job.id == self.job_id, Job.status == "running")
                    .values(heartbeat_at=utcnow(), done=self.done, total=self.total)
                )
                session.commit()
        except SQLAlchemyError:  # a busy SQLite file: the next beat tries again
            log.debug("job %s: heartbeat skipped", self.job_id)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()
        self.beat()


def run(job: Job) -> Job:
    """Run a claimed job to its end and record the outcome."""
    handler = _handlers.get(job.kind)
    if handler is None:
        _finish(job.id, "failed", error=f"unknown job kind {job.kind!r}")
        return _reloaded(job.id)
    try:
        with _Heartbeat(db.engine, job.id) as beat:
            result = handler(job, beat.progress)
    except JobFailed as failure:
        _finish(job.id, "failed", error=str(failure))
    except Exception:  # noqa: BLE001 - logged; the user sees that the job failed
        log.exception("job %s (%s) failed", job.id, job.kind)
        _finish(job.id, "failed", error=_("Đã có lỗi xảy ra khi xử lý. Chúng tôi đã ghi nhận."))
    else:
        _finish(job.id, "done", result=result)
    db.session.expire_all()
    return _reloaded(job.id)


def _reloaded(job_id: int) -> Job:
    job = db.session.get(Job, job_id)
    assert job is not None  # jobs are never deleted while they run
    return job


def run_next(name: str | None = None) -> Job | None:
    """Claim and run one job; None when none waits."""
    job = claim(name)
    return run(job) if job is not None else None


def sweep() -> int:
    """Delete the finished jobs the site queued itself (no user follows them) once they are
    older than KEEP_SYSTEM_JOBS; an officer's import keeps its record. Returns how many."""
    gone = db.session.execute(
        delete(Job).where(
            Job.created_by_id.is_(None),
            Job.status.in_(FINISHED),
            Job.finished_at < utcnow() - KEEP_SYSTEM_JOBS,
        )
    )
    db.session.commit()
    return getattr(gone, "rowcount", 0) or 0
