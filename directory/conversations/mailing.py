"""Mail about conversations, with links to the public site (SITE_URL), never the request host."""

from flask_babel import gettext as _

from ..accounts.models import User
from ..mail import public_url, send_mail
from ..organizations.queries import active_members


def member_emails(organization_id: int) -> list[str]:
    return active_members(organization_id, User.email)


def tell_other_side(conversation, message, is_new: bool) -> None:
    """Mail every member of the organization that did not write ``message``, quoting it."""
    sender = message.organization
    other = conversation.other_side(sender.id)
    subject = (
        _(
            "Trao đổi mới từ %(organization)s: %(subject)s",
            organization=sender.name,
            subject=conversation.subject,
        )
        if is_new
        else _(
            "Tin nhắn mới từ %(organization)s: %(subject)s",
            organization=sender.name,
            subject=conversation.subject,
        )
    )
    link = public_url("conversations.detail", conversation_id=conversation.id)
    for email in member_emails(other.id):
        send_mail(
            email,
            subject,
            "conversation_message",
            conversation=conversation,
            message=message,
            sender=sender,
            link=link,
            is_new=is_new,
        )
