"""Registering and editing organizations, and managing who belongs to them.

Every function takes the acting user, checks what that user may do, and commits one
transaction. Problems the user can fix raise OrganizationError with the form field to mark.
"""

import secrets
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import selectinload

from ..accounts.services import TooManyMails, count_mail, normalise_email
from ..audit.models import AuditEntry
from ..audit.services import record
from ..domain import NotAllowed
from ..extensions import db
from ..mail import send_mail
from ..permissions import can_manage, can_manage_members, require
from ..signals import identity_changed
from ..timeutil import utcnow
from .errors import OrganizationError
from .logos import delete_logo, prepare_logo, store_logo
from .models import Invitation, Membership, Organization

INVITATION_DAYS = 14
MAX_PENDING_INVITATIONS = 30  # an owner's address book, not a mailing list
LOGO_ACTION = "organization.logo"


def _duplicate_code() -> OrganizationError:
    return OrganizationError(
        "duplicate-code",
        "enterprise_code",
    )


def enterprise_code_taken(code: str | None, exclude_id: int | None = None) -> bool:
    if not code:
        return False
    stmt = select(func.count()).select_from(Organization).filter_by(enterprise_code=code)
    if exclude_id is not None:
        stmt = stmt.where(Organization.id != exclude_id)
    return db.session.scalars(stmt).one() > 0


def _new_logo(user, logo) -> str | None:
    """Check and store an uploaded logo before anything touches the database."""
    if logo is None or not getattr(logo, "filename", ""):
        return None
    _check_logo_quota(user)
    data, extension = prepare_logo(logo.stream)
    return store_logo(data, extension)


def _check_logo_quota(user) -> None:
    """Each accepted logo is audited; a user may have ``LOGO_UPLOADS_PER_DAY`` of them a day
    (decoding an image is the costliest thing a member can ask of the site)."""
    limit = current_app.config["LOGO_UPLOADS_PER_DAY"]
    since = utcnow() - timedelta(days=1)
    recent = db.session.scalar(
        select(func.count())
        .select_from(AuditEntry)
        .where(AuditEntry.actor_id == user.id, AuditEntry.action == LOGO_ACTION)
        .where(AuditEntry.at >= since)
    )
    if recent >= limit:
        raise OrganizationError("logo-quota", "logo", n=recent)


def _commit_or_explain(stored_logo: str | None, user, org: Organization) -> None:
    try:
        db.session.flush()
        if stored_logo:
            record(user, LOGO_ACTION, org, stored_logo)
        db.session.commit()
    except IntegrityError as exc:
        db.session.rollback()
        delete_logo(stored_logo)
        if "enterprise_code" in str(exc.orig):
            raise _duplicate_code() from exc
        raise


def register_organization(user, values: dict, logo=None) -> Organization:
    """Create a public, unverified organization whose owner is ``user``."""
    require(getattr(user, "is_authenticated", False))
    if enterprise_code_taken(values.get("enterprise_code")):
        raise _duplicate_code()
    logo_name = _new_logo(user, logo)
    org = Organization(**values, verification="unverified", logo_filename=logo_name)
    db.session.add(org)
    db.session.add(Membership(user=user, organization=org, role="owner"))
    _commit_or_explain(logo_name, user, org)
    return org


def update_organization(user, org: Organization, values: dict, logo=None, remove_logo=False):
    """Save the edit form; returns True when the change sent a verified organization back to
    the officers' queue (curation's rule: members changing its name or enterprise code).
    """
    require(can_manage(user, org))
    if enterprise_code_taken(values.get("enterprise_code"), exclude_id=org.id):
        raise _duplicate_code()
    logo_name = _new_logo(user, logo)
    was_verified = org.is_verified
    identity_changed.send(
        org,
        actor=user,
        changes={
            "name": (org.name, values["name"]),
            "enterprise_code": (org.enterprise_code, values.get("enterprise_code")),
        },
    )
    for key, value in values.items():
        setattr(org, key, value)
    old_logo = org.logo_filename
    if logo_name or remove_logo:
        org.logo_filename = logo_name
    _commit_or_explain(logo_name, user, org)
    if old_logo and old_logo != org.logo_filename:
        delete_logo(old_logo)
    return was_verified and not org.is_verified


# Members and invitations -------------------------------------------------------------


def members_of(org: Organization) -> list[Membership]:
    """Owners first, then members in the order they joined, with their users."""
    memberships = db.session.scalars(
        select(Membership)
        .where(Membership.organization_id == org.id)
        .options(selectinload(Membership.user))
    )
    return sorted(memberships, key=lambda m: (m.role != "owner", m.created_at, m.id))


def pending_invitations(org: Organization) -> list[Invitation]:
    since = utcnow() - timedelta(days=INVITATION_DAYS)
    return list(
        db.session.scalars(
            select(Invitation)
            .filter_by(organization_id=org.id, accepted_at=None)
            .where(Invitation.created_at >= since)
            .order_by(Invitation.created_at.desc())
        )
    )


def invite_member(user, org: Organization, email: str) -> Invitation:
    """Invite someone by e-mail (a new invitation to the same address replaces the old one)."""
    require(can_manage_members(user, org))
    email = normalise_email(email)
    if any(m.user.email == email for m in org.memberships):
        raise OrganizationError("already-member", "email")
    pending = pending_invitations(org)
    if len(pending) >= MAX_PENDING_INVITATIONS and email not in {i.email for i in pending}:
        raise OrganizationError("too-many-invitations", "email", n=len(pending))
    try:
        count_mail("invitation", f"user:{user.id}", email)
    except TooManyMails as too_many:
        code = "invitations-sent-today" if too_many.by_sender else "address-invited-today"
        raise OrganizationError(code, "email") from None
    invitation = db.session.scalar(
        select(Invitation).filter_by(organization_id=org.id, email=email, accepted_at=None)
    ) or Invitation(organization=org, email=email)
    invitation.token = secrets.token_urlsafe(32)
    invitation.invited_by_id = user.id
    invitation.created_at = utcnow()
    db.session.add(invitation)
    db.session.commit()
    send_mail(
        email,
        _("Lời mời tham gia %(name)s", name=org.name),
        "invitation",
        organization=org,
        inviter=user,
        days=INVITATION_DAYS,
        url=url_for("organizations.invitation", token=invitation.token, _external=True),
        signup_url=url_for(
            "accounts.signup",
            next=url_for("organizations.invitation", token=invitation.token),
            _external=True,
        ),
    )
    return invitation


def revoke_invitation(user, org: Organization, invitation_id: int) -> None:
    require(can_manage_members(user, org))
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organization_id != org.id or invitation.accepted_at:
        raise OrganizationError("invitation-expired")
    db.session.delete(invitation)
    db.session.commit()


def invitation_for_token(token: str) -> Invitation | None:
    """An invitation that can still be accepted, or None."""
    if not token or len(token) > 64:
        return None
    invitation = db.session.scalar(select(Invitation).filter_by(token=token))
    if invitation is None or invitation.accepted_at is not None:
        return None
    if invitation.created_at < utcnow() - timedelta(days=INVITATION_DAYS):
        return None
    return invitation


def accept_invitation(user, invitation: Invitation) -> Membership:
    """Join the organization; only the invited address may accept."""
    if normalise_email(user.email) != invitation.email:
        raise NotAllowed()
    org = invitation.organization
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        membership = Membership(user=user, organization=org, role="member")
        db.session.add(membership)
    invitation.accepted_at = utcnow()
    db.session.commit()
    return membership


def organization_by_ref(ref: str) -> Organization | None:
    """The organization whose import ``ref`` is REF, else whose id is REF (officers' CLI)."""
    org = db.session.scalar(select(Organization).where(Organization.ref == ref.strip()))
    if org is None and ref.strip().isdigit():
        org = db.session.get(Organization, int(ref))
    return org


def enrol_member(user, org: Organization) -> Membership:
    """Make ``user`` a member of ``org`` (the Department opened the account for it): its owner
    when it has none yet. Already a member: nothing changes."""
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        role = "member" if any(m.role == "owner" for m in org.memberships) else "owner"
        membership = Membership(user=user, organization=org, role=role)
        db.session.add(membership)
        db.session.commit()
    return membership


def _membership(user, org: Organization, membership_id: int) -> Membership:
    """One of the organization's memberships, for someone who may manage its members."""
    require(can_manage_members(user, org))
    membership = db.session.get(Membership, membership_id)
    if membership is None or membership.organization_id != org.id:
        raise OrganizationError("not-a-member")
    return membership


def remove_member(user, org: Organization, membership_id: int) -> Membership:
    """Owners (and admins) remove members; the owner must hand over ownership first."""
    membership = _membership(user, org, membership_id)
    if membership.role == "owner":
        raise OrganizationError("owner-not-removable")
    db.session.delete(membership)
    db.session.commit()
    return membership


def transfer_ownership(user, org: Organization, membership_id: int) -> Membership:
    """Make another member the owner; the previous owner stays on as a member."""
    new_owner = _membership(user, org, membership_id)
    if new_owner.role == "owner":
        raise OrganizationError("already-owner")
    for membership in org.memberships:
        if membership.role == "owner":
            membership.role = "member"
    new_owner.role = "owner"
    db.session.commit()
    return new_owner


def leave_organization(user, org: Organization) -> None:
    """A member leaves; an owner must transfer ownership first so the organization keeps one."""
    membership = next((m for m in org.memberships if m.user_id == user.id), None)
    if membership is None:
        raise NotAllowed()
    if membership.role == "owner":
        raise OrganizationError("owner-cannot-leave")
    db.session.delete(membership)
    db.session.commit()
