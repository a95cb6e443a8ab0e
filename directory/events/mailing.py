"""Mail of the events area: each step of a meeting request goes to the other side's members."""

from flask_babel import gettext as _

from ..conversations.mailing import member_emails
from ..mail import public_url, send_mail
from .models import Meeting, Participant


def tell(participant: Participant, meeting: Meeting, what: str) -> None:
    """Mail the members of ``participant`` that ``what`` happened to the meeting."""
    other = meeting.other(participant)
    subjects = {
        "requested": _("Yêu cầu gặp mới từ %(name)s", name=other.organization.name),
        "accepted": _("%(name)s đã nhận lịch gặp", name=other.organization.name),
        "declined": _("%(name)s đã từ chối lịch gặp", name=other.organization.name),
        "proposed": _("%(name)s đề xuất khung giờ khác", name=other.organization.name),
        "expired": _("Yêu cầu gặp với %(name)s đã quá hạn", name=other.organization.name),
        "cancelled": _("Lịch gặp với %(name)s đã bị hủy", name=other.organization.name),
    }
    event = participant.event
    link = public_url("events.agenda", event_id=event.id)
    for email in member_emails(participant.organization_id):
        send_mail(
            email,
            f"{event.title}: {subjects[what]}",
            "event_meeting",
            event=event,
            meeting=meeting,
            other=other,
            what=what,
            link=link,
        )
