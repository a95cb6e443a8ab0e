"""`flask reindex` and `flask drain-index` (contracts.md §4)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from . import outbox
from .signals import index_rebuilt


@click.command("reindex")
@with_appcontext
def reindex_command():
    """Rebuild the search index from the database; search stays up meanwhile."""
    from . import index

    bar = click.progressbar(length=1, label="Indexing", show_pos=True)

    def progress(done, total):
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    with bar:
        written = index.rebuild(progress=progress)
    applied = outbox.drain()
    click.echo(f"Indexed {written} public records; {applied} queued changes applied.")
    index_rebuilt.send(current_app._get_current_object())


@click.command("drain-index")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for the lock.")
@with_appcontext
def drain_index_command(timeout):
    """Apply changes waiting in the search outbox (run it from cron as a safety net)."""
    applied = outbox.drain(timeout=timeout)
    left = outbox.pending()
    click.echo(f"Applied {applied} changes; {left} still waiting.")
    if left:
        raise SystemExit(1)
