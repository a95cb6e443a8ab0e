"""Text helpers every area may use: Vietnamese accent folding for what people type."""

import unicodedata

_FOLD_EXTRA = str.maketrans({"đ": "d", "Đ": "D", "ð": "d"})


def fold(text: str) -> str:
    """Lower-case and strip diacritics (đ→d): 'Nước thải' → 'nuoc thai'."""
    decomposed = unicodedata.normalize("NFD", (text or "").translate(_FOLD_EXTRA).lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def has_accents(text: str) -> bool:
    """Whether ``text`` carries any Vietnamese diacritic (or đ)."""
    return fold(text) != (text or "").lower()
