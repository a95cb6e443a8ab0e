"""Bulk import of organizations, offerings and needs (contracts.md §2).

``read_source`` turns a JSON file, an ``.xlsx`` workbook or a folder of CSV files into a
``Dataset``; ``import_dataset`` validates every record and writes all of them in one
transaction, or nothing. Both are free of click and of request globals, so the CLI, a web
upload page and the demo loader share them.
"""

from .formats import Dataset, read_source
from .services import ImportResult, import_dataset, import_path

__all__ = ["Dataset", "ImportResult", "import_dataset", "import_path", "read_source"]
