"""The one background process the site needs: ``flask --app directory worker``.

A plain loop (no broker: production has only PostgreSQL). Each round it
1. rebuilds the search index when it is missing or damaged (search shows "Tìm kiếm tạm thời
   gián đoạn" meanwhile; the database is the source of truth);
2. applies the search outbox in full (an import-sized backlog by a rebuild): web requests
   apply only a few rows each;
3. runs one queued job (``directory.jobs``: officer imports, alert mail, the stored matches
   of the needs a changed offering reaches); every ten minutes it deletes the site's own
   finished jobs after a week.
It sleeps ``poll`` seconds when a round found nothing to do, and stops after the current
step on SIGTERM or Ctrl-C. Several workers may run: jobs are claimed safely and the index has
its writer lock.
"""

import logging
import signal
import time

import click
from flask import current_app
from flask.cli import with_appcontext

from . import search
from .jobs import services as job_services

log = logging.getLogger(__name__)

POLL = 2.0  # seconds between rounds when there is nothing to do
CHECK_INDEX_EVERY = 600.0  # seconds between full reads of the index (its segments are opened
# every round, which finds a missing index or a damaged segment directory at once)


class Worker:
    def __init__(self, name: str | None = None):
        self.name = name or job_services.worker_name()
        self.stopping = False
        self._checked_at = 0.0

    def stop(self, *_args) -> None:
        self.stopping = True

    def repair_index(self) -> bool:
        """Rebuild a missing or unreadable index; True when it rebuilt."""
        deep = time.monotonic() - self._checked_at >= CHECK_INDEX_EVERY
        written = search.repair_index(deep=deep)
        if deep or written is not None:
            self._checked_at = time.monotonic()
        if deep:
            job_services.sweep()
        if written is None:
            return False
        log.warning("search index rebuilt: %d records", written)
        return True

    def round(self) -> bool:
        """One pass over the work; True when it did something."""
        did = False
        try:
            did = self.repair_index()
            did = search.drain_outbox() > 0 or did
        except search.SearchBusy as exc:
            log.info("search index busy: %s", exc)
        except search.SearchUnavailable as exc:  # lost meanwhile: the next round rebuilds it
            log.error("search index unavailable: %s", exc)
        job = job_services.run_next(self.name)
        return did or job is not None

    def run(self, poll: float = POLL, once: bool = False) -> None:
        signal.signal(signal.SIGTERM, self.stop)
        signal.signal(signal.SIGINT, self.stop)
        log.warning("worker %s started", self.name)
        while not self.stopping:
            try:
                did = self.round()
            except Exception:  # noqa: BLE001 - a worker outlives a bad round (database down…)
                log.exception("worker round failed")
                did = False
            if once:
                break
            if not did:
                deadline = time.monotonic() + poll
                while not self.stopping and time.monotonic() < deadline:
                    time.sleep(0.1)
        log.warning("worker %s stopped", self.name)


@click.command("worker")
@click.option("--poll", default=POLL, show_default=True, help="Seconds to wait when idle.")
@click.option("--once", is_flag=True, help="Do one round of work and exit (tests, cron).")
@with_appcontext
def worker_command(poll, once):
    """Run the background worker: search index upkeep and queued jobs (officer imports)."""
    if not current_app.testing:  # tests keep pytest's log capture
        logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(message)s")
    Worker().run(poll=poll, once=once)
