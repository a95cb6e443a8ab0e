"""`flask --app directory send-alerts`: compose the digests that are due and send the outbox."""

import click
from flask.cli import with_appcontext

from .sending import queue_counts, send_alerts


@click.command("send-alerts")
@with_appcontext
def send_alerts_command():
    """Send the alert mails that are due (contracts.md §9) and print how many were sent.

    Meant for cron every few minutes; running it again at once sends nothing new. Mail the
    server refused stays queued and is retried with back-off.
    """
    sent = send_alerts()
    counts = queue_counts()
    click.echo(
        f"{sent} alert mail(s) sent; {counts.get('queued', 0)} queued, "
        f"{counts.get('failed', 0)} failed."
    )
