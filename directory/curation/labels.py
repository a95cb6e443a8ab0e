"""Words the curation pages and mails show for codes."""

from ..codes import RecordKind
from ..organizations.models import Verification
from .models import CurationAction

VERIFICATION_LABELS = Verification.labels()
RECORD_KIND_LABELS = RecordKind.labels()

verification_label = Verification.label_of
record_kind_label = RecordKind.label_of
event_label = CurationAction.label_of
