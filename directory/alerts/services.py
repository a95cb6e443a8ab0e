"""State changes of alerts: whom a new match concerns, preferences, one-click unsubscribe."""

import logging
from collections.abc import Iterable

from flask import current_app
from flask_babel import lazy_gettext as _l
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from .. import signals
from ..accounts.models import User
from ..domain import DomainError
from ..extensions import db
from ..jobs.models import Job
from ..matching.models import FIT_STRENGTHS
from ..offerings.models import Offering
from ..organizations.models import Membership
from ..timeutil import utcnow
from .models import AlertEvent, AlertMail, AlertSetting, Frequency
from .notifications import notify

log = logging.getLogger(__name__)

JOB_KIND = "send-alerts"


class AlertError(DomainError):
    messages = {
        "frequency": _l("Chọn một cách nhận thông báo trong danh sách."),
    }


def init_app(app) -> None:
    from .. import jobs
    from . import notifications
    from .sending import run_job

    notifications.init_app(app)
    signals.matches_found.connect(on_matches_found)
    jobs.register(JOB_KIND, run_job)


# Whom to tell -----------------------------------------------------------------------------------


def on_matches_found(need, found: list[tuple[int, str]]) -> None:
    """The receiver: in a savepoint, so that a failure here never costs the stored matches."""
    try:
        with db.session.begin_nested():
            record_matches(need, found)
    except Exception:  # noqa: BLE001 - the matches matter more than their alert
        log.exception("alerts for need %s were not recorded", need.id)


def record_matches(need, found: list[tuple[int, str]]) -> int:
    """``signals.matches_found``: note, for each fitting new pair, the members of the side
    whose record was there first (a new need tells the supplier, a new offering the buyer).
    Runs inside the refresh's transaction; returns how many events it added."""
    fits = [offering_id for offering_id, strength in found if strength in FIT_STRENGTHS]
    if not fits or not need.is_public or need.effective_status != "open":
        return 0
    with db.session.no_autoflush:  # the refresh's pending rows are written once, at its commit
        return _record(need, fits)


def _record(need, fits: list[int]) -> int:
    offerings = db.session.scalars(
        select(Offering).where(Offering.id.in_(fits)).options(selectinload(Offering.organization))
    ).all()
    told_before: set[tuple[int, int]] = set(
        db.session.execute(
            select(AlertEvent.user_id, AlertEvent.offering_id).where(AlertEvent.need_id == need.id)
        ).all()
    )
    added = 0
    immediate = False
    wanting: dict[tuple[int, int], list[tuple[int, str]]] = {}
    for offering in offerings:
        if not offering.is_public or offering.organization_id == need.organization_id:
            continue
        need_is_new = need.created_at >= offering.created_at
        told, other = (
            (offering.organization_id, need.organization_id)
            if need_is_new
            else (need.organization_id, offering.organization_id)
        )
        if (told, other) not in wanting:
            wanting[(told, other)] = _wanting(told, other)
        for user_id, frequency in wanting[(told, other)]:
            if (user_id, offering.id) in told_before:
                continue
            told_before.add((user_id, offering.id))
            db.session.add(
                AlertEvent(
                    user_id=user_id,
                    need_id=need.id,
                    offering_id=offering.id,
                    new_record="need" if need_is_new else "offering",
                )
            )
            added += 1
            immediate = immediate or frequency == Frequency.IMMEDIATE
            new = need if need_is_new else offering
            notify([user_id], "need" if need_is_new else "offering", new.id, new.title)
    if immediate:
        _send_soon()
    return added


def _wanting(organization_id: int, other_id: int) -> list[tuple[int, str]]:
    """(user id, frequency) of the active members of one organization who want alerts and
    are not members of the other one (no one hears of their own organization's records)."""
    others = select(Membership.user_id).where(Membership.organization_id == other_id)
    rows = db.session.execute(
        select(User.id, AlertSetting.frequency)
        .join(Membership, Membership.user_id == User.id)
        .outerjoin(AlertSetting, AlertSetting.user_id == User.id)
        .where(
            Membership.organization_id == organization_id,
            User.active.is_(True),
            User.id.not_in(others),
        )
    )
    return [
        (user_id, frequency or Frequency.DAILY.value)
        for user_id, frequency in rows
        if frequency != Frequency.OFF
    ]


def _send_soon() -> None:
    """A job for the worker, committed with the events: "immediately" means right after the
    commit, by the worker (never SMTP inside a web request)."""
    pending = db.session.scalar(
        select(Job.id).where(Job.kind == JOB_KIND, Job.status == "queued").limit(1)
    )
    if pending is None and not any(
        isinstance(obj, Job) and obj.kind == JOB_KIND for obj in db.session.new
    ):
        db.session.add(Job(kind=JOB_KIND, payload={}))


# Preferences ------------------------------------------------------------------------------------


def frequency_of(user) -> str:
    setting = db.session.get(AlertSetting, user.id)
    return setting.frequency if setting else Frequency.DAILY.value


def set_frequency(user, frequency: str) -> AlertSetting:
    """The acting user's own choice (a user changes only their own)."""
    if frequency not in Frequency.codes():
        raise AlertError("frequency", "frequency")
    setting = db.session.get(AlertSetting, user.id)
    if setting is None:
        setting = AlertSetting(user_id=user.id)
        db.session.add(setting)
    setting.frequency, setting.updated_at = frequency, utcnow()
    if frequency == Frequency.OFF:
        _drop_pending([user.id])
    db.session.commit()
    return setting


def _drop_pending(user_ids: Iterable[int]) -> None:
    from .saved import drop_pending

    user_ids = list(user_ids)
    for user_id in user_ids:
        drop_pending(user_id)
    for event in db.session.scalars(
        select(AlertEvent).where(
            AlertEvent.user_id.in_(list(user_ids)), AlertEvent.handled_at.is_(None)
        )
    ):
        event.handled_at = utcnow()


# One-click unsubscribe --------------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="alert-unsubscribe")


def unsubscribe_token(mail_id: int) -> str:
    return _serializer().dumps(mail_id)


def unsubscribe(token: str) -> tuple[str, User | None]:
    """Turn alerts off for the mail's recipient. Returns (outcome, user): "done", "used" (the
    link worked once already), "expired" or "invalid"; only "done" changes anything."""
    try:
        mail_id = _serializer().loads(
            token, max_age=current_app.config["ALERT_UNSUBSCRIBE_MAX_AGE"]
        )
    except SignatureExpired:
        return "expired", None
    except BadSignature:
        return "invalid", None
    mail = db.session.get(AlertMail, mail_id) if isinstance(mail_id, int) else None
    user = db.session.get(User, mail.user_id) if mail and mail.user_id else None
    if mail is None or user is None:
        return "invalid", None
    if mail.unsubscribed_at is not None:
        return "used", user
    mail.unsubscribed_at = utcnow()
    set_frequency(user, Frequency.OFF.value)  # commits
    return "done", user
