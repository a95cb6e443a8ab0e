"""The parts of /me other areas provide, so that this area imports none of them.

A provider is ``provider(user, since) -> Section | None`` (``since``: the user's previous
visit, None on the first), registered with ``register_section(app, provider)`` from the
providing area's ``init_app``. The page shows the sections in registration order and leaves
out the ones a provider returns None for: no empty boxes.

For the conversations of issue 9 (open conversations, unanswered messages) the contact area
registers a provider here; the waiting deadlines below are this area's own.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..timeutil import today_in_vietnam

KEY = "me.sections"
NEAR_DEADLINE_DAYS = 14


@dataclass
class Item:
    label: str
    url: str
    note: str = ""
    new: bool = False


@dataclass
class Section:
    key: str
    title: str
    items: list[Item] = field(default_factory=list)


def register_section(app, provider) -> None:
    app.extensions.setdefault(KEY, []).append(provider)


def sections_for(user, since, page) -> list[Section]:
    built = [near_deadlines(page)]
    built += [provider(user, since) for provider in current_app.extensions.get(KEY, [])]
    return [section for section in built if section is not None and section.items]


def near_deadlines(page) -> Section | None:
    """Open needs whose deadline comes within two weeks: extend or close them."""
    today = today_in_vietnam()
    soon = today + timedelta(days=NEAR_DEADLINE_DAYS)
    items = []
    for org in page.organizations:
        for row in org.needs:
            need = row.record
            if need.effective_status == "open" and need.deadline and need.deadline <= soon:
                days = (need.deadline - today).days
                note = (
                    _("Hết hạn hôm nay")
                    if days == 0
                    else ngettext("Còn %(num)d ngày", "Còn %(num)d ngày", days)
                )
                items.append(Item(need.title, url_for("needs.extend", need_id=need.id), note))
    return Section("deadlines", _("Nhu cầu sắp đến hạn"), items)
