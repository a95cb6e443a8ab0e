"""What officers read about alert mail: sent, queued and failed per day, and the last errors."""

from datetime import timedelta

from sqlalchemy import func, select

from ..extensions import db
from ..timeutil import utcnow
from .models import AlertMail, MailStatus

DAYS = 14


def per_day(days: int = DAYS) -> list[tuple[str, dict[str, int]]]:
    """[(day, {status: mails created that day})], newest first, for the last ``days`` days."""
    since = utcnow() - timedelta(days=days)
    day = func.date(AlertMail.created_at)
    rows = db.session.execute(
        select(day, AlertMail.status, func.count())
        .where(AlertMail.created_at >= since)
        .group_by(day, AlertMail.status)
    )
    table: dict[str, dict[str, int]] = {}
    for when, status, count in rows:
        table.setdefault(str(when), dict.fromkeys(MailStatus.codes(), 0))[status] = count
    return sorted(table.items(), reverse=True)


def last_errors(most: int = 10) -> list[AlertMail]:
    return list(
        db.session.scalars(
            select(AlertMail)
            .where(AlertMail.last_error.is_not(None))
            .order_by(AlertMail.next_attempt_at.desc(), AlertMail.id.desc())
            .limit(most)
        )
    )
