"""Time helpers: timestamps are stored as naive UTC, shown in Asia/Ho_Chi_Minh."""

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

VIETNAM = ZoneInfo("Asia/Ho_Chi_Minh")


def utcnow() -> datetime:
    """Naive UTC now: the same on SQLite (no time zones) and PostgreSQL."""
    return datetime.now(UTC).replace(tzinfo=None)


def today_in_vietnam() -> date:
    """Deadlines are calendar days in the province, not in UTC."""
    return datetime.now(VIETNAM).date()
