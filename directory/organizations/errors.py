"""Exceptions the organization and offering services raise (kept free of imports on purpose)."""


class NotAllowed(PermissionError):
    """The acting user may not do this (views answer 403)."""


class OrganizationError(ValueError):
    """A problem the user can fix; ``field`` names the form field to show it next to."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
