"""API: organizations."""

from . import bp  # noqa: F401
