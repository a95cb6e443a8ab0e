"""``flask --app directory import-data PATH``: the import service, printed for a terminal."""

import contextlib
import sys

import click
from flask.cli import with_appcontext
from flask_babel import gettext as _

from .fields import messages_locale
from .formats import read_source
from .services import import_dataset

PROGRESS_FROM = 200  # records; smaller files finish before a bar would help


@click.command("import-data")
@click.argument("path", type=click.Path(path_type=str))
@click.option(
    "--dry-run", is_flag=True, help="Check the input and report what would change; write nothing."
)
@with_appcontext
def import_data_command(path, dry_run):
    """Import organizations, offerings and needs from PATH.

    PATH is a JSON file in the ecodirectory/v1 format, an .xlsx workbook with the sheets
    organizations, offerings and needs, or a folder holding organizations.csv, offerings.csv
    and needs.csv. All records are checked first; if any is invalid, nothing is imported,
    every problem is printed ("record: field: message") and the command exits with status 1.
    """
    dataset = read_source(path)
    with _progress_bar(dataset.total) as progress:
        result = import_dataset(dataset, dry_run=dry_run, progress=progress)
    for warning in result.warnings:
        click.echo(warning, err=True)
    with messages_locale():
        if not result.ok:
            for problem in result.listed_problems:
                click.echo(str(problem))
            if result.unlisted_problems:
                click.echo(_("… và %(n)d lỗi khác.", n=result.unlisted_problems))
            click.echo(_("Không nhập gì: %(n)d lỗi.", n=len(result.problems)), err=True)
            raise click.exceptions.Exit(1)
        click.echo(result.summary())
        if dry_run:
            click.echo(_("Chạy thử: không có gì được ghi."), err=True)
            return
    from ..matching.cli import refresh_with_progress

    refresh_with_progress()  # an import is bulk work: matches are refreshed here, not per record


@contextlib.contextmanager
def _progress_bar(records: int):
    """A bar on stderr (stdout stays the problems and the summary) for large inputs."""
    if records <= PROGRESS_FROM:
        yield None
        return
    with messages_locale():
        label = _("Đang nhập")
    with click.progressbar(length=2 * records, label=label, file=sys.stderr) as bar:
        yield bar.update
