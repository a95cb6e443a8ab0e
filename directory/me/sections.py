"""The parts of /me other areas provide, so that this area imports none of them.

A provider is ``provider(user, since) -> Section | None`` (``since``: the user's previous
visit, None on the first), registered with ``register_section(app, provider)`` from the
providing area's ``init_app``. The page shows the sections in registration order and leaves
out the ones a provider returns None for: no empty boxes.

The waiting deadlines and the conversations under way below are this area's own (it sits
above needs and conversations and reads them directly).
"""

from dataclasses import dataclass, field
from datetime import timedelta

from flask import current_app, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from ..conversations import services as conversations
from ..conversations.labels import STAGE_LABELS
from ..organizations.queries import organization_ids_of
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
    built = [near_deadlines(page), conversations_under_way(user)]
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


def conversations_under_way(user) -> Section | None:
    """Deals still moving, unread ones marked; the title says how many wait for an answer."""
    mine = organization_ids_of(user)
    items = []
    for conversation, unread in conversations.inbox(user):
        if conversation.stage in conversations.CLOSED_STAGES:
            continue
        other = conversation.supplier if conversation.buyer_id in mine else conversation.buyer
        note = f"{other.name} · {STAGE_LABELS[conversation.stage]}"
        url = url_for("conversations.detail", conversation_id=conversation.id)
        items.append(Item(conversation.subject or _("Trao đổi"), url, note, new=unread))
    waiting = conversations.unanswered_count(user) if items else 0
    title = _("Trao đổi đang diễn ra")
    if waiting:
        title += " · " + ngettext("%(num)d chờ bạn trả lời", "%(num)d chờ bạn trả lời", waiting)
    return Section("conversations", title, items)
