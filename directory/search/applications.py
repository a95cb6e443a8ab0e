"""What a need or an offering is for (aquaculture, hospital, market, …) and what kind of thing
is wanted (equipment, complete system, service, consultancy, product), read from the text with
the cues of applications.txt. Matching ranks offerings built for the buyer's application and
kind above generic or foreign ones, and says so in its reasons."""

import os
import re
from dataclasses import dataclass
from functools import lru_cache

from .schema import fold, nfc

PATH = os.path.join(os.path.dirname(__file__), "applications.txt")

# An offering's type says what kind of thing it is; a service may be a consultancy.
KIND_OF_TYPE = {"equipment": "equipment", "technology": "system", "product": "product"}


@dataclass(frozen=True)
class Vocabulary:
    code: str
    label_vi: str
    label_en: str
    cues: tuple[tuple[str, ...], ...]  # each cue's syllables, lower-case, accents kept

    def label(self, locale: str = "vi") -> str:
        return self.label_en if locale == "en" else self.label_vi


@lru_cache(maxsize=1)
def vocabularies() -> dict[str, dict[str, Vocabulary]]:
    """{"application": {code: Vocabulary}, "kind": {…}} from applications.txt."""
    found: dict[str, dict[str, Vocabulary]] = {}
    section = None
    with open(PATH, encoding="utf-8") as fh:
        for line in fh:
            line = line.split("#", 1)[0].strip()
            if line.startswith("[") and line.endswith("]"):
                section = found.setdefault(line[1:-1], {})
            elif line and section is not None:
                code, vi, en, cues = (part.strip() for part in line.split("|"))
                words = [tuple(_words(c)) for c in cues.split(";")]
                section[code] = Vocabulary(code, vi, en, tuple(w for w in words if w))
    return found


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", nfc(text).lower())


@dataclass(frozen=True)
class _Cue:
    """A cue as ``read`` looks for it: spaced phrases, written and folded, computed once."""

    written: str  # " xử lý nước thải "
    folded: str | None  # " xu ly nuoc thai ", or None for a one-syllable cue (never folded)
    folded_words: tuple[str, ...]


@lru_cache(maxsize=4)
def _cues(section: str) -> tuple[tuple[str, tuple[_Cue, ...]], ...]:
    return tuple(
        (
            code,
            tuple(
                _Cue(
                    f" {' '.join(cue)} ",
                    f" {fold(' '.join(cue))} " if len(cue) > 1 else None,
                    tuple(fold(w) for w in cue),
                )
                for cue in vocabulary.cues
            ),
        )
        for code, vocabulary in vocabularies()[section].items()
    )


@lru_cache(maxsize=20_000)
def read(text: str, section: str) -> frozenset[str]:
    """Codes of ``section`` whose cues ``text`` contains: with their accents, or folded (cues of
    two syllables or more) where the text is written without accents."""
    words = _words(text)
    written = " " + " ".join(words) + " "
    folded = fold(written)
    folded_words = folded.split()  # folding keeps the spaces: word for word, as a rule
    if len(folded_words) != len(words):
        folded_words = [fold(w) for w in words]
    plain = {f for w, f in zip(words, folded_words, strict=True) if f == w}
    codes = set()
    for code, cues in _cues(section):
        for cue in cues:
            if cue.written in written or (
                cue.folded is not None
                and cue.folded in folded
                and all(w in plain for w in cue.folded_words)  # written without accents
            ):
                codes.add(code)
                break
    return frozenset(codes)


def offering_kinds(title: str, offering_type: str) -> frozenset[str]:
    if offering_type in KIND_OF_TYPE:
        return frozenset({KIND_OF_TYPE[offering_type]})
    return frozenset({"consultancy"} if "consultancy" in read(title, "kind") else {"service"})


def labels(section: str, codes, locale: str = "vi") -> list[str]:
    table = vocabularies()[section]
    return [table[c].label(locale) for c in sorted(codes) if c in table]
