"""How codes stored in the database are shown to people, in the visitor's language."""

from .models import MembershipRole, OrganizationKind, OrganizationSize, Verification

KIND_LABELS = OrganizationKind.labels()
SIZE_LABELS = OrganizationSize.labels()
VERIFICATION_LABELS = Verification.labels()
ROLE_LABELS = MembershipRole.labels()

kind_label = OrganizationKind.label_of
size_label = OrganizationSize.label_of
verification_label = Verification.label_of
role_label = MembershipRole.label_of
