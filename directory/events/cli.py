"""`flask --app directory expire-meeting-requests`: requests unanswered for 3 days expire."""

import click
from flask import current_app
from flask.cli import with_appcontext

from .meetings import expire_requests


@click.command("expire-meeting-requests")
@with_appcontext
def expire_meeting_requests_command():
    """Expire event meeting requests not answered in 3 days and tell both sides (daily cron)."""
    with current_app.test_request_context("/"):
        expired = expire_requests()
    click.echo(f"{expired} meeting request(s) expired.")
