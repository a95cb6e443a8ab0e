"""API: needs."""

from . import bp  # noqa: F401
