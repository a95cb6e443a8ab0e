"""Verification: officers vouch for an organization after seeing its documents or its site.

States (Organization.verification):
- ``unverified``: registered, never reviewed; waits in the officers' queue.
- ``pending``: the owners asked for a review, or a verified organization changed its identity
  (name or enterprise code: see ``identity_changed``); first in the queue.
- ``verified``: an officer verified it, with a note; the "Đã xác minh" badge shows.
- ``rejected``: an officer refused, with a reason the owners receive; they fix the profile and
  ask again (``request_verification``), which puts it back in the queue as ``pending``.
"""

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import case, or_, select
from sqlalchemy.orm import selectinload

from .. import signals
from ..audit.services import record as audit
from ..audit.services import snapshot
from ..extensions import db
from ..organizations.models import Organization
from ..timeutil import utcnow
from .services import CurationError, add_event, mail_owners, require_member, require_officer

QUEUE_STATES = ("pending", "unverified")
FIELDS = ("verification", "verified_at")


def verification_queue(state: str | None = None, q: str = ""):
    """A select of organizations waiting for an officer: requests first, then the oldest."""
    states = (state,) if state in (*QUEUE_STATES, "rejected") else QUEUE_STATES
    stmt = (
        select(Organization)
        .where(Organization.verification.in_(states))
        .options(selectinload(Organization.commune))
    )
    if q:
        like = "%" + q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                Organization.name.ilike(like, escape="\\"),
                Organization.enterprise_code.ilike(like, escape="\\"),
            )
        )
    waiting_first = case((Organization.verification == "pending", 0), else_=1)
    return stmt.order_by(waiting_first, Organization.updated_at, Organization.id)


def verify(actor, org: Organization, note: str) -> None:
    """Vouch for the organization; ``note`` says what the officer saw (documents, a visit)."""
    require_officer(actor)
    if org.is_verified:
        raise CurationError("already-verified")
    subject = _("%(name)s đã được xác minh", name=org.name)
    _decide(actor, org, "verified", "organization.verify", subject, note=note)


def reject(actor, org: Organization, reason: str) -> None:
    """Refuse (or withdraw) verification; the owners receive the reason and may ask again."""
    require_officer(actor)
    if org.verification == "rejected":
        raise CurationError("already-rejected")
    subject = _("%(name)s chưa được xác minh", name=org.name)
    _decide(actor, org, "rejected", "organization.reject", subject, reason=reason)


def _decide(actor, org: Organization, decision: str, action: str, subject: str, **why) -> None:
    """Record an officer's decision (history, audit log, signal), commit, and mail the owners.

    ``why``: the one text the officer wrote, named as the mail template calls it.
    """
    (text,) = why.values()
    before = snapshot(org, FIELDS)
    org.verification = decision
    org.verified_at = utcnow() if decision == "verified" else None
    add_event(org, decision, actor, text)
    audit(actor, action, org, text, before, snapshot(org, FIELDS))
    signals.verification_decided.send(org, decision=decision)
    db.session.commit()
    mail_owners(
        org,
        subject,
        f"curation_{decision}",
        **why,
        url=url_for("organizations.detail", org_id=org.id, _external=True),
    )


def request_verification(user, org: Organization, note: str = "") -> None:
    """The owners ask officers to (re)check the organization, saying what they fixed."""
    require_member(user, org)
    if org.verification == "verified":
        raise CurationError("already-verified")
    if org.verification == "pending":
        raise CurationError("verification-pending")
    org.verification = "pending"
    add_event(org, "verification_requested", user, note)
    db.session.commit()


def identity_changed(org: Organization, actor, changes: dict) -> None:
    """Curation's receiver of ``signals.identity_changed``, sent before an edit is committed.

    When members (not officers) change a verified organization's identity — its name or its
    enterprise code, given as ``{field: (old, new)}`` — what the officer vouched for no longer
    holds: the organization goes back to ``pending`` (first in the queue) and the history keeps
    a note of what changed. The caller commits.
    """
    changes = {k: v for k, v in changes.items() if v[0] != v[1]}
    if not changes or org.verification != "verified" or getattr(actor, "is_officer", False):
        return
    org.verification, org.verified_at = "pending", None
    labels = {"name": _("Tên"), "enterprise_code": _("Mã số doanh nghiệp")}
    note = "; ".join(
        f"{labels.get(field, field)}: {old or '—'} → {new or '—'}"
        for field, (old, new) in changes.items()
    )
    add_event(org, "verification_reset", actor, note)
