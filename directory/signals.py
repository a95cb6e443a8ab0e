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
#: A refresh stored new (need, offering) pairs. Sender: the need; keyword argument ``found``,
#: a list of ``(offering_id, strength)`` for the pairs that were not stored before. Sent before
#: the refresh commits (alerts record whom to tell in the same transaction).
matches_found = _signals.signal("matches-found")

#: A message was written in a conversation. Sender: the message; keyword arguments
#: ``conversation`` and ``is_new``. Sent before the conversation's service commits.
message_posted = _signals.signal("message-posted")

#: An officer verified or rejected an organization. Sender: the organization; keyword argument
#: ``decision`` ("verified" or "rejected"). Sent before curation's service commits.
verification_decided = _signals.signal("verification-decided")

organization_page = _signals.signal("organization-page")
offering_page = _signals.signal("offering-page")
need_page = _signals.signal("need-page")


def page_parts(signal: Signal, record: Any, viewer: Any) -> dict[str, Any]:
    """The parts every receiver of ``signal`` contributes to ``record``'s page."""
    return dict(part for _, part in signal.send(record, viewer=viewer) if part is not None)
