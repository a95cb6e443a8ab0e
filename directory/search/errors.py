"""What the index raises, importable without loading the index machinery."""


class IndexBusy(Exception):
    """Another process holds the writer lock; the outbox keeps the work for the next drain."""


class IndexUnavailable(Exception):
    """The index is missing or cannot be read: search is down until it is rebuilt (the
    worker does it); the database and every page that does not search are unaffected."""
