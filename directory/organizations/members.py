"""Members of an organization: the list, invitations, removal, ownership, leaving."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..errors import attempted, submitted
from ..permissions import can_manage, can_manage_members, is_member
from . import bp, services
from .forms import InviteForm
from .views import organization_or_404


def _members_page(org, form, status=200):
    return render_template(
        "organizations/members.html",
        organization=org,
        members=services.members_of(org),
        invitations=services.pending_invitations(org),
        form=form,
        can_manage_members=can_manage_members(current_user, org),
        is_member=is_member(current_user, org),
    ), status


def _back(org):
    return redirect(url_for("organizations.members", org_id=org.id))


@bp.get("/<id:org_id>/members")
@login_required
def members(org_id: int):
    org = organization_or_404(org_id, can_manage)
    return _members_page(org, InviteForm())


@bp.post("/<id:org_id>/members/invite")
@login_required
def invite(org_id: int):
    org = organization_or_404(org_id, can_manage_members)
    form = InviteForm()
    if submitted(
        form,
        lambda: services.invite_member(current_user, org, form.email.data),
        _("Đã gửi lời mời tới %(email)s.", email=form.email.data),
        services.OrganizationError,
    ):
        return _back(org)
    return _members_page(org, form, 400)


def _member_action(org_id: int, action, done_message: str):
    org = organization_or_404(org_id, can_manage_members)
    attempted(lambda: action(org), done_message, services.OrganizationError)
    return _back(org)


@bp.post("/<id:org_id>/members/<id:membership_id>/remove")
@login_required
def remove_member(org_id: int, membership_id: int):
    return _member_action(
        org_id,
        lambda org: services.remove_member(current_user, org, membership_id),
        _("Đã xóa thành viên khỏi tổ chức."),
    )


@bp.post("/<id:org_id>/members/<id:membership_id>/owner")
@login_required
def transfer_ownership(org_id: int, membership_id: int):
    return _member_action(
        org_id,
        lambda org: services.transfer_ownership(current_user, org, membership_id),
        _("Đã chuyển quyền sở hữu."),
    )


@bp.post("/<id:org_id>/invitations/<id:invitation_id>/revoke")
@login_required
def revoke_invitation(org_id: int, invitation_id: int):
    return _member_action(
        org_id,
        lambda org: services.revoke_invitation(current_user, org, invitation_id),
        _("Đã hủy lời mời."),
    )


@bp.post("/<id:org_id>/leave")
@login_required
def leave(org_id: int):
    org = organization_or_404(org_id, is_member)
    if attempted(
        lambda: services.leave_organization(current_user, org),
        _("Bạn đã rời tổ chức %(name)s.", name=org.name),
        services.OrganizationError,
    ):
        return redirect(url_for("accounts.profile"))
    return _back(org)


@bp.route("/invitations/<token>", methods=["GET", "POST"])
@login_required
def invitation(token: str):
    """Open the mailed link while signed in with the invited address, then confirm."""
    invite = services.invitation_for_token(token)
    if invite is None:
        return render_template("organizations/invitation.html", invitation=None), 404
    if current_user.email != invite.email:
        return render_template("organizations/invitation.html", invitation=invite), 403
    org = invite.organization
    if is_member(current_user, org):
        flash(_("Bạn đã là thành viên của tổ chức này."), "info")
        return redirect(url_for("organizations.detail", org_id=org.id))
    if request.method == "POST":
        services.accept_invitation(current_user, invite)
        flash(_("Bạn đã tham gia %(name)s.", name=org.name), "success")
        return redirect(url_for("organizations.detail", org_id=org.id))
    return render_template("organizations/invitation.html", invitation=invite)
