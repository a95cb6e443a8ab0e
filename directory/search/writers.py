"""Writer processes that die with their parent, and locks that do not outlive their holders.

Whoosh's parallel writer forks two processes. Left alone they inherit the parent's lock file
descriptors (an ``flock`` lives as long as any process holds the descriptor), survive a killed
parent by waiting on their queue forever, and a writer that dies (a full disk) leaves the
parent blocked on a full queue or committing an index that silently lacks its segment. Here:

- a child asks the kernel to kill it when its parent dies (``PR_SET_PDEATHSIG``), closes its
  copies of the lock descriptors (the lock stays the parent's alone) and names itself
  ``ix-writer``;
- the parent checks its children while it feeds them and after they finish: a dead one fails
  the build at once (``WriterDied``);
- ``orphaned_holders`` finds processes that still hold a lock file although their parent is
  gone, so a lock left behind can be broken (the holders are killed, never the lock file).
"""

import ctypes
import multiprocessing
import multiprocessing.queues
import os
import queue
import signal

from whoosh.multiproc import MultiSegmentWriter, SubWriterTask

CHILD_PREFIX = "ixw-"  # a writer child's process name: "ixw-<parent pid>"
PR_SET_NAME = 15
PR_SET_PDEATHSIG = 1
_LOCK_SUFFIXES = ("_WRITELOCK", ".lock")


class WriterDied(Exception):
    """A writer process died (killed, out of memory, disk full): the build is incomplete."""


def _libc():
    try:
        return ctypes.CDLL("libc.so.6", use_errno=True)
    except OSError:  # not Linux: no parent-death signal; the parent's checks still apply
        return None


def die_with_parent(parent_pid: int) -> None:
    """In a forked child: be killed when the parent dies, and drop inherited lock fds."""
    libc = _libc()
    if libc is not None:
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        libc.prctl(PR_SET_NAME, f"{CHILD_PREFIX}{parent_pid}".encode()[:15])
    if os.getppid() != parent_pid:  # the parent died before the signal was armed
        os._exit(1)
    for fd, target in _open_files(os.getpid()):
        if target.endswith(_LOCK_SUFFIXES):
            try:
                os.close(fd)  # closing a copy never unlocks: the parent keeps the lock
            except OSError:
                pass


def _open_files(pid) -> list[tuple[int, str]]:
    folder = f"/proc/{pid}/fd"
    try:
        names = os.listdir(folder)
    except OSError:
        return []
    found = []
    for name in names:
        try:
            found.append((int(name), os.readlink(os.path.join(folder, name))))
        except (OSError, ValueError):
            continue
    return found


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as fh:
            return fh.read()
    except OSError:
        return ""


def holders(lock_path: str) -> list[int]:
    """Processes that have ``lock_path`` open (Linux /proc; empty elsewhere)."""
    lock_path = os.path.realpath(lock_path)
    pids = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else ():
        if entry.isdigit() and any(t == lock_path for _, t in _open_files(entry)):
            pids.append(int(entry))
    return pids


def orphaned_holders(lock_path: str) -> list[int]:
    """Holders of the lock that are index writer children whose parent has died (their
    name still carries the parent's pid; their parent is now someone else)."""
    orphans = []
    for pid in holders(lock_path):
        name = _read(f"/proc/{pid}/comm").strip()
        if not name.startswith(CHILD_PREFIX) or not name[len(CHILD_PREFIX) :].isdigit():
            continue
        ppid = next(
            (
                int(line.split()[1])
                for line in _read(f"/proc/{pid}/status").splitlines()
                if line.startswith("PPid:")
            ),
            0,
        )
        if ppid != int(name[len(CHILD_PREFIX) :]):
            orphans.append(pid)
    return orphans


def break_stale_lock(lock_path: str) -> list[int]:
    """Kill the orphaned writers that keep ``lock_path`` locked; returns their pids."""
    killed = []
    for pid in orphaned_holders(lock_path):
        try:
            os.kill(pid, signal.SIGKILL)
            killed.append(pid)
        except ProcessLookupError:
            pass
    return killed


def describe_holders(lock_path: str) -> str:
    """'1234 (flask reindex)' for each process holding the lock, for the busy message."""
    parts = []
    for pid in holders(lock_path):
        cmd = _read(f"/proc/{pid}/cmdline").replace("\0", " ").strip()
        parts.append(f"{pid} ({cmd[:80]})" if cmd else str(pid))
    return ", ".join(parts)


class _Task(SubWriterTask):
    def __init__(self, *args, parent_pid: int, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_pid = parent_pid

    def run(self):
        die_with_parent(self.parent_pid)
        super().run()


class _WatchedQueue(multiprocessing.queues.Queue):
    """A job queue whose ``put`` gives up at once when a writer it feeds has died."""

    def __init__(self, maxsize: int, tasks: list):
        super().__init__(maxsize, ctx=multiprocessing.get_context("fork"))
        self.tasks = tasks

    def put(self, obj, block=True, timeout=None):
        while True:
            check_children(self.tasks)
            try:
                return super().put(obj, True, 0.2)
            except queue.Full:
                continue


def check_children(tasks) -> None:
    for task in tasks:
        if task.exitcode not in (None, 0):
            raise WriterDied(f"index writer process {task.pid} died (exit code {task.exitcode})")


class GuardedWriter(MultiSegmentWriter):
    """Whoosh's two-process writer (one segment per process) with the guards above."""

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.jobqueue = _WatchedQueue(self.procs * 4, self.tasks)

    def _new_task(self):
        task = _Task(
            self.storage,
            self.indexname,
            self.jobqueue,
            self.resultqueue,
            self.subargs,
            self.multisegment,
            parent_pid=os.getpid(),
        )
        self.tasks.append(task)
        task.start()
        return task

    def _commit(self, mergetype, optimize, merge):
        super()._commit(mergetype, optimize, merge)
        check_children(self.tasks)  # a writer that died at the end left its segment out

    def cancel(self):
        for task in self.tasks:
            if task.is_alive():
                task.kill()
            task.join(5)
        self.tasks.clear()
        super().cancel()
