"""What search asks the areas above it, answered by functions they register at ``init_app``.

Search sits below curation and incubators (docs/architecture.md), so it never imports them:
curation registers ``featured`` and incubators register ``incubatee``. Until an area registers
its answer, search hears "nothing featured", "not incubated" and "no eco-label"
(documents registers ``eco_labelled``).
"""

from collections.abc import Callable
from typing import Any


def _nothing_featured() -> set[tuple[str, int]]:
    return set()


def _not_incubated(organization: Any) -> bool:
    return False


def _no_eco_label(offering: Any) -> bool:
    return False


def _no_installations(offering: Any) -> list[tuple[str | None, str]]:
    return []


#: ``featured()``: (kind, id) of the records featured today.
#: ``incubatee(organization)``: whether the organization carries the incubation badge.
#: ``eco_labelled(offering)``: whether the offering has a verified eco-label valid today.
#: ``installations(offering)``: (commune code or None, text) of its reference installations.
PROVIDERS: dict[str, Callable[..., Any]] = {
    "featured": _nothing_featured,
    "incubatee": _not_incubated,
    "eco_labelled": _no_eco_label,
    "installations": _no_installations,
}


def register(name: str, provider: Callable[..., Any]) -> None:
    if name not in PROVIDERS:
        raise KeyError(f"search asks no question named {name!r}")
    PROVIDERS[name] = provider


def featured() -> set[tuple[str, int]]:
    found: set[tuple[str, int]] = PROVIDERS["featured"]()
    return found


def is_incubatee(organization: Any) -> bool:
    return bool(PROVIDERS["incubatee"](organization))


def is_eco_labelled(offering: Any) -> bool:
    return bool(PROVIDERS["eco_labelled"](offering))


def installations(offering: Any) -> list[tuple[str | None, str]]:
    found: list[tuple[str | None, str]] = PROVIDERS["installations"](offering)
    return found
