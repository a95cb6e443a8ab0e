"""The organizer's downloads (issue 14, item 7): participants and the agenda as one .xlsx.

Two sheets: "Người tham gia" (one row per registration) and "Lịch gặp" (one row per scheduled
meeting, by slot and table). Text a spreadsheet would run as a formula is kept as text.
"""

import io

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from ..organizations.models import OrganizationKind
from . import queries
from .models import Event, Participant, ParticipantStatus

FORMULA_START = ("=", "+", "-", "@")


def _safe(value):
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def _sheet(workbook: Workbook, title: str, header: list, rows) -> None:
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for row in rows:
        sheet.append([_safe(v) for v in row])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"


def _participant_row(p: Participant) -> list:
    org = p.organization
    return [
        org.name,
        OrganizationKind.label_of(org.kind),
        org.commune.name if org.commune else "",
        ParticipantStatus.label_of(p.status),
        p.attendees,
        "; ".join([o.title for o in p.offerings] + ([p.offers_text] if p.offers_text else [])),
        "; ".join([n.title for n in p.needs] + ([p.seeks_text] if p.seeks_text else [])),
    ]


def event_workbook(event: Event) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    workbook.properties.title = event.title[:200]
    _sheet(
        workbook,
        _("Người tham gia"),
        [
            _("Tổ chức"),
            _("Loại"),
            _("Xã, phường"),
            _("Trạng thái"),
            _("Người tham dự"),
            _("Chào"),
            _("Tìm"),
        ],
        (_participant_row(p) for p in queries.all_registrations(event)),
    )
    meetings = [
        [
            slot.starts_at.strftime("%d/%m/%Y"),
            slot.starts_at.strftime("%H:%M"),
            slot.ends_at.strftime("%H:%M"),
            table,
            m.requester.organization.name,
            m.invitee.organization.name,
            _("Vắng") if m.no_show else "",
        ]
        for slot, tables in queries.grid(event)
        for table, m in sorted(tables.items())
    ]
    _sheet(
        workbook,
        _("Lịch gặp"),
        [
            _("Ngày"),
            _("Bắt đầu"),
            _("Kết thúc"),
            _("Bàn"),
            _("Bên mời"),
            _("Bên được mời"),
            _("Ghi chú"),
        ],
        meetings,
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
