"""Load and look up the reference tables (the project keeps its own copy of the data files)."""

import csv
import os
import unicodedata
from collections.abc import Iterator

from sqlalchemy import select

from ..extensions import db
from ..text import collation_key, fold, has_accents
from .models import Commune, IndustrialZone, Sector

DATA_DIR = os.path.join(os.path.dirname(__file__), "data")


def _rows(name: str) -> Iterator[dict[str, str]]:
    with open(os.path.join(DATA_DIR, name), encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def _nfc(text: str | None) -> str | None:
    return unicodedata.normalize("NFC", text.strip()) if text and text.strip() else None


def _required(row: dict[str, str], column: str) -> str:
    """A cell its table cannot leave empty: a blank one is a mistake in the data file."""
    text = _nfc(row[column])
    if text is None:
        raise ValueError(f"the reference data leave {column} blank: {row}")
    return text


def load_reference_data() -> dict[str, int]:
    """Insert or update sectors, communes and zones from the CSV files; one transaction.

    Zones that officers added by hand are kept.
    """
    counts = {"sectors": 0, "communes": 0, "industrial_zones": 0}
    for position, row in enumerate(_rows("sectors.csv")):
        sector = db.session.get(Sector, row["code"]) or Sector(code=row["code"])
        sector.name_vi = _required(row, "name_vi")
        sector.name_en = _required(row, "name_en")
        sector.plan_target = _nfc(row["plan_target"])
        sector.examples_vi = _nfc(row["examples_vi"])
        sector.position = position
        db.session.add(sector)
        counts["sectors"] += 1
    for row in _rows("communes.csv"):
        commune = db.session.get(Commune, row["code"]) or Commune(code=row["code"])
        commune.name = _required(row, "name")
        commune.type = _required(row, "type")
        commune.former_area = _nfc(row["former_area"])
        db.session.add(commune)
        counts["communes"] += 1
    db.session.flush()
    by_name = {c.name: c.code for c in db.session.scalars(select(Commune))}
    for row in _rows("industrial_zones.csv"):
        name = _required(row, "name")
        zone = db.session.scalar(select(IndustrialZone).filter_by(name=name))
        zone = zone or IndustrialZone(name=name)
        zone.kind = row["kind"]
        zone.commune_code = by_name.get(_nfc(row["commune"]) or "")
        zone.note = _nfc(row["note"])
        db.session.add(zone)
        counts["industrial_zones"] += 1
    db.session.commit()
    return counts


def all_sectors() -> list[Sector]:
    return list(db.session.scalars(select(Sector).order_by(Sector.position)))


def all_communes() -> list[Commune]:
    return list(db.session.scalars(select(Commune).order_by(Commune.type.desc(), Commune.name)))


def communes_in_order() -> list[Commune]:
    """Wards first, then communes, each alphabetically as Vietnamese readers expect."""
    return sorted(all_communes(), key=lambda c: (c.type != "phường", collation_key(c.name)))


def all_zones() -> list[IndustrialZone]:
    return list(db.session.scalars(select(IndustrialZone).order_by(IndustrialZone.name)))


def find_commune(name_or_code: str | None) -> Commune | None:
    """A commune by its statistics code or its name (NFC, any letter case).

    Compared in Python: SQLite's lower() only folds ASCII letters, not "Đ" or "Ư".
    """
    text = _nfc(name_or_code)
    if not text:
        return None
    if text.isdigit():
        return db.session.get(Commune, text)
    wanted = text.casefold()
    exact = next((c for c in all_communes() if c.name.casefold() == wanted), None)
    if exact is not None or has_accents(text):
        return exact
    # Typed without accents ("Phuong My Phuoc Tay"): the one commune whose folded name it is.
    folded = [c for c in all_communes() if fold(c.name) == fold(text)]
    return folded[0] if len(folded) == 1 else None


def find_zone(name: str | None) -> IndustrialZone | None:
    text = _nfc(name)
    if not text:
        return None
    wanted = text.casefold()
    return next((z for z in all_zones() if z.name.casefold() == wanted), None)
