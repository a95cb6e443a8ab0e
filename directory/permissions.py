"""Who may do what (design.md): the checks views and services share."""

from functools import wraps

from flask import abort
from flask_login import current_user


def is_member(user, organization) -> bool:
    """Members and owners of the organization."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return any(m.organization_id == organization.id for m in user.memberships)


def is_owner(user, organization) -> bool:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return any(m.organization_id == organization.id and m.role == "owner" for m in user.memberships)


def can_manage(user, organization) -> bool:
    """Edit the organization and manage its offerings and needs: members and officers."""
    return is_member(user, organization) or bool(getattr(user, "is_officer", False))


def can_manage_members(user, organization) -> bool:
    """Invite or remove members: the owner, and admins."""
    return is_owner(user, organization) or bool(getattr(user, "is_admin", False))


def may_see_matches(user, organization) -> bool:
    """See the matches on a need's or offering's page: those who manage its organization.
    (The API's match lists are public: design.md wants one rule; see docs/architecture.md.)"""
    return can_manage(user, organization)


def require(allowed: bool) -> None:
    if not allowed:
        abort(403)


def officer_required(view):
    """Only officers of Sở Công Thương and admins; others get 403 (anonymous: sign in first)."""

    @wraps(view)
    def wrapped(*args, **kwargs):
        if not current_user.is_authenticated:
            from flask import current_app

            return current_app.login_manager.unauthorized()
        if not current_user.is_officer:
            abort(403)
        return view(*args, **kwargs)

    return wrapped
