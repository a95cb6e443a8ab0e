"""The fields of each record kind in the import format (contracts.md §2), in file order.

Lengths come from the model columns, so a value that passes here always fits the database.
"""

from dataclasses import dataclass

from ..needs.models import Need
from ..offerings.models import Offering
from ..organizations.models import Organization

DESCRIPTION_MAX = 20_000  # a Text column; a bound keeps a runaway cell out of the pages
LIST_ITEM_MAX = 200


@dataclass(frozen=True)
class Field:
    name: str
    type: str = "text"  # text | multiline | list | bool | amount | date | records
    required: bool = False
    max_length: int | None = None


def _text(model, column: str, name: str | None = None, required: bool = False) -> Field:
    length = model.__table__.c[column].type.length
    return Field(name or column, "text", required, length)


_DESCRIPTION = Field("description", "multiline", max_length=DESCRIPTION_MAX)

FIELDS: dict[str, tuple[Field, ...]] = {
    "organizations": (
        _text(Organization, "ref", required=True),
        _text(Organization, "name", required=True),
        _text(Organization, "kind", required=True),
        _text(Organization, "enterprise_code"),
        _text(Organization, "size"),
        Field("commune"),
        Field("industrial_zone"),
        _text(Organization, "address"),
        _text(Organization, "phone"),
        _text(Organization, "email"),
        _text(Organization, "website"),
        _DESCRIPTION,
        Field("verified", "bool"),
    ),
    "offerings": (
        _text(Offering, "ref", required=True),
        Field("organization", required=True),
        _text(Offering, "type", required=True),
        _text(Offering, "title", required=True),
        _DESCRIPTION,
        Field("sectors", "list"),
        Field("service_area", "list"),
        _text(Offering, "capacity"),
        Field("standards", "list", max_length=LIST_ITEM_MAX),
        _text(Offering, "eco_label"),
        Field("labels", "records"),  # imports/facts.py
        Field("installations", "records"),
    ),
    "needs": (
        _text(Need, "ref", required=True),
        Field("organization", required=True),
        _text(Need, "title", required=True),
        _DESCRIPTION,
        Field("sectors", "list"),
        Field("commune"),
        Field("industrial_zone"),
        _text(Need, "quantity"),
        Field("budget_vnd", "amount"),
        Field("deadline", "date"),
        _text(Need, "procurement"),
        _text(Need, "contact_name"),
        _text(Need, "contact_phone"),
        _text(Need, "contact_email"),
        _text(Need, "status"),
    ),
}
