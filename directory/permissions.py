"""Who may do what (design.md): the checks views, services and the API share.

Questions (``is_member``, ``can_manage``, ``may_see_matches``, …) answer True or False.
``require(allowed)`` and ``require_officer``/``require_admin`` raise ``NotAllowed``, which the
error handler turns into a 403 page (JSON under /api/). ``officer_required`` and
``admin_required`` guard whole views; anonymous visitors are asked to sign in first.
"""

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from flask_login import current_user

from .domain import NotAllowed
from .extensions import login_manager

# Users are accounts.models.User or Flask-Login's anonymous user, organizations are
# organizations.models.Organization: Any here, because this module sits below those areas.
View = TypeVar("View", bound=Callable[..., Any])


def is_member(user: Any, organization: Any) -> bool:
    """Members and owners of the organization."""
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return any(m.organization_id == organization.id for m in user.memberships)


def is_owner(user: Any, organization: Any) -> bool:
    if not getattr(user, "is_authenticated", False) or organization is None:
        return False
    return any(m.organization_id == organization.id and m.role == "owner" for m in user.memberships)


def can_manage(user: Any, organization: Any) -> bool:
    """Edit the organization and manage its offerings and needs: members and officers."""
    return is_member(user, organization) or is_officer(user)


def can_manage_members(user: Any, organization: Any) -> bool:
    """Invite or remove members: the owner, and admins."""
    return is_owner(user, organization) or is_admin(user)


def may_see_matches(user: Any, record: Any) -> bool:
    """See the matches of a need or an offering: anyone once it is published, on its page and
    in the API alike (design.md); before that, those who manage its organization."""
    return bool(record.is_public) or can_manage(user, record.organization)


def is_officer(user: Any) -> bool:
    """Officers of Sở Công Thương, and admins."""
    return bool(getattr(user, "is_officer", False))


def is_admin(user: Any) -> bool:
    return bool(getattr(user, "is_admin", False))


def require(allowed: bool) -> None:
    """The one refusal: raise NotAllowed (answered 403) unless ``allowed``."""
    if not allowed:
        raise NotAllowed()


def require_officer(user: Any) -> None:
    require(is_officer(user))


def require_admin(user: Any) -> None:
    require(is_admin(user))


def _view_guard(allowed: Callable[[Any], bool]) -> Callable[[View], View]:
    def guard(view: View) -> View:
        @wraps(view)
        def wrapped(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            require(allowed(current_user))
            return view(*args, **kwargs)

        return cast(View, wrapped)

    return guard


#: Only officers of Sở Công Thương and admins; others get 403 (anonymous: sign in first).
officer_required = _view_guard(is_officer)
#: Admins only; others get 403 (anonymous: sign in first).
admin_required = _view_guard(is_admin)
