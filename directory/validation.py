"""Rules that forms, the importer and the API share."""

import re
import unicodedata

ENTERPRISE_CODE = re.compile(r"^(\d{10})(-\d{3})?$")
_WEIGHTS = (31, 29, 23, 19, 17, 13, 7, 5, 3)


def enterprise_code_problem(code: str) -> str | None:
    """None if ``code`` is a valid enterprise (tax) code, else a short reason key.

    Ten digits whose last is the check digit 10 − (Σ dᵢ·wᵢ mod 11) over the first nine,
    optionally followed by "-" and three digits for a dependent unit (branch).
    """
    match = ENTERPRISE_CODE.match(code or "")
    if not match:
        return "format"
    digits = [int(c) for c in match.group(1)]
    check = 10 - sum(d * w for d, w in zip(digits, _WEIGHTS, strict=False)) % 11
    if check == 10 or digits[9] != check:
        return "check-digit"
    return None


def clean_text(value: str | None) -> str | None:
    """NFC-normalised, trimmed text without control characters; None when empty."""
    if value is None:
        return None
    text = unicodedata.normalize("NFC", str(value))
    text = "".join(c for c in text if c in "\n\t" or unicodedata.category(c)[0] != "C")
    text = text.strip()
    return text or None
