"""`flask --app directory follow-up`: the daily mail that asks buyers how stalled deals stand."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .followup import send_follow_ups


@click.command("follow-up")
@with_appcontext
def follow_up_command():
    """Ask buyers where a deal stands 30 and 90 days after it stalled (once each).

    Meant for a daily cron job; links in the mail point to SITE_URL.
    """
    # A cron job has no request: build links on the public address (public_url adds SITE_URL).
    with current_app.test_request_context("/"):
        sent = send_follow_ups()
    click.echo(f"{sent} follow-up mail(s) sent.")
