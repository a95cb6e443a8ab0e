"""The plan's labelling activity (Plan 524/KH-UBND, III.2): labelled products and verified
eco-label certificates of a year, per sector."""

from collections import Counter
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select

from ..documents.models import EcoLabel, LabelStatus
from ..extensions import db
from ..offerings.models import offering_sectors
from .tables import Table


def labelling_table(year: int, sectors, bounds) -> Table:
    """Per sector: offerings that carried a verified label at some time in the year, labels
    verified in the year, and verified labels whose validity ends in the year."""
    start, end = bounds
    first, last = date(year, 1, 1), date(year, 12, 31)
    rows = db.session.execute(
        select(EcoLabel.offering_id, EcoLabel.decided_at, EcoLabel.valid_until).where(
            EcoLabel.status == LabelStatus.VERIFIED, EcoLabel.decided_at < end
        )
    ).all()
    sector_of: dict[int, list[str]] = {}
    for offering_id, code in db.session.execute(select(offering_sectors)).all():
        sector_of.setdefault(offering_id, []).append(code)
    labelled: dict[str, set[int]] = {}
    verified: Counter[str] = Counter()
    expiring: Counter[str] = Counter()
    for offering_id, decided_at, valid_until in rows:
        for code in sector_of.get(offering_id, []):
            if valid_until >= first:
                labelled.setdefault(code, set()).add(offering_id)
            if decided_at >= start:
                verified[code] += 1
            if first <= valid_until <= last:
                expiring[code] += 1
    table_rows = [
        [name, len(labelled.get(code, ())), verified[code], expiring[code]]
        for code, name, _target in sectors
    ]
    every = {offering_id for offering_id, _d, until in rows if until >= first}
    return Table(
        key="labelling",
        sheet=_("Nhãn sinh thái"),
        title=_("Dán nhãn sản phẩm công nghiệp môi trường"),
        columns=[
            _("Lĩnh vực"),
            _("Sản phẩm có nhãn đã xác minh"),
            _("Chứng nhận xác minh trong năm"),
            _("Chứng nhận hết hạn trong năm"),
        ],
        rows=table_rows,
        total=[
            _("Tổng (mỗi sản phẩm một lần)"),
            len(every),
            sum(1 for _o, d, _u in rows if d >= start),
            sum(1 for _o, _d, u in rows if first <= u <= last),
        ],
        chart=(1,),
        note=_(
            "Sản phẩm có nhãn: giải pháp có ít nhất một nhãn sinh thái được cán bộ Sở xác minh "
            "và còn hiệu lực vào một ngày nào đó trong năm. Một sản phẩm thuộc nhiều lĩnh vực "
            "được tính ở mỗi lĩnh vực."
        ),
    )
