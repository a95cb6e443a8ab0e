"""`flask --app directory remind-needs`: the daily mail a week before a need's deadline."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .services import remind_expiring_needs


def _site_url(given: str | None) -> str:
    """Where the links in the mail point: --site-url, else SITE_URL (every link names it)."""
    config = current_app.config
    if given:
        config["SITE_URL"] = (given if "://" in given else f"https://{given}").rstrip("/")
    return config["SITE_URL"]


@click.command("remind-needs")
@click.option(
    "--site-url",
    help="The public address for links in the mail, e.g. https://moitruong.dongthap.gov.vn",
)
@with_appcontext
def remind_needs_command(site_url):
    """Mail organizations whose open needs expire within a week (once per deadline).

    Meant for a daily cron job; running it twice on one day sends nothing new.
    """
    with current_app.test_request_context("/", base_url=_site_url(site_url)):
        sent = remind_expiring_needs()
    click.echo(f"{sent} reminder(s) sent.")
