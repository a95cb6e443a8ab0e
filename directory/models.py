"""Import every model module so that the metadata (migrations, create_all) is complete."""

from .accounts.models import LoginFailure, User
from .alerts.models import AlertEvent, AlertMail, AlertSetting
from .audit.models import AuditEntry
from .changes.models import Change
from .conversations.models import AbuseReport, Conversation, Message
from .curation.models import CurationEvent, Feature
from .documents.models import Document, EcoLabel, Installation
from .events import models as events  # noqa: F401 - the event tables
from .incubators import models as incubators  # noqa: F401 - the incubator tables
from .jobs.models import Job
from .matching.models import PageVisit, StoredMatch
from .needs.models import Need
from .offerings.models import Offering
from .organizations.models import Invitation, Membership, Organization
from .reference.models import Commune, IndustrialZone, Sector
from .search.models import SearchOutbox

__all__ = [
    "AlertEvent",
    "AlertMail",
    "AlertSetting",
    "AbuseReport",
    "AuditEntry",
    "Change",
    "Commune",
    "Conversation",
    "CurationEvent",
    "Document",
    "EcoLabel",
    "Feature",
    "IndustrialZone",
    "Installation",
    "Invitation",
    "Job",
    "LoginFailure",
    "Membership",
    "Message",
    "Need",
    "Offering",
    "PageVisit",
    "Organization",
    "SearchOutbox",
    "Sector",
    "StoredMatch",
    "User",
]
