"""Officers' import uploads: stored, checked without writing, then imported on confirmation.

An upload lives in ``UPLOAD_DIR/imports/<token>/``: ``data.json`` or ``data.xlsx`` as sent, or
a ``csv/`` folder with the CSV files of a ``.zip``; ``meta.json`` names the officer who sent it
and the file's original name. Only that officer can confirm it. The import itself is the
importer's (directory.imports.import_path): this module never reads the records.
Uploads older than a day are removed whenever a new one arrives.
"""

import json
import os
import posixpath
import re
import secrets
import shutil
import time
import zipfile
from dataclasses import dataclass

from flask import current_app
from flask_babel import lazy_gettext as _l

from ..audit.services import record
from ..domain import DomainError
from ..extensions import db
from ..imports import ImportResult, import_dataset, import_path, read_source
from ..imports.fields import KINDS
from ..validation import clean_text

ALLOWED_SUFFIXES = (".json", ".xlsx", ".zip")
CSV_NAMES = tuple(f"{kind}.csv" for kind in KINDS)
MAX_UNZIPPED_BYTES = 64 * 1024 * 1024  # a .zip may not unpack into more than this
KEEP_SECONDS = 24 * 3600
_TOKEN = re.compile(r"^[0-9a-f]{32}$")


class UploadError(DomainError):
    """The upload cannot be used; shown next to the form's file field."""

    messages = {
        "wrong-type": _l("Chỉ nhận tệp .json, .xlsx hoặc .zip chứa các tệp CSV."),
        "empty": _l("Tệp rỗng."),
        "same-name-twice": _l("Tệp .zip có hai tệp %(name)s."),
        "unzipped-too-big": _l("Các tệp CSV trong tệp .zip quá lớn."),
        "bad-zip": _l("Không mở được tệp .zip (hỏng, có mật khẩu hoặc nén kiểu lạ)."),
    }


@dataclass
class StoredUpload:
    token: str
    folder: str
    original_name: str
    user_id: int
    source: str  # what the importer reads: a file or a folder inside ``folder``

    @property
    def path(self) -> str:
        return os.path.join(self.folder, self.source)

    def problems_shown(self, result: ImportResult) -> list[str]:
        """The listed problems, one line each; the stored name is replaced by the name the
        officer knows."""
        lines = []
        for problem in result.listed_problems:
            where = self.original_name if problem.where == self.source else problem.where
            lines.append(
                f"{where}: {problem.field}: {problem.message}"
                if problem.field
                else f"{where}: {problem.message}"
            )
        return lines


def _root() -> str:
    return os.path.join(current_app.config["UPLOAD_DIR"], "imports")


def save_upload(user, file_storage) -> StoredUpload:
    """Keep the uploaded file for checking and importing; a .zip is unpacked to its CSV files."""
    name = clean_text(os.path.basename((file_storage.filename or "").replace("\\", "/")))
    name = (name or "")[:200]
    suffix = os.path.splitext(name.lower())[1]
    if suffix not in ALLOWED_SUFFIXES:
        raise UploadError("wrong-type", "file")
    _remove_stale()
    token = secrets.token_hex(16)
    folder = os.path.join(_root(), token)
    os.makedirs(folder)
    try:
        if suffix == ".zip":
            archive = os.path.join(folder, "upload.zip")
            file_storage.save(archive)
            _unpack_csv_files(archive, os.path.join(folder, "csv"))
            os.remove(archive)
            source = "csv"
        else:
            source = "data" + suffix
            file_storage.save(os.path.join(folder, source))
            if os.path.getsize(os.path.join(folder, source)) == 0:
                raise UploadError("empty", "file")
    except UploadError:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    meta = {"user_id": user.id, "original_name": name, "source": source}
    with open(os.path.join(folder, "meta.json"), "w", encoding="utf-8") as fh:
        json.dump(meta, fh, ensure_ascii=False)
    return StoredUpload(token, folder, name, user.id, source)


def _unpack_csv_files(archive: str, target: str) -> None:
    """Only organizations.csv, offerings.csv and needs.csv, wherever they sit in the archive."""
    os.makedirs(target)
    try:
        with zipfile.ZipFile(archive) as zf:
            wanted = {}
            for info in zf.infolist():
                path = info.filename.replace("\\", "/")
                base = posixpath.basename(path).casefold()
                if info.is_dir() or "__macosx/" in path.casefold() or base not in CSV_NAMES:
                    continue
                if base in wanted:
                    raise UploadError("same-name-twice", "file", name=base)
                wanted[base] = info
            if sum(info.file_size for info in wanted.values()) > MAX_UNZIPPED_BYTES:
                raise UploadError("unzipped-too-big", "file")
            for base, info in wanted.items():
                _copy_limited(zf, info, os.path.join(target, base))
    except (zipfile.BadZipFile, RuntimeError, NotImplementedError, EOFError, OSError):
        raise UploadError("bad-zip", "file") from None


def _copy_limited(zf, info, destination: str) -> None:
    """Copy one member, refusing one that unpacks into more than its header promised."""
    written = 0
    with zf.open(info) as src, open(destination, "wb") as dst:
        while chunk := src.read(64 * 1024):
            written += len(chunk)
            if written > MAX_UNZIPPED_BYTES:
                raise UploadError("unzipped-too-big", "file")
            dst.write(chunk)


def _remove_stale() -> None:
    root = _root()
    if not os.path.isdir(root):
        return
    limit = time.time() - KEEP_SECONDS
    for name in os.listdir(root):
        folder = os.path.join(root, name)
        if _TOKEN.match(name) and os.path.getmtime(folder) < limit:
            shutil.rmtree(folder, ignore_errors=True)


def find_upload(user, token: str) -> StoredUpload | None:
    """The upload ``token`` of ``user``; None when unknown, expired or someone else's."""
    if not _TOKEN.match(token or ""):
        return None
    folder = os.path.join(_root(), token)
    try:
        with open(os.path.join(folder, "meta.json"), encoding="utf-8") as fh:
            meta = json.load(fh)
    except (OSError, ValueError):
        return None
    if meta.get("user_id") != user.id or meta.get("source") not in (
        "csv",
        "data.json",
        "data.xlsx",
    ):
        return None
    return StoredUpload(token, folder, meta.get("original_name", ""), user.id, meta["source"])


def record_count(result: ImportResult) -> int:
    """How many records the file holds: created, updated and unchanged ones of every kind."""
    return sum(c.created + c.updated + c.unchanged for c in result.counts.values())


def check_upload(stored: StoredUpload) -> ImportResult:
    """What importing the upload would do, writing nothing."""
    return import_path(stored.path, dry_run=True)


def import_upload(user, stored: StoredUpload, progress=None) -> ImportResult:
    """Import the upload (all or nothing, checked again), log it and forget the stored file.

    Runs in the worker (``import_jobs``): the import and its index update are bulk work.
    ``progress(done, total)`` follows the records (each counted when checked and written)."""
    dataset = read_source(stored.path)
    total = 2 * dataset.total
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        if progress:
            progress(min(done, total), total)

    result = import_dataset(dataset, progress=advance)
    if result.ok:
        counts = {kind: vars(result.counts[kind]) for kind in KINDS}
        record(
            user,
            "data.import",
            "import",
            f"{stored.original_name}: {result.summary()}",
            after={"file": stored.original_name, **counts},
        )
        db.session.commit()
        discard(stored)
    return result


def discard(stored: StoredUpload) -> None:
    shutil.rmtree(stored.folder, ignore_errors=True)
