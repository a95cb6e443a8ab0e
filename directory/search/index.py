"""Where the index lives, the per-process searcher, the writer lock and the full rebuild.

``SEARCH_INDEX_DIR`` holds one folder per build (``gen-…``) and a file ``CURRENT`` naming the
live one. A rebuild fills a new folder while search keeps using the old one, then swaps
``CURRENT`` atomically.
"""

import os
import shutil
import tempfile
import threading
import time

from flask import current_app
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.index import LockError

from ..extensions import db
from . import documents
from .schema import make_schema

WRITE_TIMEOUT = 2.0  # seconds a writer waits for the lock before leaving work for later
PARALLEL_FROM = 3000  # records from which a rebuild writes with two processes
PARALLEL_BATCH = 100  # documents handed to a writer process at a time
POOL_MB = 1024  # a writer's posting pool before it spills to disk (about 800 MB at 12,000)

_lock = threading.RLock()
# Per thread (a searcher's files are not safe to share between threads): root → (generation,
# index, searcher). Gunicorn's sync workers have one thread: one searcher per process.
_local = threading.local()


def _opened() -> dict:
    if not hasattr(_local, "open"):
        _local.open = {}
    return _local.open


class IndexBusy(Exception):
    """Another process holds the writer lock; the outbox keeps the work for the next drain."""


def root() -> str:
    return current_app.config["SEARCH_INDEX_DIR"]


def _current_generation(base: str) -> str | None:
    try:
        with open(os.path.join(base, "CURRENT"), encoding="utf-8") as fh:
            name = fh.read().strip()
    except FileNotFoundError:
        return None
    return name if name and os.path.isdir(os.path.join(base, name)) else None


def _set_generation(base: str, name: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=base, prefix=".current-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(name)
    os.replace(tmp, os.path.join(base, "CURRENT"))


def _new_generation(base: str) -> str:
    os.makedirs(base, exist_ok=True)
    name = f"gen-{time.time_ns()}-{os.getpid()}"
    os.makedirs(os.path.join(base, name))
    whoosh_index.create_in(os.path.join(base, name), make_schema())
    return name


def current_index():
    """(generation, index) of the live index, creating an empty one the first time."""
    base = root()
    name = _current_generation(base)
    if name is None:
        with _lock:
            name = _current_generation(base)
            if name is None:
                name = _new_generation(base)
                _set_generation(base, name)
    return name, whoosh_index.open_dir(os.path.join(base, name))


def searcher():
    """This thread's searcher (one per process under gunicorn), renewed when the index changed."""
    base = root()
    with _lock:
        name = _current_generation(base)
        _open = _opened()
        cached = _open.get(base)
        if cached and cached[0] == name:
            if cached[2].up_to_date():
                return cached[2]
            # A new searcher, not refresh(): whoosh-reloaded's reader reuse keeps the old
            # segments (and their deleted documents) alive.
            cached[2].close()
            s = cached[1].searcher()
            _open[base] = (name, cached[1], s)
            return s
        if cached:
            cached[2].close()
        name, ix = current_index()
        s = ix.searcher()
        _open[base] = (name, ix, s)
        return s


def forget_searchers() -> None:
    """Close every cached searcher (tests and forked processes)."""
    with _lock:
        for _, _, s in _opened().values():
            s.close()
        _opened().clear()


def write(changes: dict[str, set[int]], session: Session, timeout: float = WRITE_TIMEOUT) -> int:
    """Bring the documents of these records in line with the database, under the writer lock.

    Raises IndexBusy when the lock stays taken for ``timeout`` seconds.
    """
    base = root()
    while True:
        name, ix = current_index()
        try:
            writer = ix.writer(timeout=timeout)
        except LockError as exc:
            raise IndexBusy(str(exc)) from exc
        if _current_generation(base) == name:
            break
        writer.cancel()  # a rebuild swapped folders while we waited: write to the new one
    try:
        count = 0
        for kind, ids in changes.items():
            rows = documents.load(session, kind, ids)
            for id_ in ids:
                doc = documents.document(kind, rows.get(id_))
                if doc is None:
                    writer.delete_by_term("key", documents.key(kind, id_))
                else:
                    writer.update_document(**doc)
                count += 1
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    return count


def rebuild(progress=None, timeout: float = 60.0) -> int:
    """Index every public record into a new folder, then swap it in; returns documents written.

    The live index's writer lock is held throughout, so drains wait and their outbox rows are
    applied to the new index afterwards. Raises IndexBusy when the lock stays taken.
    """
    base = root()
    _, old = current_index()
    try:
        old_writer = old.writer(timeout=timeout)
    except LockError as exc:
        raise IndexBusy(str(exc)) from exc
    try:
        name = _new_generation(base)
        ix = whoosh_index.open_dir(os.path.join(base, name))
        written = 0
        with Session(db.engine) as session:
            total = sum(documents.count(session, k) for k in documents.KINDS)
            writer = _bulk_writer(ix, total)
            try:
                done = 0
                for kind in documents.KINDS:
                    for row in documents.all_rows(session, kind):
                        doc = documents.document(kind, row)
                        if doc is not None:
                            writer.add_document(**doc)
                            written += 1
                        done += 1
                        if progress:
                            progress(done, total)
            except BaseException:
                writer.cancel()
                raise
        writer.commit(optimize=True)
        _set_generation(base, name)
    finally:
        old_writer.cancel()
    _remove_old_generations(base, keep=name)
    return written


def _bulk_writer(ix, records: int):
    """A writer for a whole index. Whoosh's default 128 MB pool spills postings to disk and
    merges them back (a third of the time); a large index is written by two processes."""
    if records >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        # The documents are built here, from the database, and handed over as plain dicts:
        # the forked writers analyse and write a segment each and never touch a connection.
        # Two segments are kept (multisegment): merging them would cost what was saved.
        return ix.writer(procs=2, multisegment=True, limitmb=POOL_MB, batchsize=PARALLEL_BATCH)
    return ix.writer(procs=1, limitmb=POOL_MB)


def _remove_old_generations(base: str, keep: str) -> None:
    """Delete all but the live folder and the one before it (other processes may still be
    reading the previous one until their next request)."""
    names = sorted((e for e in os.listdir(base) if e.startswith("gen-")), key=_generation_time)
    for entry in names[:-2]:
        if entry != keep:
            shutil.rmtree(os.path.join(base, entry), ignore_errors=True)


def _generation_time(name: str) -> int:
    try:
        return int(name.split("-")[1])
    except (IndexError, ValueError):
        return 0


def warm_up_in_background(app) -> None:
    """Once per process, on its first request: read the common terms' postings in a thread,
    so that the first searches do not pay for it."""
    if not app.config.get("SEARCH_WARM_UP", not app.testing):
        return
    base = app.config["SEARCH_INDEX_DIR"]
    started = threading.Event()

    def run():
        name = _current_generation(base)
        if name is None:
            return
        from . import postings

        with whoosh_index.open_dir(os.path.join(base, name)).searcher() as s:
            postings.warm(s)

    @app.before_request
    def _start_warm_up():
        if not started.is_set():
            started.set()
            thread = threading.Thread(target=run, name="search-warm-up", daemon=True)
            app.extensions["search_warm_up"] = thread
            thread.start()
