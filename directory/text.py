"""Text helpers every area may use: Vietnamese accent folding and alphabetical order."""

import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ→d): 'Nước thải' → 'nuoc thai'."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_accents(text: str) -> bool:
    """Whether ``text`` carries any Vietnamese diacritic (or đ)."""
    return fold(text) != (text or "").lower()


def collation_key(text: str) -> str:
    """Alphabetical order as Vietnamese readers expect: Đ after D, accents after the letter."""
    folded = unicodedata.normalize("NFD", text.casefold().replace("đ", "dz"))
    return "".join(c for c in folded if not unicodedata.combining(c)) + " " + text
