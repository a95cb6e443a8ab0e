"""API: offerings."""

from . import bp  # noqa: F401
