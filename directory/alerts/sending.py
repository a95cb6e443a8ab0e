"""Deliver the outbox: ``send_alerts`` (the command and the worker's job) composes what is due
and sends what is queued. A mail is marked sent only after the server took it; a failure leaves
it queued for a later run, waiting longer after each failed attempt."""

import logging
import smtplib
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import func, select, update

from ..extensions import db
from ..mail import compose, transport
from ..timeutil import utcnow
from .digest import compose_due
from .models import AlertMail, MailStatus
from .saved import check_all

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # about 17 hours of retries (2, 4, 8 … minutes), then "failed"
RETRY_MOST = timedelta(hours=6)
BATCH = 200
# Refusals of one message: the next message may still go (other errors: the server is down).
MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)


def send_alerts(now: datetime | None = None) -> int:
    """Compose the digests that are due and send the queued mail; returns how many were sent."""
    now = now or utcnow()
    # A cron job or the worker has no request: links name SITE_URL (mail.public_url).
    with current_app.test_request_context("/"):
        check_all(now)  # saved searches: the records new since their last check
        compose_due(now)
    return deliver_due(now)


def run_job(job, progress) -> dict:
    """The worker's "send-alerts" job, queued when someone who wants mail at once has news."""
    return {"sent": send_alerts()}


def retry_after(attempts: int) -> timedelta:
    return min(timedelta(minutes=2**attempts), RETRY_MOST)


def deliver_due(now: datetime) -> int:
    sent = 0
    while ids := _due_ids(now):
        done, down = _deliver(ids, now)
        sent += done
        if down:
            break  # the rest wait for the next run
    return sent


def _due_ids(now: datetime) -> list[int]:
    return list(
        db.session.scalars(
            select(AlertMail.id)
            .where(AlertMail.status == MailStatus.QUEUED, AlertMail.next_attempt_at <= now)
            .order_by(AlertMail.id)
            .limit(BATCH)
        )
    )


def _deliver(ids: list[int], now: datetime) -> tuple[int, bool]:
    """Send these mails on one connection: (how many were sent, whether the server failed)."""
    mails = db.session.scalars(
        select(AlertMail).where(AlertMail.id.in_(ids)).order_by(AlertMail.id)
    ).all()
    messages = [(mail.id, _message(mail)) for mail in mails]
    del mails
    db.session.rollback()  # nothing held open while the server talks
    done: set[int] = set()
    try:
        with transport() as send:
            for mail_id, message in messages:
                try:
                    send(message)
                except MESSAGE_ERRORS as error:
                    _failed([mail_id], error, now)
                    done.add(mail_id)
                    continue
                db.session.execute(
                    update(AlertMail)
                    .where(AlertMail.id == mail_id)
                    .values(status=MailStatus.SENT, sent_at=now, last_error=None)
                )
                db.session.commit()  # one by one: a crash re-sends one mail at most
                done.add(mail_id)
    except (OSError, smtplib.SMTPException) as error:
        db.session.rollback()
        log.warning("alert mail not sent, the server failed: %s", error)
        _failed([mail_id for mail_id, _ in messages if mail_id not in done], error, now)
        return _count_sent(done), True
    return _count_sent(done), False


def _count_sent(ids: set[int]) -> int:
    if not ids:
        return 0
    return db.session.scalar(  # type: ignore[return-value]
        select(func.count())
        .select_from(AlertMail)
        .where(AlertMail.id.in_(ids), AlertMail.status == MailStatus.SENT)
    )


def _failed(mail_ids: list[int], error: Exception, now: datetime) -> None:
    text = f"{type(error).__name__}: {error}"[:1000]
    for mail in db.session.scalars(select(AlertMail).where(AlertMail.id.in_(mail_ids))):
        mail.attempts += 1
        mail.last_error = text
        mail.next_attempt_at = now + retry_after(mail.attempts)
        if mail.attempts >= MAX_ATTEMPTS:
            mail.status = MailStatus.FAILED
    db.session.commit()


def _message(mail: AlertMail):
    headers = {}
    if mail.unsubscribe_url:
        headers = {
            "List-Unsubscribe": f"<{mail.unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
    return compose(mail.recipient, mail.subject, mail.text, mail.html or None, headers)


def queue_counts() -> dict[str, int]:
    rows = db.session.execute(select(AlertMail.status, db.func.count()).group_by(AlertMail.status))
    return {status: count for status, count in rows}
