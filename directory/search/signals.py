"""What the search package tells the areas above it, without importing them."""

from typing import Any

from blinker import NamedSignal, Namespace
from flask import current_app

_signals = Namespace()

# Sent after the index applied committed changes: ``changes`` maps a kind (organization,
# offering, need) to the ids whose documents were rewritten, or is None after a rebuild.
index_applied = _signals.signal("index-applied")

# Sent by ``flask reindex`` after it rebuilt the index (a command, never a web request): areas
# that keep data derived from the index recompute it in bulk then.
index_rebuilt = _signals.signal("index-rebuilt")


def tell(signal: NamedSignal, **changes: Any) -> None:
    """Send ``signal`` from the current application (receivers connect per app)."""
    app = current_app._get_current_object()  # type: ignore[attr-defined]  # the proxy's target
    signal.send(app, **changes)
