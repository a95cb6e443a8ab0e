"""`flask --app directory check-labels`: the daily eco-label run (cron)."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .. import search
from .services import run_expiry


@click.command("check-labels")
@click.option("--warn-days", default=60, show_default=True, help="Remind this many days ahead.")
@with_appcontext
def check_labels_command(warn_days):
    """Mail a reminder once, 60 days before a verified eco-label expires, and drop the badge
    of expired labels from search. Running it twice on one day does nothing new."""
    base = current_app.config.get("SITE_URL") or "http://127.0.0.1:5000"
    with current_app.test_request_context("/", base_url=base):
        reminded, lapsed = run_expiry(warn_days=warn_days)
    search.drain_outbox()
    click.echo(f"Reminders sent: {reminded}; expired labels taken off search: {lapsed}.")
