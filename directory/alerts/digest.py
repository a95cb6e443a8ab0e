"""Turn pending alert events into one mail per person whose time has come, in the outbox."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from flask import current_app, render_template
from flask_babel import force_locale, ngettext
from sqlalchemy import select, update
from sqlalchemy.orm import selectinload

from ..accounts.models import User
from ..extensions import db
from ..mail import public_url
from ..matching.models import StoredMatch
from ..needs.models import Need
from ..offerings.models import Offering
from .models import AlertEvent, AlertMail, AlertSetting, Frequency, SavedSearchHit
from .saved import live_hits
from .services import unsubscribe_token

# How long after the last digest the next one is due (an hour's slack for cron's timing).
WAIT = {
    Frequency.IMMEDIATE: timedelta(0),
    Frequency.DAILY: timedelta(hours=23),
    Frequency.WEEKLY: timedelta(days=7) - timedelta(hours=1),
}
CHUNK = 500


@dataclass
class Line:
    """The recipient's record that the new one fits, and why (one line)."""

    title: str
    url: str
    reasons: str


@dataclass
class Found:
    """A new record that entered one of the recipient's saved searches."""

    title: str
    url: str


@dataclass
class SearchGroup:
    """A saved search and its new records."""

    query: str
    url: str
    records: list[Found] = field(default_factory=list)


@dataclass
class Group:
    """A new need (or offering) and the recipient's records it fits."""

    kind: str
    title: str
    url: str
    organization: str
    lines: list[Line] = field(default_factory=list)


def compose_due(now: datetime) -> int:
    """Put one digest per due recipient into the outbox; returns how many mails were queued."""
    user_ids = sorted(
        set(
            db.session.scalars(
                select(AlertEvent.user_id).where(AlertEvent.handled_at.is_(None)).distinct()
            )
        )
        | set(
            db.session.scalars(
                select(SavedSearchHit.user_id).where(SavedSearchHit.handled_at.is_(None)).distinct()
            )
        )
    )
    queued = 0
    for start in range(0, len(user_ids), CHUNK):
        queued += _compose_chunk(user_ids[start : start + CHUNK], now)
    return queued


def _compose_chunk(user_ids: list[int], now: datetime) -> int:
    users = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(user_ids)))}
    settings = {
        s.user_id: s
        for s in db.session.scalars(select(AlertSetting).where(AlertSetting.user_id.in_(user_ids)))
    }
    events: dict[int, list[AlertEvent]] = {}
    for event in db.session.scalars(
        select(AlertEvent)
        .where(AlertEvent.user_id.in_(user_ids), AlertEvent.handled_at.is_(None))
        .order_by(AlertEvent.id)
        .options(
            selectinload(AlertEvent.need).selectinload(Need.organization),
            selectinload(AlertEvent.offering).selectinload(Offering.organization),
        )
    ):
        events.setdefault(event.user_id, []).append(event)
    hits: dict[int, list[SavedSearchHit]] = {}
    for hit in db.session.scalars(
        select(SavedSearchHit)
        .where(SavedSearchHit.user_id.in_(user_ids), SavedSearchHit.handled_at.is_(None))
        .order_by(SavedSearchHit.id)
        .options(selectinload(SavedSearchHit.saved_search))
    ):
        hits.setdefault(hit.user_id, []).append(hit)
    reasons = _reasons([e for es in events.values() for e in es])
    public = live_hits([h for hs in hits.values() for h in hs])
    queued = 0
    for user_id in user_ids:
        pending, found = events.get(user_id, []), hits.get(user_id, [])
        user, setting = users[user_id], settings.get(user_id)
        frequency = setting.frequency if setting else Frequency.DAILY.value
        if frequency != Frequency.OFF and not _due(setting, frequency, now):
            continue
        off = frequency == Frequency.OFF
        live = [e for e in pending if _still_fits(e)] if not off else []
        live_found = [h for h in found if (h.kind, h.record_id) in public] if not off else []
        mail = (
            _queue(user, live, reasons, now, live_found)
            if (live or live_found) and user.active
            else None
        )
        db.session.execute(  # one statement, not one per event
            update(AlertEvent)
            .where(AlertEvent.id.in_([e.id for e in pending]))
            .values(handled_at=now, mail_id=mail.id if mail else None)
            .execution_options(synchronize_session=False)
        )
        db.session.execute(
            update(SavedSearchHit)
            .where(SavedSearchHit.id.in_([h.id for h in found]))
            .values(handled_at=now, mail_id=mail.id if mail else None)
            .execution_options(synchronize_session=False)
        )
        if setting is None:
            setting = AlertSetting(user_id=user_id, frequency=frequency)
            db.session.add(setting)
        if mail is not None:
            setting.last_digest_at = now
            queued += 1
    db.session.commit()
    return queued


def _due(setting: AlertSetting | None, frequency: str, now: datetime) -> bool:
    last = setting.last_digest_at if setting else None
    return last is None or now - last >= WAIT[Frequency(frequency)]


def _still_fits(event: AlertEvent) -> bool:
    need, offering = event.need, event.offering
    return need.is_public and need.effective_status == "open" and offering.is_public


def _reasons(events: list[AlertEvent]) -> dict[tuple[int, int], StoredMatch]:
    need_ids = sorted({e.need_id for e in events})
    wanted = {(e.need_id, e.offering_id) for e in events}
    found = {}
    for start in range(0, len(need_ids), CHUNK):
        for row in db.session.scalars(
            select(StoredMatch).where(StoredMatch.need_id.in_(need_ids[start : start + CHUNK]))
        ):
            if (row.need_id, row.offering_id) in wanted:
                found[(row.need_id, row.offering_id)] = row
    return found


def _queue(
    user: User,
    events: list[AlertEvent],
    reasons,
    now: datetime,
    found: list[SavedSearchHit] | None = None,
) -> AlertMail:
    mail = AlertMail(user_id=user.id, recipient=user.email, subject="", created_at=now)
    mail.next_attempt_at = now
    db.session.add(mail)
    db.session.flush()  # its id signs the unsubscribe link
    locale = user.locale or current_app.config["LANGUAGES"][0]
    with force_locale(locale):
        groups = _groups(events, reasons, locale)
        mail.unsubscribe_url = public_url("alerts.unsubscribe", token=unsubscribe_token(mail.id))
        context = {
            "user": user,
            "groups": groups,
            "searches": _searches(found or []),
            "unsubscribe_url": mail.unsubscribe_url,
            "settings_url": public_url("alerts.settings"),
        }
        mail.subject = ngettext(
            "%(num)d kết quả phù hợp mới",
            "%(num)d kết quả phù hợp mới",
            len(events) + len(found or []),
        )
        mail.text = render_template("email/alerts_digest.txt", **context)
        mail.html = render_template("email/alerts_digest.html", **context)
    return mail


def _groups(events: list[AlertEvent], reasons, locale: str) -> list[Group]:
    """Group by the new record (a need for suppliers, an offering for buyers)."""
    groups: dict[tuple[str, int], Group] = {}
    for event in events:
        need, offering = event.need, event.offering
        new_is_need = event.new_record == "need"
        new, mine = (need, offering) if new_is_need else (offering, need)
        new_url = _url(new_is_need, new.id)
        group = groups.setdefault(
            (event.new_record, new.id),
            Group(event.new_record, new.title, new_url, new.organization.name),
        )
        row = reasons.get((need.id, offering.id))
        because = "; ".join(row.reasons_in(locale)) if row else ""
        group.lines.append(Line(mine.title, _url(not new_is_need, mine.id), because))
    return list(groups.values())


def _url(is_need: bool, record_id: int) -> str:
    if is_need:
        return public_url("needs.detail", need_id=record_id)
    return public_url("offerings.detail", offering_id=record_id)


def _searches(hits: list[SavedSearchHit]) -> list[SearchGroup]:
    """Group the new records by the saved search they entered."""
    groups: dict[int, SearchGroup] = {}
    for hit in hits:
        saved = hit.saved_search
        if saved.id not in groups:
            args = {"q": saved.query, "kind": saved.kind, **saved.filters}
            url = public_url("search.results", **{k: v for k, v in args.items() if v})
            groups[saved.id] = SearchGroup(saved.query or "…", url)
        groups[saved.id].records.append(Found(hit.title, _record_url(hit.kind, hit.record_id)))
    return list(groups.values())


def _record_url(kind: str, record_id: int) -> str:
    if kind == "organization":
        return public_url("organizations.detail", org_id=record_id)
    return _url(kind == "need", record_id)
