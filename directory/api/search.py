"""API: search."""

from . import bp  # noqa: F401
