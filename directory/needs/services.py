"""What buyers do with their needs: post, edit, publish, close, reopen, extend, delete drafts.

Every function takes the acting user, checks that they may act for the need's organization,
and commits one transaction. The expiry reminder is what the daily `remind-needs` runs.
"""

from datetime import date, timedelta

from flask import url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from .. import signals
from ..domain import DomainError
from ..extensions import db
from ..mail import send_mail
from ..organizations.models import Organization
from ..organizations.queries import organizations_of
from ..permissions import can_manage, require
from ..reference.models import Commune, IndustrialZone, Sector
from ..timeutil import today_in_vietnam, utcnow
from ..validation import clean_text
from .labels import ERRORS
from .models import CLOSE_REASONS, PROCUREMENT_MODES, Need
from .queries import open_to_offers

REMIND_DAYS_BEFORE = 7


class NeedError(DomainError):
    """A change the lifecycle rules refuse; ``field`` names the form field it concerns."""

    messages = ERRORS


def _require_manager(user, organization: Organization) -> None:
    require(can_manage(user, organization))


def manageable_organizations(user) -> list[Organization]:
    """The organizations a user may post needs for (their own; officers choose via ?org=)."""
    return organizations_of(user)


def _apply(need: Need, values: dict) -> None:
    """Copy form values onto the need; unknown reference codes are refused."""
    with db.session.no_autoflush:
        _apply_values(need, values)


def _apply_values(need: Need, values: dict) -> None:
    sectors = []
    for code in dict.fromkeys(values.get("sector_codes") or []):
        sector = db.session.get(Sector, code)
        if sector is None:
            raise NeedError("unknown-sector", "sectors")
        sectors.append(sector)
    commune_code = values.get("commune_code") or None
    if commune_code and db.session.get(Commune, commune_code) is None:
        raise NeedError("unknown-commune", "commune")
    zone_id = values.get("industrial_zone_id")
    if zone_id is not None and db.session.get(IndustrialZone, zone_id) is None:
        raise NeedError("unknown-zone", "industrial_zone")
    procurement = values.get("procurement") or None
    if procurement is not None and procurement not in PROCUREMENT_MODES:
        raise NeedError("unknown-procurement", "procurement")

    if values.get("deadline") != need.deadline:
        need.expiry_warned_on = None  # a new deadline deserves its own reminder
    need.title = clean_text(values["title"]) or ""
    need.description = clean_text(values.get("description")) or ""
    need.sectors = sectors
    need.commune_code = commune_code
    need.industrial_zone_id = zone_id
    need.quantity = clean_text(values.get("quantity"))
    need.budget_vnd = values.get("budget_vnd")
    need.deadline = values.get("deadline")
    need.procurement = procurement
    need.contact_name = clean_text(values.get("contact_name"))
    need.contact_phone = clean_text(values.get("contact_phone"))
    email = clean_text(values.get("contact_email"))
    need.contact_email = email.lower() if email else None


def _check_deadline_ahead(need: Need) -> None:
    if need.deadline is not None and need.deadline < today_in_vietnam():
        raise NeedError("deadline-passed", "deadline")


def create_need(user, organization: Organization, values: dict, publish: bool) -> Need:
    """A new need, saved as a draft or published (open) at once."""
    _require_manager(user, organization)
    need = Need(status="draft")
    _apply(need, values)
    need.organization = organization
    if publish:
        _check_deadline_ahead(need)
        need.status = "open"
    db.session.add(need)
    db.session.flush()
    if publish:
        signals.listing_published.send(need, actor=user)
    db.session.commit()
    return need


def update_need(user, need: Need, values: dict, publish: bool = False) -> Need:
    """Edit a need; a draft may be published in the same step. Closed needs are reopened first."""
    _require_manager(user, need.organization)
    if need.status == "closed":
        raise NeedError("closed")
    _apply(need, values)
    if publish and need.status == "draft":
        _publish(user, need)
    db.session.commit()
    return need


def publish_need(user, need: Need) -> Need:
    _require_draft(user, need)
    _publish(user, need)
    db.session.commit()
    return need


def _require_draft(user, need: Need) -> None:
    """Publishing and deleting take a draft, from someone who manages its organization."""
    _require_manager(user, need.organization)
    if need.status != "draft":
        raise NeedError("not-draft")


def _publish(user, need: Need) -> None:
    """A draft goes on the board (its deadline must still be ahead); the caller commits."""
    _check_deadline_ahead(need)
    need.status = "open"
    signals.listing_published.send(need, actor=user)


def close_need(user, need: Need, reason: str, note: str | None = None) -> Need:
    """Open (or expired) → closed, because it was fulfilled or cancelled."""
    _require_manager(user, need.organization)
    if need.status != "open":
        raise NeedError("not-open")
    if reason not in CLOSE_REASONS:
        raise NeedError("unknown-reason", "reason")
    need.status = "closed"
    need.close_reason = reason
    need.close_note = clean_text(note)
    need.closed_at = utcnow()
    db.session.commit()
    return need


def _open_again(need: Need) -> None:
    need.status = "open"
    need.close_reason = None
    need.close_note = None
    need.closed_at = None


def reopen_need(user, need: Need) -> Need:
    """Closed → open; a need whose deadline has passed needs a new deadline (extend) instead."""
    _require_manager(user, need.organization)
    if need.status != "closed":
        raise NeedError("not-closed")
    _check_deadline_ahead(need)
    _open_again(need)
    db.session.commit()
    return need


def extend_need(user, need: Need, deadline: date) -> Need:
    """Set a new deadline; an expired or closed need is open again afterwards."""
    _require_manager(user, need.organization)
    if need.status == "draft":
        raise NeedError("draft")
    if deadline < today_in_vietnam():
        raise NeedError("deadline-passed", "deadline")
    need.deadline = deadline
    need.expiry_warned_on = None
    _open_again(need)
    db.session.commit()
    return need


def delete_draft(user, need: Need) -> None:
    """Only drafts are deleted; a published need is closed, so its history stays."""
    _require_draft(user, need)
    db.session.delete(need)
    db.session.commit()


def needs_to_remind(today: date) -> list[Need]:
    """Published needs whose deadline falls within a week and whose owners were not told yet."""
    return list(
        db.session.scalars(
            select(Need)
            .join(Need.organization)
            .where(
                open_to_offers(today),
                Need.deadline <= today + timedelta(days=REMIND_DAYS_BEFORE),
                Need.expiry_warned_on.is_(None),
            )
            .order_by(Need.deadline, Need.id)
        )
    )


def _recipients(organization: Organization) -> list[tuple[str, str | None, str]]:
    """(address, locale, greeting name) of the organization's members, else its own address."""
    people = [
        (m.user.email, m.user.locale, m.user.display_name)
        for m in organization.memberships
        if m.user.active
    ]
    if not people and organization.email:
        people = [(organization.email, None, organization.name)]
    return people


def remind_expiring_needs(today: date | None = None) -> int:
    """Mail each open need's organization a week before its deadline, once; the mails sent.

    Needs a request context (or SERVER_NAME) for the links in the mail.
    """
    today = today or today_in_vietnam()
    sent = 0
    for need in needs_to_remind(today):
        link = url_for("needs.extend", need_id=need.id, _external=True)
        page = url_for("needs.detail", need_id=need.id, _external=True)
        for address, locale, name in _recipients(need.organization):
            with force_locale(locale or "vi"):
                subject = _("Nhu cầu “%(title)s” sắp hết hạn", title=need.title[:80])
                send_mail(
                    address, subject, "need_expiring", need=need, name=name, link=link, page=page
                )
            sent += 1
        need.expiry_warned_on = today
        db.session.commit()  # one need at a time: a failure later does not resend these
    return sent
