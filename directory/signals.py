"""How a lower area tells higher ones that something happened, or asks them for page parts.

A lower area sends; the areas above it connect their receivers in their ``init_app``, so the
lower one never imports them (docs/architecture.md). Receivers run synchronously, inside the
sender's transaction: whatever they change is committed by the sender's service.
"""

from typing import Any

from blinker import Namespace, Signal

_signals = Namespace()

#: Members edited an organization's identity. Sender: the organization; keyword arguments
#: ``actor`` and ``changes`` (``{field: (old, new)}``). Curation sends it back to the queue.
identity_changed = _signals.signal("identity-changed")

#: An offering or a need was just made public by its members (created published, or a draft
#: published). Sender: the record, not yet committed; keyword argument ``actor``. Curation may
#: hold a new organization's first listings for an officer's review (hides them before commit).
listing_published = _signals.signal("listing-published")

#: Parts that higher areas add to a record's page. Sender: the record; keyword argument
#: ``viewer``. Each receiver returns ``(name, value)`` (the template's variable), or None.
organization_page = _signals.signal("organization-page")
offering_page = _signals.signal("offering-page")
need_page = _signals.signal("need-page")


def page_parts(signal: Signal, record: Any, viewer: Any) -> dict[str, Any]:
    """The parts every receiver of ``signal`` contributes to ``record``'s page."""
    return dict(part for _, part in signal.send(record, viewer=viewer) if part is not None)
