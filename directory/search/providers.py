"""What search asks the areas above it, answered by functions they register at ``init_app``.

Search sits below curation and incubators (docs/architecture.md), so it never imports them:
curation registers ``featured`` and incubators register ``incubatees``. Until an area registers
its answer, search hears "nothing featured", "not incubated" and "no eco-label"
(documents registers ``eco_labelled`` and ``installations``).

The indexing questions take a batch of rows (the index builds documents 500 rows at a time):
one query per batch, not one per record.
"""

from collections.abc import Callable, Sequence
from typing import Any

#: (commune code or None, words) of one reference installation.
Installed = tuple[str | None, str]


def _nothing_featured() -> set[tuple[str, int]]:
    return set()


def _none_of(rows: Sequence[Any]) -> set[int]:
    return set()


def _no_installations(offerings: Sequence[Any]) -> dict[int, list[Installed]]:
    return {}


#: ``featured()``: (kind, id) of the records featured today.
#: ``incubatees(organizations)``: ids of those that carry the incubation badge.
#: ``eco_labelled(offerings)``: ids of those with a verified eco-label valid today.
#: ``installations(offerings)``: {offering id: its reference installations}.
PROVIDERS: dict[str, Callable[..., Any]] = {
    "featured": _nothing_featured,
    "incubatees": _none_of,
    "eco_labelled": _none_of,
    "installations": _no_installations,
}


def register(name: str, provider: Callable[..., Any]) -> None:
    if name not in PROVIDERS:
        raise KeyError(f"search asks no question named {name!r}")
    PROVIDERS[name] = provider


def featured() -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = PROVIDERS["featured"]()
    return found


def incubatees(organizations: Sequence[Any]) -> set[int]:
    return set(PROVIDERS["incubatees"](organizations)) if organizations else set()


def eco_labelled(offerings: Sequence[Any]) -> set[int]:
    return set(PROVIDERS["eco_labelled"](offerings)) if offerings else set()


def installations(offerings: Sequence[Any]) -> dict[int, list[Installed]]:
    found: dict[int, list[Installed]] = PROVIDERS["installations"](offerings) if offerings else {}
    return found
