"""Participants from an officer's spreadsheet (issue 14, item 7): the Department often takes
registrations by phone or paper and types them into a workbook.

The workbook's first sheet: row 1 names the columns ``organization`` (the organization's
import ref, or its id), ``attendees``, ``offers``, ``seeks``; one row per participant. All or
nothing: any problem imports no row and every problem comes back as ``row N: field: message``.
Importing the same file again changes nothing: a live registration is updated in place.
An officer's import registers the organizations as accepted, past the deadline and capacity.
"""

import io
import zipfile

from flask_babel import gettext as _
from openpyxl import load_workbook
from openpyxl.utils.exceptions import InvalidFileException
from sqlalchemy import select

from ..extensions import db
from ..organizations.models import Organization
from ..permissions import require_officer
from ..routing import id_from_text
from .models import Event, Participant

COLUMNS = ("organization", "attendees", "offers", "seeks")
MOST_ROWS = 5000
MOST_TEXT = 2000


def _organization(ref: str) -> Organization | None:
    found = db.session.scalar(select(Organization).where(Organization.ref == ref))
    if found is None and (org_id := id_from_text(ref)) is not None:
        found = db.session.get(Organization, org_id)
    return found


def _rows(data: bytes) -> list[tuple]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    sheet = book.worksheets[0]
    rows = [tuple(row) for row in sheet.iter_rows(values_only=True, max_row=MOST_ROWS + 2)]
    book.close()
    return rows


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _header_problem(rows: list[tuple]) -> str | None:
    if not rows:
        return _("Sổ tính trống.")
    if "organization" not in [_text(c).lower() for c in rows[0]]:
        return _("Dòng 1 phải có cột organization.")
    if len(rows) > MOST_ROWS + 1:
        return _("Tối đa %(n)d dòng mỗi lần.", n=MOST_ROWS)
    return None


def _row_problems(number: int, cells: dict) -> list[str]:
    return [
        _("dòng %(n)d: %(field)s: quá %(most)d ký tự", n=number, field=name, most=MOST_TEXT)
        for name in ("attendees", "offers", "seeks")
        if len(cells.get(name, "")) > MOST_TEXT
    ]


def read_participants(data: bytes) -> tuple[list[tuple[Organization, dict]], list[str]]:
    """(organization, values) per row, and the problems found (empty when all is well)."""
    try:
        rows = _rows(data)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, ValueError, OSError):
        return [], [_("Tệp không phải sổ tính .xlsx đọc được.")]
    if (problem := _header_problem(rows)) is not None:
        return [], [problem]
    header = [_text(c).lower() for c in rows[0]]
    where = {name: header.index(name) for name in COLUMNS if name in header}
    found, problems, seen = [], [], set()
    for number, row in enumerate(rows[1:], start=2):
        cells = {name: _text(row[i]) if i < len(row) else "" for name, i in where.items()}
        if not any(cells.values()):
            continue
        org = _organization(cells["organization"]) if cells["organization"] else None
        if org is None:
            problems.append(_("dòng %(n)d: organization: không tìm thấy tổ chức", n=number))
            continue
        if org.id in seen:
            problems.append(_("dòng %(n)d: organization: tổ chức lặp lại", n=number))
        seen.add(org.id)
        problems += _row_problems(number, cells)
        found.append((org, cells))
    return found, problems


def import_participants(officer, event: Event, data: bytes) -> tuple[int, int, list[str]]:
    """(registered, updated, problems); nothing is saved when there are problems."""
    require_officer(officer)
    found, problems = read_participants(data)
    if problems:
        return 0, 0, problems
    existing = {
        p.organization_id: p
        for p in db.session.scalars(select(Participant).where(Participant.event_id == event.id))
    }
    created = updated = 0
    for org, cells in found:
        participant = existing.get(org.id)
        if participant is None:
            participant = Participant(event=event, organization=org, registered_by_id=officer.id)
            db.session.add(participant)
            created += 1
        else:
            values = (
                participant.status,
                participant.attendees,
                participant.offers_text,
                participant.seeks_text,
            )
            same = (
                "accepted",
                cells.get("attendees", ""),
                cells.get("offers", ""),
                cells.get("seeks", ""),
            )
            updated += values != same
        participant.status, participant.cancelled_at = "accepted", None
        participant.attendees = cells.get("attendees", "")
        participant.offers_text = cells.get("offers", "")
        participant.seeks_text = cells.get("seeks", "")
    db.session.commit()
    return created, updated, []
