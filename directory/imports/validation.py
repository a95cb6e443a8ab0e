"""Check every record of a dataset before anything is written.

Reference data, existing refs and enterprise codes are loaded once into ``Lookups`` so that
validating ten thousand records runs a handful of queries, not one per row.
"""

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from email_validator import EmailNotValidError, validate_email
from flask_babel import gettext as _
from sqlalchemy import select

from ..extensions import db
from ..needs.models import PROCUREMENT_MODES, STATUSES
from ..offerings.models import TYPES
from ..organizations.models import KINDS as ORGANIZATION_KINDS
from ..organizations.models import SIZES, Organization
from ..reference.services import all_communes, all_sectors, all_zones
from ..validation import enterprise_code_problem
from . import facts
from .fields import KINDS, Invalid, Problem, to_amount, to_bool, to_date, to_list, to_text
from .formats import Dataset, SourceRecord
from .schema import FIELDS, Field

ATTRIBUTES = {"commune": "commune_code", "industrial_zone": "industrial_zone_id"}


@dataclass
class CheckedRecord:
    where: str
    ref: str | None  # None when the record's ref is missing or unusable (a problem says so)
    values: dict[str, Any]  # model attribute → clean value, for the fields the input carries


def _fold(text: str) -> str:
    """Lower case without accents (đ → d), to suggest "Phường Mỹ Tho" for "phuong my tho"."""
    text = unicodedata.normalize("NFD", text.casefold()).replace("đ", "d")
    return "".join(c for c in text if not unicodedata.combining(c))


class Lookups:
    """Sectors, communes, zones and what the database already holds, loaded once."""

    def __init__(self):
        self.sectors = {s.code for s in all_sectors()}
        communes = all_communes()
        self.commune_codes = {c.code for c in communes}
        self.communes_by_name = {c.name.casefold(): c.code for c in communes}
        self.commune_names = {_fold(c.name): c.name for c in communes}
        zones = all_zones()
        self.zones = {z.name.casefold(): z.id for z in zones}
        self.zone_names = {_fold(z.name): z.name for z in zones}
        rows = db.session.execute(
            select(Organization.ref, Organization.enterprise_code, Organization.name)
        ).all()
        self.organization_refs = {ref for ref, _code, _name in rows if ref}
        self.enterprise_codes = {code: (ref, name) for ref, code, name in rows if code}

    def commune(self, text: str) -> str:
        text = unicodedata.normalize("NFC", text)
        code = text if text in self.commune_codes else self.communes_by_name.get(text.casefold())
        if code is None:
            message = _('không có xã/phường "%(name)s"', name=text)
            raise Invalid(_unknown(message, text, self.commune_names))
        return code

    def zone(self, text: str) -> int:
        zone_id = self.zones.get(unicodedata.normalize("NFC", text).casefold())
        if zone_id is None:
            message = _('không có khu/cụm công nghiệp "%(name)s"', name=text)
            raise Invalid(_unknown(message, text, self.zone_names))
        return zone_id

    def sector(self, text: str) -> str:
        code = text.casefold()
        if code not in self.sectors:
            raise Invalid(
                _(
                    'không có mã lĩnh vực "%(code)s"; dùng một trong: %(codes)s',
                    code=text,
                    codes=", ".join(sorted(self.sectors)),
                )
            )
        return code


def _unknown(message: str, text: str, names_by_fold: dict[str, str]) -> str:
    suggestion = names_by_fold.get(_fold(text))
    if suggestion:
        return _('%(message)s (có phải "%(name)s"?)', message=message, name=suggestion)
    return message


def _choice(allowed):
    def check(value: str, lookups: Lookups) -> str:
        word = value.casefold()
        if word not in allowed:
            raise Invalid(
                _(
                    '"%(value)s" không hợp lệ; dùng một trong: %(allowed)s',
                    value=value,
                    allowed=", ".join(allowed),
                )
            )
        return word

    return check


def _enterprise_code(value: str, lookups: Lookups) -> str:
    problem = enterprise_code_problem(value)
    if problem == "check-digit":
        raise Invalid(_('"%(code)s" có chữ số kiểm tra sai', code=value))
    if problem:
        message = _("phải gồm 10 chữ số, hoặc 10 chữ số, dấu - và 3 chữ số (đơn vị phụ thuộc)")
        if value.isdigit() and len(value) == 9:
            message += " " + _("(ô số có thể đã mất số 0 đầu: hãy định dạng ô là văn bản)")
        raise Invalid(message)
    return value


def _email(value: str, lookups: Lookups) -> str:
    try:
        validate_email(value, check_deliverability=False)
    except EmailNotValidError:
        raise Invalid(_('"%(value)s" không phải địa chỉ email hợp lệ', value=value)) from None
    return value


def _website(value: str, lookups: Lookups) -> str:
    url = value if "://" in value else "https://" + value
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or "." not in parts.netloc or " " in url:
        raise Invalid(_('"%(value)s" không phải địa chỉ web (http:// hoặc https://)', value=value))
    return url


RULES = {
    "kind": _choice(ORGANIZATION_KINDS),
    "size": _choice(SIZES),
    "type": _choice(TYPES),
    "procurement": _choice(PROCUREMENT_MODES),
    "status": _choice(STATUSES),
    "enterprise_code": _enterprise_code,
    "email": _email,
    "contact_email": _email,
    "website": _website,
    "commune": lambda value, lookups: lookups.commune(value),
    "industrial_zone": lambda value, lookups: lookups.zone(value),
}
ITEM_RULES = {
    "sectors": lambda value, lookups: lookups.sector(value),
    "service_area": lambda value, lookups: lookups.commune(value),
}
RECORD_RULES = {"labels": facts.check_labels, "installations": facts.check_installations}
CONVERTERS = {
    "text": to_text,
    "multiline": lambda value: to_text(value, multiline=True),
    "list": to_list,
    "bool": to_bool,
    "amount": to_amount,
    "date": to_date,
}


def _check_field(spec: Field, raw, lookups: Lookups, problems: list[str]):
    if spec.type == "records":
        return RECORD_RULES[spec.name](raw, lookups)
    value = CONVERTERS[spec.type](raw)
    if spec.required and value is None:
        raise Invalid(_("bắt buộc, không được để trống"))
    if isinstance(value, list) and spec.name in ITEM_RULES:
        return _check_items(spec, value, lookups, problems)
    _check_length(spec, value)
    rule = RULES.get(spec.name)
    return value if value is None or rule is None else rule(value, lookups)


def _check_items(spec: Field, items: list[str], lookups: Lookups, problems: list[str]):
    """A list's items, each by its rule: the good ones once each, in order; a bad one is a
    problem and is left out."""
    clean = []
    for item in items:
        try:
            clean.append(ITEM_RULES[spec.name](item, lookups))
        except Invalid as exc:
            problems.append(str(exc))
    return list(dict.fromkeys(clean))


def _check_length(spec: Field, value) -> None:
    if spec.max_length is None or value is None:
        return
    for text in value if isinstance(value, list) else [value]:
        if len(text) > spec.max_length:
            raise Invalid(_("dài %(n)d ký tự, tối đa %(max)d", n=len(text), max=spec.max_length))


def check_record(kind: str, record: SourceRecord, lookups: Lookups):
    """The record's clean values by model attribute, and its problems."""
    values, problems = {}, []
    for spec in FIELDS[kind]:
        if spec.name not in record.values:
            if spec.required:
                problems.append(Problem(record.where, spec.name, _("thiếu trường bắt buộc")))
            continue
        messages: list[str] = []
        try:
            value = _check_field(spec, record.values[spec.name], lookups, messages)
        except Invalid as exc:
            messages.append(str(exc))
        problems.extend(Problem(record.where, spec.name, message) for message in messages)
        if not messages:
            values[ATTRIBUTES.get(spec.name, spec.name)] = value
    return values, problems


def validate_dataset(dataset: Dataset, lookups: Lookups, progress=None):
    """Every record checked, then the rules that span records: refs and enterprise codes."""
    checked: dict[str, list[CheckedRecord]] = {}  # the records without a problem of their own
    every: dict[str, list[CheckedRecord]] = {}  # all of them, with their good fields
    problems: list[Problem] = []
    for kind in KINDS:
        checked[kind], every[kind], found = _check_kind(
            kind, dataset.records[kind], lookups, progress
        )
        problems.extend(found)
    if dataset.problems:  # a record or a column the reader could not take: cross-checks would
        return checked, problems  # only repeat the consequences
    problems.extend(_unknown_organizations(every, lookups))
    problems.extend(_enterprise_code_conflicts(every["organizations"], lookups))
    return checked, problems


def _check_kind(
    kind: str, records: list[SourceRecord], lookups: Lookups, progress
) -> tuple[list[CheckedRecord], list[CheckedRecord], list[Problem]]:
    """One kind's records checked: those without a problem of their own, all of them (with
    their good fields), and the problems, a ref used twice among them included."""
    checked: list[CheckedRecord] = []
    every: list[CheckedRecord] = []
    problems: list[Problem] = []
    first_by_ref: dict[str, SourceRecord] = {}
    for record in records:
        values, record_problems = check_record(kind, record, lookups)
        problems.extend(record_problems)
        ref = values.get("ref")
        if ref is not None and (first := first_by_ref.setdefault(ref, record)) is not record:
            problems.append(Problem(record.where, "ref", _duplicate(kind, ref, first)))
        every.append(CheckedRecord(record.where, ref, values))
        if not record_problems:
            checked.append(every[-1])
        if progress:
            progress(1)
    return checked, every, problems


def _unknown_organizations(
    every: dict[str, list[CheckedRecord]], lookups: Lookups
) -> Iterator[Problem]:
    """An offering or a need names its organization by a ref in the file or on the site."""
    known = {r.ref for r in every["organizations"] if r.ref is not None}
    known |= lookups.organization_refs
    for kind in ("offerings", "needs"):
        for record in every[kind]:
            if "organization" in record.values and record.values["organization"] not in known:
                message = _(
                    'không có tổ chức "%(ref)s" trong tệp hay trên trang',
                    ref=record.values["organization"],
                )
                yield Problem(record.where, "organization", message)


def _duplicate(kind: str, ref: str, first: SourceRecord) -> str:
    other = first.where if first.where != ref else f"{kind} #{first.position}"
    return _('"%(ref)s" đã dùng cho một bản ghi khác trong tệp (%(other)s)', ref=ref, other=other)


def _enterprise_code_conflicts(organizations: list[CheckedRecord], lookups: Lookups):
    """A code may belong to one organization: in the file, and once the file is imported."""
    codes_in_file = {
        r.ref: r.values["enterprise_code"] for r in organizations if "enterprise_code" in r.values
    }
    seen: dict[str, CheckedRecord] = {}
    for record in organizations:
        code = record.values.get("enterprise_code")
        if code is None:
            continue
        first = seen.setdefault(code, record)
        if first is not record:
            message = _(
                'mã "%(code)s" trùng với tổ chức %(other)s trong tệp', code=code, other=first.where
            )
            yield Problem(record.where, "enterprise_code", message)
            continue
        owner_ref, owner_name = lookups.enterprise_codes.get(code, (record.ref, None))
        # An owner that the file also lists either gives the code up or is a duplicate above.
        if owner_ref != record.ref and owner_ref not in codes_in_file:
            message = _(
                'mã "%(code)s" đã thuộc về tổ chức "%(name)s" trên trang',
                code=code,
                name=owner_name,
            )
            yield Problem(record.where, "enterprise_code", message)
