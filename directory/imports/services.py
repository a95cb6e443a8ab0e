"""Import a dataset: validate everything, then write everything in one transaction, or nothing.

Records are matched on ``ref``: a new ref creates a record, a known ref updates it when a value
differs, and leaves it alone (counted "unchanged") otherwise. A field the input does not carry
(a key missing from a JSON record, a column missing from a sheet) is left as it is; an empty
value clears it. Imported offerings are published and imported needs are open unless the input
gives a status: an import is an officer's act.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db
from .fields import KINDS, Problem, messages_locale
from .formats import Dataset, read_source
from .validation import Lookups, validate_dataset
from .writer import write_all

log = logging.getLogger(__name__)

Progress = Callable[[int], None]
MAX_PROBLEMS_LISTED = 200  # a file where every row is wrong lists these and counts the rest


@dataclass
class Counts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportResult:
    problems: list[Problem] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    counts: dict[str, Counts] = field(default_factory=lambda: {k: Counts() for k in KINDS})
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def listed_problems(self) -> list[Problem]:
        """The problems to print or show: the first ``MAX_PROBLEMS_LISTED``."""
        return self.problems[:MAX_PROBLEMS_LISTED]

    @property
    def unlisted_problems(self) -> int:
        """How many problems follow the listed ones (counted, not printed)."""
        return max(0, len(self.problems) - MAX_PROBLEMS_LISTED)

    def summary(self) -> str:
        """One line in a fixed, parseable form: "organizations: 45 created, 0 updated, …"."""
        return "; ".join(f"{kind}: {self.counts[kind]}" for kind in KINDS)


def import_path(path, *, dry_run: bool = False, progress: Progress | None = None) -> ImportResult:
    """Read and import a JSON file, an .xlsx workbook or a folder of CSV files."""
    return import_dataset(read_source(path), dry_run=dry_run, progress=progress)


def import_dataset(
    dataset: Dataset, *, dry_run: bool = False, progress: Progress | None = None
) -> ImportResult:
    """Validate every record; if all are valid, write them in one transaction.

    ``progress`` is called with a number of records done, twice per record in all (once
    validated, once written), so a progress bar of length ``2 * dataset.total`` fills up.
    With ``dry_run`` nothing is kept: the result tells what the import would do.
    """
    result = ImportResult(
        problems=list(dataset.problems), warnings=list(dataset.warnings), dry_run=dry_run
    )
    with messages_locale():
        lookups = Lookups()
        if not lookups.sectors or not lookups.commune_codes:
            db.session.rollback()
            result.problems.insert(0, Problem(dataset.source, None, _no_reference_data()))
            return result
        checked, problems = validate_dataset(dataset, lookups, progress)
        result.problems.extend(problems)
        if result.problems:
            db.session.rollback()  # end the read-only transaction the checks opened
            return result
        try:
            write_all(checked, result.counts, progress)
            if dry_run:
                db.session.rollback()
                return result
            db.session.commit()
        except SQLAlchemyError as exc:
            db.session.rollback()
            log.exception("import of %s failed", dataset.source)
            reason = str(getattr(exc, "orig", None) or exc).splitlines()[0]
            message = _(
                "cơ sở dữ liệu từ chối dữ liệu, không có gì được nhập: %(reason)s", reason=reason
            )
            result.problems = [Problem(dataset.source, None, message)]
            return result
    _update_search_index(result)
    return result


def _no_reference_data() -> str:
    """A fresh database (``db upgrade`` only) has no sectors or communes: every commune and
    sector of the file would be "unknown", so say once what to run instead."""
    return _(
        "cơ sở dữ liệu chưa có dữ liệu tham chiếu (lĩnh vực, xã/phường, khu/cụm công nghiệp): "
        "hãy chạy flask --app directory load-reference rồi nhập lại"
    )


def _update_search_index(result: ImportResult) -> None:
    """Apply the outbox rows the import wrote; rows left behind are applied by the next drain."""
    from ..search import drain_outbox

    try:
        drain_outbox()
    except Exception:  # noqa: BLE001 - the import is committed; the outbox keeps the changes
        log.exception("search index update after import failed")
        result.warnings.append(
            _("Chỉ mục tìm kiếm chưa cập nhật xong; chạy flask --app directory reindex.")
        )
