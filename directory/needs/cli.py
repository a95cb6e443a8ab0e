"""`flask --app directory remind-needs`: the daily mail a week before a need's deadline."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .services import remind_expiring_needs


def _site_url() -> str:
    """Where the links in the mail point: SERVER_NAME_FOR_MAIL, else SERVER_NAME."""
    config = current_app.config
    name = config.get("SERVER_NAME_FOR_MAIL") or config.get("SERVER_NAME") or "127.0.0.1:5000"
    return name if "://" in name else f"{config['PREFERRED_URL_SCHEME']}://{name}"


@click.command("remind-needs")
@with_appcontext
def remind_needs_command():
    """Mail organizations whose open needs expire within a week (once per deadline).

    Meant for a daily cron job; running it twice on one day sends nothing new.
    """
    with current_app.test_request_context("/", base_url=_site_url()):
        sent = remind_expiring_needs()
    click.echo(f"{sent} reminder(s) sent.")
