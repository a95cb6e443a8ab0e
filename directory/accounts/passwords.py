"""Which passwords are too easy to guess: common ones, the address itself, the site's name."""

import re
import unicodedata
from functools import cache
from importlib.resources import files

from flask_babel import lazy_gettext as _l

# Words of the site's own name and address that a password must not be made of.
SITE_WORDS = frozenset(
    ["dongthap", "moitruong", "congnghiepmoitruong", "danhbacongnghiepmoitruongdongthap"]
)


@cache
def common_passwords() -> frozenset[str]:
    text = (files(__package__) / "common_passwords.txt").read_text(encoding="utf-8")
    return frozenset(
        line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")
    )


def _plain(text: str) -> str:
    """Lower case without accents, spaces or punctuation: 'Mật Khẩu!' -> 'matkhau'."""
    text = unicodedata.normalize("NFKD", text.casefold().replace("đ", "d"))
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def password_problem(password: str, email: str = "") -> str | None:
    """Why this password is refused, or None when it will do."""
    plain = _plain(password)
    stem = re.sub(r"\d+$", "", plain)  # 'password12' is 'password' with a number
    if len(set(plain)) < 4:
        return _l("Mật khẩu cần nhiều ký tự khác nhau hơn.")
    if plain in common_passwords() or stem in common_passwords():
        return _l("Mật khẩu này quá phổ biến, dễ bị đoán. Hãy chọn mật khẩu khác.")
    local, _, domain = (email or "").partition("@")
    own = {_plain(email), _plain(local), _plain(domain.split(".")[0])} - {""}
    if plain in own or stem in own or plain in SITE_WORDS or stem in SITE_WORDS:
        return _l("Mật khẩu không được là email của bạn hay tên của trang.")
    return None
