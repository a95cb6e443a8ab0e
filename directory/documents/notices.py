"""Mail to an offering's organization about its eco-labels (links use SITE_URL)."""

from flask_babel import gettext as _
from sqlalchemy import select

from ..accounts.models import User
from ..extensions import db
from ..mail import public_url, send_mail
from ..organizations.models import Membership


def owners_of(organization_id: int) -> list[str]:
    """The owners' addresses, or every active member's when nobody is owner."""
    rows = db.session.execute(
        select(User.email, Membership.role)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.organization_id == organization_id, User.active.is_(True))
        .order_by(User.id)
    ).all()
    owners = [email for email, role in rows if role == "owner"]
    return owners or [email for email, _role in rows]


def _tell(label, subject: str, template: str) -> None:
    url = public_url("offerings.detail", offering_id=label.offering_id)
    for email in owners_of(label.offering.organization_id):
        send_mail(email, subject, template, label=label, offering=label.offering, url=url)


def label_decided(label) -> None:
    if label.status == "verified":
        subject = _("Nhãn %(name)s đã được xác minh", name=label.name)
        _tell(label, subject, "eco_label_verified")
    else:
        subject = _("Nhãn %(name)s chưa được xác minh", name=label.name)
        _tell(label, subject, "eco_label_rejected")


def label_expiring(label) -> None:
    subject = _("Nhãn %(name)s sắp hết hiệu lực", name=label.name)
    _tell(label, subject, "eco_label_expiring")
