"""`flask refresh-matches`: recompute every need's stored matches."""

import sys

import click
from flask.cli import with_appcontext

from . import services


def refresh_with_progress() -> int:
    """refresh_all() behind a progress bar (also run after import-data and reindex)."""
    bar = click.progressbar(length=1, label="Matching", show_pos=True, file=sys.stderr)

    def progress(done, total):
        bar.length = max(total, 1)
        bar.update(done - bar.pos)

    with bar:
        return services.refresh_all(progress=progress)


@click.command("refresh-matches")
@with_appcontext
def refresh_matches_command():
    """Recompute the stored matches of every open need (closed ones keep theirs)."""
    refreshed = refresh_with_progress()
    click.echo(f"Stored matches refreshed for {refreshed} needs.")


def refresh_after_reindex(app) -> None:
    """``flask reindex`` rebuilt the index: recompute the stored matches from it."""
    refreshed = refresh_with_progress()
    click.echo(f"Stored matches refreshed for {refreshed} needs.")
