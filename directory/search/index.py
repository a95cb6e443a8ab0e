"""Where the index lives, the per-process searcher, the writer lock and the full rebuild.

``SEARCH_INDEX_DIR`` holds one folder per build (``gen-…``) and a file ``CURRENT`` naming the
live one. A rebuild fills a new folder while search keeps using the old one, then swaps
``CURRENT`` atomically.
"""

import contextlib
import logging
import os
import pickle
import shutil
import struct
import tempfile
import threading
import time
import weakref
import zlib

from flask import current_app
from sqlalchemy.orm import Session
from whoosh import index as whoosh_index
from whoosh.filedb.filestore import FileStorage
from whoosh.index import LockError
from whoosh.reading import ReaderClosed
from whoosh.util.filelock import FileLock, try_for

from ..extensions import db
from . import documents, writers
from .errors import IndexBusy, IndexUnavailable
from .schema import make_schema

WRITE_TIMEOUT = 2.0  # seconds a writer waits for the lock before leaving work for later
PARALLEL_FROM = 3000  # records from which a rebuild writes with two processes
PARALLEL_BATCH = 100  # documents handed to a writer process at a time
POOL_MB = 1024  # a writer's posting pool before it spills to disk (about 800 MB at 12,000)

log = logging.getLogger(__name__)
_lock = threading.RLock()
# Per thread (a searcher's files are not safe to share between threads): root → (generation,
# index, searcher). Gunicorn's sync workers have one thread: one searcher per process.
_local = threading.local()
# Every searcher any thread opened and has not closed: a threaded server (flask run, the
# browser tests) opens one per request thread; close_all_searchers() shuts them at the end.
_every: "weakref.WeakSet" = weakref.WeakSet()


def _opened() -> dict:
    if not hasattr(_local, "open"):
        _local.open = {}
    return _local.open


# What a missing, truncated or otherwise damaged index raises while it is opened or read.
READ_ERRORS = (
    OSError,
    EOFError,
    struct.error,
    zlib.error,
    pickle.UnpicklingError,
    whoosh_index.IndexError,
    KeyError,
    IndexError,
    ValueError,
)


def root() -> str:
    return current_app.config["SEARCH_INDEX_DIR"]


def _read_name(base: str, file: str) -> str | None:
    try:
        with open(os.path.join(base, file), encoding="utf-8") as fh:
            return fh.read().strip() or None
    except FileNotFoundError:
        return None


def _current_generation(base: str) -> str | None:
    name = _read_name(base, "CURRENT")
    return name if name and os.path.isdir(os.path.join(base, name)) else None


def _set_name(base: str, file: str, name: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=base, prefix=f".{file.lower()}-")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        fh.write(name)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, os.path.join(base, file))


def _open(path: str):
    """Open an index without mmap: a truncated file then raises an error instead of killing
    the process with SIGBUS."""
    return FileStorage(path, supports_mmap=False).open_index()


def current_index():
    """(generation, index) of the live index; IndexUnavailable when there is none or it
    cannot be opened. Only a rebuild creates an index: an empty one must never stand in
    for a lost one."""
    base = root()
    name = _current_generation(base)
    if name is None:
        raise IndexUnavailable(f"no search index in {base}")
    try:
        return name, _open(os.path.join(base, name))
    except READ_ERRORS as exc:
        raise IndexUnavailable(f"search index {name} cannot be opened: {exc!r}") from exc


def searcher():
    """This thread's searcher (one per process under gunicorn), renewed when the index changed.

    Raises IndexUnavailable when the index is missing or broken."""
    base = root()
    with _lock:
        try:
            return _searcher(base)
        except READ_ERRORS as exc:
            _forget(base)
            raise IndexUnavailable(f"search index cannot be read: {exc!r}") from exc
        except IndexUnavailable:
            _forget(base)
            raise


def _searcher(base: str):
    name = _current_generation(base)
    _open_ = _opened()
    cached = _open_.get(base)
    if cached and cached[0] == name:
        if cached[2].up_to_date():
            return cached[2]
        # A new searcher, not refresh(): whoosh-reloaded's reader reuse keeps the old
        # segments (and their deleted documents) alive.
        cached[2].close()
        s = cached[1].searcher()
        _every.add(s)
        _open_[base] = (name, cached[1], s)
        return s
    _forget(base)
    name, ix = current_index()
    s = ix.searcher()
    _every.add(s)
    _open_[base] = (name, ix, s)
    return s


def _forget(base: str) -> None:
    cached = _opened().pop(base, None)
    if cached:
        try:
            cached[2].close()
        except READ_ERRORS:
            pass


def check(deep: bool = True) -> int:
    """Open the live index and its segments (and with ``deep``, read every stored field and
    term); returns its document count. Raises IndexUnavailable when it is missing or damaged."""
    _, ix = current_index()
    try:
        with ix.reader() as reader:
            if deep:
                for _ in reader.all_stored_fields():
                    pass
                for _ in reader.all_terms():
                    pass
            return reader.doc_count()
    except READ_ERRORS as exc:
        raise IndexUnavailable(f"search index cannot be read: {exc!r}") from exc


def forget_searchers() -> None:
    """Close this thread's cached searchers (tests, forked processes, a damaged index)."""
    with _lock:
        for _, _, s in _opened().values():
            s.close()
        _opened().clear()


def close_all_searchers() -> None:
    """Close the searchers of every thread, once no request runs (the end of a server)."""
    forget_searchers()
    with _lock:
        for s in list(_every):
            with contextlib.suppress(ReaderClosed, *READ_ERRORS):
                s.close()
        _every.clear()


def _busy(path: str, exc: Exception) -> IndexBusy:
    lock = os.path.join(path, "MAIN_WRITELOCK")
    who = writers.describe_holders(lock)
    return IndexBusy(f"the search index is locked by {who or 'another process'}: {exc}")


def _writer(ix, path: str, timeout: float):
    """The live index's writer; a lock kept only by orphaned writer processes (their parent
    was killed) is broken by killing them, and the lock is tried once more."""
    try:
        return ix.writer(timeout=timeout)
    except LockError as exc:
        if not writers.break_stale_lock(os.path.join(path, "MAIN_WRITELOCK")):
            raise _busy(path, exc) from exc
    try:
        return ix.writer(timeout=max(timeout, 1.0))
    except LockError as exc:
        raise _busy(path, exc) from exc


def write(changes: dict[str, set[int]], session: Session, timeout: float = WRITE_TIMEOUT) -> int:
    """Bring the documents of these records in line with the database, under the writer lock.

    Raises IndexBusy when the lock stays taken for ``timeout`` seconds, IndexUnavailable when
    there is no readable index to write to.
    """
    base = root()
    while True:
        name, ix = current_index()
        writer = _writer(ix, os.path.join(base, name), timeout)
        if _current_generation(base) == name:
            break
        writer.cancel()  # a rebuild swapped folders while we waited: write to the new one
    try:
        count = 0
        for kind, ids in changes.items():
            for id_, doc in documents.documents(session, kind, ids):
                if doc is None:
                    writer.delete_by_term("key", documents.key(kind, id_))
                else:  # an index built before a field was added takes the fields it has
                    writer.update_document(**{k: v for k, v in doc.items() if k in ix.schema})
                count += 1
        writer.commit()
    except BaseException as exc:
        writer.cancel()
        if isinstance(exc, READ_ERRORS) and not isinstance(exc, OSError):
            raise IndexUnavailable(f"search index cannot be updated: {exc!r}") from exc
        raise
    return count


def rebuild(progress=None, timeout: float = 60.0) -> int:
    """Index every public record into a new folder, then swap it in; returns documents written.

    The live index's writer lock (when there is a live index) is held throughout, so drains
    wait and their outbox rows are applied to the new index afterwards. The new folder is
    built as ``build-…`` and becomes a ``gen-…`` only once complete; a writer process that
    dies fails the build at once. Raises IndexBusy when a lock stays taken.
    """
    base = root()
    os.makedirs(base, exist_ok=True)
    with _rebuild_lock(base, timeout):
        old = _current_generation(base)
        old_lock = _live_lock(base, old, timeout)
        try:
            built, written = _build(base, progress)
            name = built.replace("build-", "gen-", 1)
            os.rename(os.path.join(base, built), os.path.join(base, name))
            if old:
                _set_name(base, "PREVIOUS", old)
            _set_name(base, "CURRENT", name)
        finally:
            if old_lock is not None:
                old_lock.release()
        _remove_old_generations(base)
    return written


@contextlib.contextmanager
def _rebuild_lock(base: str, timeout: float):
    """One rebuild at a time, also when there is no live index whose lock would order them."""
    lock = FileLock(os.path.join(base, "rebuild.lock"))
    if not try_for(lock.acquire, timeout=timeout, delay=0.1):
        if writers.break_stale_lock(lock.filename) and try_for(lock.acquire, timeout=1.0):
            pass
        else:
            who = writers.describe_holders(lock.filename) or "another process"
            raise IndexBusy(f"a rebuild of the search index is running: {who}")
    try:
        yield
    finally:
        lock.release()


def _live_lock(base: str, name: str | None, timeout: float):
    """The live generation's writer lock (taken without opening the index, which may be the
    broken one being replaced); None when there is no live generation."""
    if name is None:
        return None
    path = os.path.join(base, name)
    lock = FileStorage(path).lock("MAIN_WRITELOCK")
    if try_for(lock.acquire, timeout=timeout, delay=0.1):
        return lock
    if writers.break_stale_lock(lock.filename) and try_for(lock.acquire, timeout=1.0):
        return lock
    raise _busy(path, LockError("timed out"))


def _build(base: str, progress) -> tuple[str, int]:
    """Write every public record into a new ``build-…`` folder; returns its name and the
    number of documents. The folder
    is removed when anything fails (a full disk, a writer process that died)."""
    name = f"build-{time.time_ns()}-{os.getpid()}"
    path = os.path.join(base, name)
    os.makedirs(path)
    try:
        ix = whoosh_index.create_in(path, make_schema())
        written = 0
        with Session(db.engine) as session:
            total = sum(documents.count(session, k) for k in documents.KINDS)
            writer = _bulk_writer(ix, total)
            try:
                done = 0
                for kind in documents.KINDS:
                    for _id, doc in documents.all_documents(session, kind):
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
        with _open(path).reader() as reader:
            complete = reader.doc_count() == written
        if not complete:
            raise writers.WriterDied(f"the new index holds fewer than the {written} documents")
    except BaseException:
        shutil.rmtree(path, ignore_errors=True)
        raise
    return name, written


def _bulk_writer(ix, records: int):
    """A writer for a whole index. Whoosh's default 128 MB pool spills postings to disk and
    merges them back (a third of the time); a large index is written by two processes."""
    if records >= PARALLEL_FROM and (os.cpu_count() or 1) > 1:
        # The documents are built here, from the database, and handed over as plain dicts:
        # the forked writers analyse and write a segment each and never touch a connection.
        # Two segments are kept (multisegment): merging them would cost what was saved.
        return writers.GuardedWriter(ix, procs=2, limitmb=POOL_MB, batchsize=PARALLEL_BATCH)
    return ix.writer(procs=1, limitmb=POOL_MB)


def _remove_old_generations(base: str) -> None:
    """Keep the live folder and the one that was live before it (other processes may still
    read it until their next request), whatever their age; remove every other generation and
    every unfinished build older than the live one (a newer one may be another rebuild's)."""
    keep = {_current_generation(base), _read_name(base, "PREVIOUS")}
    live = _current_generation(base) or ""
    for entry in os.listdir(base):
        path = os.path.join(base, entry)
        if entry.startswith("gen-") and entry not in keep:
            shutil.rmtree(path, ignore_errors=True)
        elif entry.startswith("build-") and _generation_time(entry) < _generation_time(live):
            shutil.rmtree(path, ignore_errors=True)


def _generation_time(name: str) -> int:
    try:
        return int(name.split("-")[1])
    except (IndexError, ValueError):
        return 0


def warm(searcher) -> None:
    """What a process reads before its first searches need it: the common terms' posting sets
    and the accent table that did-you-mean writes its corrections with (about 0.3 s of CPU at
    10,000 offerings, else paid by the first misspelt search)."""
    from . import postings, query  # both read the index through this module

    postings.warm(searcher)
    query.warm_accents(searcher)


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
        try:
            with _open(os.path.join(base, name)).searcher() as s:
                warm(s)
        except READ_ERRORS:  # a broken index: the requests report the outage
            log.warning("search warm-up skipped: the index cannot be read")

    @app.before_request
    def _start_warm_up():
        if not started.is_set():
            started.set()
            thread = threading.Thread(target=run, name="search-warm-up", daemon=True)
            app.extensions["search_warm_up"] = thread
            thread.start()
