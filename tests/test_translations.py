"""English is the second language: every string the code and templates mark for translation has
an English entry in the catalogue (merges and catalogue clean-ups have dropped some before)."""

import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "directory/translations/en/LC_MESSAGES/messages.po"


def translated(entry) -> bool:
    if entry is None or entry.fuzzy:
        return False
    strings = entry.string if isinstance(entry.string, tuple | list) else [entry.string]
    return all(strings)


def test_every_marked_string_has_an_english_translation(tmp_path):
    template = tmp_path / "messages.pot"
    subprocess.run(
        [str(Path(sys.executable).parent / "pybabel"), "-q", "extract"]
        + ["-F", "babel.cfg", "-k", "_l", "-o", str(template), "."],
        cwd=ROOT,
        check=True,
    )
    with template.open("rb") as f:
        wanted = read_po(f)
    with CATALOGUE.open("rb") as f:
        english = read_po(f)
    missing = [m.id for m in wanted if m.id and not translated(english.get(m.id, m.context))]
    assert not missing, missing
