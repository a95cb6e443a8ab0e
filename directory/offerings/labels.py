"""How offering codes are shown to people, in the visitor's language."""

from .models import OfferingType

TYPE_LABELS = OfferingType.labels()
type_label = OfferingType.label_of
