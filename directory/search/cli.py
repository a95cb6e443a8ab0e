"""`flask reindex` and `flask drain-index` (contracts.md §4)."""

import click
from flask.cli import with_appcontext

from . import index, outbox
from .signals import index_rebuilt, tell


@click.command("reindex")
@click.option("--timeout", default=60.0, show_default=True, help="Seconds to wait for the lock.")
@with_appcontext
def reindex_command(timeout):
    """Rebuild the search index from the database; search stays up meanwhile."""
    bar = click.progressbar(length=1, label="Indexing", show_pos=True)

    def progress(done, total):
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    try:
        with bar:
            written = index.rebuild(progress=progress, timeout=timeout)
    except index.IndexBusy as exc:
        raise click.ClickException(f"{exc}. Try again when it is done.") from exc
    applied = outbox.drain()
    click.echo(f"Indexed {written} public records; {applied} queued changes applied.")
    tell(index_rebuilt)


@click.command("drain-index")
@click.option("--timeout", default=10.0, show_default=True, help="Seconds to wait for the lock.")
@with_appcontext
def drain_index_command(timeout):
    """Apply changes waiting in the search outbox. Exits 1 when changes remain or the index
    is missing or damaged (the worker rebuilds it; or run `flask --app directory reindex`)."""
    try:
        index.check()
        applied = outbox.drain(timeout=timeout)
    except index.IndexUnavailable as exc:
        click.echo(f"The search index is unavailable: {exc}. {outbox.pending()} changes wait.")
        click.echo("The worker rebuilds it; or run: flask --app directory reindex", err=True)
        raise SystemExit(1) from exc
    left = outbox.pending()
    click.echo(f"Applied {applied} changes; {left} still waiting.")
    if left:
        raise SystemExit(1)
