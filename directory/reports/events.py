"""Trade-promotion events of a year (issue 14, item 6), from the events' own figures."""

from flask_babel import gettext as _

from ..events.outcomes import yearly_outcomes
from ..organizations.models import OrganizationKind
from ..reference.services import all_communes
from .tables import Table, figures_table


def event_tables(year: int) -> list[Table]:
    figures = yearly_outcomes(year)
    names = {c.code: c.name for c in all_communes()}
    summary = figures_table(
        "events",
        _("Sự kiện"),
        _("Xúc tiến thương mại: sự kiện kết nối"),
        [
            [_("Sự kiện trong năm"), figures["events"]],
            [_("Lượt tổ chức tham gia"), figures["participants"]],
            [_("Cuộc gặp đã diễn ra"), figures["meetings_held"]],
            [_("Cuộc gặp có trao đổi tiếp"), figures["followed_up"]],
            [_("Trong đó đã báo giá"), figures["quoted"]],
            [_("Trong đó đã ký hợp đồng"), figures["contracted"]],
        ],
        _(
            "Sự kiện đã công bố, bắt đầu trong năm. Cuộc gặp đã diễn ra: đã xếp lịch, đến giờ "
            "và không bị đánh dấu vắng. Giai đoạn lấy từ trao đổi mở sau cuộc gặp."
        ),
    )
    by_kind = Table(
        key="event-participants",
        sheet=_("Tham gia sự kiện"),
        title=_("Tổ chức tham gia sự kiện, theo loại và xã/phường"),
        columns=[_("Nhóm"), _("Lượt tham gia")],
        rows=[
            [OrganizationKind.label_of(kind), n] for kind, n in sorted(figures["by_kind"].items())
        ]
        + [[names.get(code, code), n] for code, n in sorted(figures["by_commune"].items())],
    )
    return [summary, by_kind]
