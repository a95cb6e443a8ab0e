"""Code sets: codes stored as text, each member with the label people read.

Every code set is one ``CodeSet`` (a ``StrEnum``, so a member *is* its code: it compares equal
to the stored text and binds as text in queries). The label is written once, beside the code;
``labels()`` gives the {code: label} dict forms and templates use, and ``check()`` the named
CHECK constraint that keeps the database to the same codes.
"""

from enum import StrEnum
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint


class CodeSet(StrEnum):
    """A set of codes with their (lazily translated) labels."""

    label: Any  # the member's label: a lazy string, or the code itself

    def __new__(cls, value: str, label=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label if label is not None else value
        return member

    @classmethod
    def codes(cls) -> tuple[str, ...]:
        return tuple(member.value for member in cls)

    @classmethod
    def labels(cls) -> dict:
        return {member.value: member.label for member in cls}

    @classmethod
    def label_of(cls, code: str | None) -> str:
        """The label of ``code`` in the visitor's language; an unknown code is shown as is."""
        if code is None:
            return ""
        try:
            return str(cls(code).label)
        except ValueError:
            return str(code)

    @classmethod
    def check(cls, column: str, codes=None) -> CheckConstraint:
        """CHECK ``column`` IN (the codes), named ``ck_<table>_<column>_codes``; NULL passes."""
        allowed = ", ".join(f"'{code}'" for code in (codes or cls.codes()))
        return CheckConstraint(f"{column} IN ({allowed})", name=f"{column}_codes")


class RecordKind(CodeSet):
    """The kinds of public record: what search, curation and the audit log talk about."""

    ORGANIZATION = "organization", _l("Doanh nghiệp / tổ chức")
    OFFERING = "offering", _l("Giải pháp / dịch vụ")
    NEED = "need", _l("Nhu cầu")
