"""Saved searches (issue 10, item 2): a user keeps a search, and hears of the new records that
enter its results through the same digests, preference and unsubscribe as match alerts.

``save`` / ``set_active`` / ``delete`` / ``saved_by``: the user's own saved searches (the acting
user is an argument; another user's id is "not there"). ``check_all`` (run by ``send-alerts``,
never in a request): each active saved search runs through the search front door, newest
first, and the records created since its last check become ``SavedSearchHit`` rows, unique per
saved search and record, at most ``MAX_HITS`` per saved search and run.
"""

import json
from datetime import UTC, datetime
from typing import NamedTuple

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from .. import search as engine
from ..domain import DomainError
from ..extensions import db
from ..timeutil import utcnow
from ..validation import clean_text
from .models import AlertSetting, Frequency, SavedSearch, SavedSearchHit

MAX_QUERY = 200  # the search page reads 200 characters of a query
MAX_FILTER = 40  # and 40 of a filter value
MAX_SAVED = 20  # per user
MAX_HITS = 50  # new records per saved search and run


class SavedSearchError(DomainError):
    messages = {
        "empty": _l("Nhập từ khóa hoặc chọn ít nhất một bộ lọc để lưu tìm kiếm."),
        "too-long": _l("Từ khóa quá dài: tối đa %(most)d ký tự."),
        "too-many": _l(
            "Bạn đã lưu %(most)d tìm kiếm, mức tối đa. Xóa bớt một tìm kiếm cũ để lưu tìm kiếm mới."
        ),
    }


def normalized(q: str | None, kind: str | None, filters: dict | None) -> tuple[str, str, dict]:
    """(query, kind, filters) as they are stored: clean text, known kind and filter names only.
    Raises ``SavedSearchError`` for an empty search or a query longer than the page reads."""
    query = " ".join((clean_text(q) or "").split())
    if len(query) > MAX_QUERY:
        raise SavedSearchError("too-long", "q", most=MAX_QUERY)
    kind = kind if kind in engine.kinds() else ""
    kept = {}
    for name in engine.filter_names():
        value = clean_text(str((filters or {}).get(name) or ""))
        if value:
            kept[name] = value[:MAX_FILTER]
    if not query and not kept:
        raise SavedSearchError("empty", "q")
    return query, kind, kept


def _key(query: str, kind: str, filters: dict) -> str:
    return json.dumps([query.casefold(), kind, sorted(filters.items())], ensure_ascii=False)


def save(user, q: str | None, kind: str | None, filters: dict | None) -> tuple[SavedSearch, bool]:
    """Save the acting user's search; returns (saved search, whether it is new). The same
    search saved again is the one saved before (switched back on)."""
    query, kind, kept = normalized(q, kind, filters)
    key = _key(query, kind, kept)
    found = db.session.scalar(
        select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.key == key)
    )
    if found is not None:
        if not found.active:
            found.active, found.checked_at = True, utcnow()
            db.session.commit()
        return found, False
    count = db.session.scalar(
        select(func.count()).select_from(SavedSearch).where(SavedSearch.user_id == user.id)
    )
    if (count or 0) >= MAX_SAVED:
        raise SavedSearchError("too-many", None, most=MAX_SAVED)
    saved = SavedSearch(user_id=user.id, query=query, kind=kind, filters=kept, key=key)
    db.session.add(saved)
    try:
        db.session.commit()
    except IntegrityError:  # the same search saved at the same moment in another request
        db.session.rollback()
        again = db.session.scalar(
            select(SavedSearch).where(SavedSearch.user_id == user.id, SavedSearch.key == key)
        )
        if again is None:
            raise
        return again, False
    return saved, True


def saved_by(user) -> list[SavedSearch]:
    return list(
        db.session.scalars(
            select(SavedSearch)
            .where(SavedSearch.user_id == user.id)
            .order_by(SavedSearch.created_at.desc(), SavedSearch.id.desc())
        )
    )


def own(user, saved_id: int) -> SavedSearch | None:
    """The acting user's saved search, or None (another user's is not there for them)."""
    saved = db.session.get(SavedSearch, saved_id)
    return saved if saved is not None and saved.user_id == user.id else None


def set_active(user, saved_id: int, active: bool) -> SavedSearch | None:
    saved = own(user, saved_id)
    if saved is None:
        return None
    if active and not saved.active:
        saved.checked_at = utcnow()  # what appeared while it was off is not news
    saved.active = active
    if not active:
        drop_pending(user.id, saved.id)
    db.session.commit()
    return saved


def delete(user, saved_id: int) -> bool:
    saved = own(user, saved_id)
    if saved is None:
        return False
    db.session.execute(db.delete(SavedSearchHit).where(SavedSearchHit.saved_search_id == saved.id))
    db.session.delete(saved)
    db.session.commit()
    return True


def drop_pending(user_id: int, saved_id: int | None = None) -> None:
    """Mark a user's (or one saved search's) pending hits handled: no digest carries them."""
    where = [SavedSearchHit.user_id == user_id, SavedSearchHit.handled_at.is_(None)]
    if saved_id is not None:
        where.append(SavedSearchHit.saved_search_id == saved_id)
    db.session.execute(db.update(SavedSearchHit).where(*where).values(handled_at=utcnow()))


# Finding the new records (send-alerts) ----------------------------------------------------------


def check_all(now: datetime | None = None) -> int:
    """Run each active saved search of a user who wants alerts; record the records created
    since its last check. Returns how many hits were recorded; commits per saved search."""
    now = now or utcnow()
    wanted = (
        select(SavedSearch.id)
        .outerjoin(AlertSetting, AlertSetting.user_id == SavedSearch.user_id)
        .where(
            SavedSearch.active.is_(True),
            func.coalesce(AlertSetting.frequency, Frequency.DAILY.value) != Frequency.OFF.value,
        )
        .order_by(SavedSearch.id)
    )
    added = 0
    for saved_id in list(db.session.scalars(wanted)):
        saved = db.session.get(SavedSearch, saved_id)
        if saved is not None:
            added += check(saved, now)
    return added


def check(saved: SavedSearch, now: datetime) -> int:
    """Record the records created after ``saved.checked_at`` (up to ``now``) that its search
    finds with every word (a record with some of the words is no news; the index is asked for
    those created since, at most ``MAX_HITS``); then move its check to ``now``."""
    since = saved.checked_at
    refs = engine.new_records(
        saved.query,
        kind=saved.kind or None,
        filters=saved.filters,
        since=int(since.replace(tzinfo=UTC).timestamp()),
        limit=MAX_HITS,
    )
    added = 0
    if refs:
        added = _record(saved, refs, since, now)
    saved.checked_at = now
    try:
        db.session.commit()
    except IntegrityError:  # another run recorded them at the same moment
        db.session.rollback()
        return 0
    return added


def _record(saved: SavedSearch, refs: list[tuple[str, int]], since, now) -> int:
    records = engine.records_for([_Ref(kind, record_id) for kind, record_id in refs])
    known = set(
        db.session.execute(
            select(SavedSearchHit.kind, SavedSearchHit.record_id).where(
                SavedSearchHit.saved_search_id == saved.id,
                SavedSearchHit.record_id.in_([record_id for _, record_id in refs]),
            )
        ).all()
    )
    added = 0
    for kind, record_id in refs:
        record = records.get((kind, record_id))
        created = getattr(record, "created_at", None)
        if record is None or created is None or (kind, record_id) in known:
            continue
        if created <= since or created > now:
            continue
        title = getattr(record, "title", None) or getattr(record, "name", "")
        db.session.add(
            SavedSearchHit(
                saved_search_id=saved.id,
                user_id=saved.user_id,
                kind=kind,
                record_id=record_id,
                title=str(title)[:300],
                created_at=now,
            )
        )
        added += 1
    return added


def live_hits(hits: list[SavedSearchHit]) -> set[tuple[str, int]]:
    """(kind, id) of the hits' records that are still public (a digest leaves out the rest)."""
    if not hits:
        return set()
    return set(engine.records_for([_Ref(h.kind, h.record_id) for h in hits]))


class _Ref(NamedTuple):
    kind: str
    id: int
