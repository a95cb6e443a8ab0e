"""The one family of errors the services raise (docs/architecture.md).

``DomainError(code, field)``: a change the rules refuse. ``code`` is a stable identifier,
``field`` names the form field to show the refusal next to (None: above the form). Each area
subclasses it with a ``messages`` table, code -> lazy Vietnamese text, so the services never
format text for a screen and the API and the web say the same thing.

``NotAllowed``: the acting user may not do this; the error handler answers 403 (a page, or
JSON under /api/). ``NotFound``: the record is not there for this user; the handler answers 404.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from flask_babel import lazy_gettext as _l


class DomainError(ValueError):
    messages: ClassVar[Mapping[str, Any]] = {}

    def __init__(self, code: str, field: str | None = None, **params: Any):
        super().__init__(code)
        self.code = code
        self.field = field
        self.params = params

    @property
    def message(self) -> str:
        """The refusal in the visitor's language."""
        text = self.messages.get(self.code)
        if text is None:
            return self.code
        return str(text) % self.params if self.params else str(text)


class NotAllowed(DomainError):
    messages = {"not-allowed": _l("Bạn không có quyền thực hiện thao tác này.")}

    def __init__(self, code: str = "not-allowed", field: str | None = None, **params: Any):
        super().__init__(code, field, **params)
