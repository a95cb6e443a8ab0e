"""Where document files live: a tiny interface, local files by default.

The application stores and reads files only through ``storage()``: ``save(data, extension)``
returns a generated name (``<uuid4 hex>.<ext>``; nothing a user sends becomes a file name),
``read(name)`` returns the bytes, ``delete(name)`` removes them. ``LocalStorage`` keeps them
under ``DOCUMENT_DIR`` (default ``UPLOAD_DIR/documents`` in the instance folder, outside the
static folder: files are served only by the documents view, with its headers).

An S3-compatible store (MinIO, the province's object storage) is the named extension point: a
class with the same three methods, chosen by ``DOCUMENT_STORAGE`` (see docs/documents.md).
"""

import os
import re
import uuid
from typing import Protocol

from flask import current_app

STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(pdf|png|jpg|webp)$")


class Storage(Protocol):
    def save(self, data: bytes, extension: str) -> str: ...

    def read(self, name: str) -> bytes | None: ...

    def delete(self, name: str) -> None: ...


class LocalStorage:
    def __init__(self, root: str):
        self.root = root

    def _path(self, name: str) -> str | None:
        return os.path.join(self.root, name) if STORED_NAME.match(name) else None

    def save(self, data: bytes, extension: str) -> str:
        os.makedirs(self.root, exist_ok=True)
        name = f"{uuid.uuid4().hex}.{extension}"
        with open(os.path.join(self.root, name), "xb") as fh:
            fh.write(data)
        return name

    def read(self, name: str) -> bytes | None:
        path = self._path(name)
        if path is None:
            return None
        try:
            with open(path, "rb") as fh:
                return fh.read()
        except FileNotFoundError:
            return None

    def delete(self, name: str) -> None:
        path = self._path(name)
        if path is not None:
            try:
                os.remove(path)
            except FileNotFoundError:
                pass


BACKENDS = {"local": LocalStorage}


def storage() -> Storage:
    config = current_app.config
    root = config.get("DOCUMENT_DIR") or os.path.join(config["UPLOAD_DIR"], "documents")
    backend = BACKENDS[config.get("DOCUMENT_STORAGE") or "local"]
    return backend(root)
