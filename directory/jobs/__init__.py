"""Background jobs: work too long for a web request, stored in the ``jobs`` table and run by
the worker process (``flask --app directory worker``).

An area registers a kind with ``register(kind, handler)`` at import time; a view calls
``enqueue(kind, payload, user)`` and shows the job's progress. ``handler(job, progress)``
runs in the worker with an application context, calls ``progress(done, total)`` as it goes
and returns a JSON-able result, or raises ``JobFailed(message)`` with a message for the user.
Jobs are claimed safely when several workers run (``FOR UPDATE SKIP LOCKED`` on PostgreSQL, a
compare-and-set update everywhere) and a job whose worker died is run again (at most
``services.MAX_ATTEMPTS`` times).
"""

from .services import JobFailed, enqueue, find, register

__all__ = ["JobFailed", "enqueue", "find", "register"]
