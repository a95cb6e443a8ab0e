"""Languages: Vietnamese first, English second; number, money and date formats."""

from flask import current_app, has_request_context, request, session
from flask_babel import get_locale
from flask_login import current_user

from .extensions import babel


def select_locale() -> str:
    """The language the visitor chose, else their account's, else Vietnamese."""
    if not has_request_context():  # CLI commands and jobs speak the default language
        return current_app.config["BABEL_DEFAULT_LOCALE"]
    languages = current_app.config["LANGUAGES"]
    if request.path.startswith("/api/"):
        # The public API reads no cookie and no session: the client's Accept-Language decides.
        return request.accept_languages.best_match(languages) or languages[0]
    chosen = session.get("locale")
    if isinstance(chosen, str) and chosen in languages:
        return chosen
    if current_user and current_user.is_authenticated and current_user.locale in languages:
        return current_user.locale
    return current_app.config["BABEL_DEFAULT_LOCALE"]


def current_language() -> str:
    return str(get_locale() or "vi")


def init_app(app) -> None:
    translations = app.root_path + "/translations"
    babel.init_app(app, locale_selector=select_locale, default_translation_directories=translations)
    app.jinja_env.add_extension("jinja2.ext.i18n")


def format_vnd(amount: int | None) -> str:
    """12000000000 → '12.000.000.000 ₫' (Vietnamese thousands separators in every locale)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".") + " ₫"
