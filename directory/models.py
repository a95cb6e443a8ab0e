"""Import every model module so that the metadata (migrations, create_all) is complete."""

from .accounts.models import LoginFailure, User
from .audit.models import AuditEntry
from .curation.models import CurationEvent, Feature
from .incubators import models as incubators  # noqa: F401 - the incubator tables
from .matching.models import PageVisit, StoredMatch
from .needs.models import Need
from .offerings.models import Offering
from .organizations.models import Invitation, Membership, Organization
from .reference.models import Commune, IndustrialZone, Sector
from .search.models import SearchOutbox

__all__ = [
    "AuditEntry",
    "Commune",
    "CurationEvent",
    "Feature",
    "IndustrialZone",
    "Invitation",
    "LoginFailure",
    "Membership",
    "Need",
    "Offering",
    "PageVisit",
    "Organization",
    "SearchOutbox",
    "Sector",
    "StoredMatch",
    "User",
]
