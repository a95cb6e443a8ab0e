"""Configuration read from the environment (contracts.md §5)."""

import os
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import urlsplit


class ConfigError(RuntimeError):
    """The environment does not describe a safe configuration."""


class Config:
    DIRECTORY_ENV = "development"
    SECRET_KEY: str | None = None
    SQLALCHEMY_DATABASE_URI: str | None = None
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SEARCH_INDEX_DIR: str | None = None
    UPLOAD_DIR: str | None = None
    MAIL_DIR: str | None = None
    MAIL_SERVER: str | None = None
    MAIL_PORT = 587
    MAIL_USERNAME: str | None = None
    MAIL_PASSWORD: str | None = None
    MAIL_USE_SSL = False
    MAIL_USE_TLS = True  # STARTTLS on a plain connection; False only for a local relay
    ALERT_UNSUBSCRIBE_MAX_AGE = 90 * 24 * 3600  # seconds an alert mail's unsubscribe link works
    MAIL_DEFAULT_SENDER = "Danh bạ Công nghiệp Môi trường Đồng Tháp <no-reply@localhost>"

    BABEL_DEFAULT_LOCALE = "vi"
    BABEL_DEFAULT_TIMEZONE = "Asia/Ho_Chi_Minh"
    LANGUAGES = ("vi", "en")

    MAX_CONTENT_LENGTH = 4 * 1024 * 1024  # uploads and import files
    LOGO_MAX_BYTES = 1024 * 1024
    LOGO_UPLOADS_PER_DAY = 20  # accepted logos per user in 24 hours
    DOCUMENT_MAX_BYTES = 10 * 1024 * 1024  # the document upload raises the request limit to it
    DOCUMENT_MAX_PAGES = 200
    DOCUMENT_MAX_PER_ORGANIZATION = 100
    DOCUMENT_STORAGE = "local"  # documents/storage.py: BACKENDS
    DOCUMENT_DIR: str | None = None  # default UPLOAD_DIR/documents
    PER_PAGE = 20

    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = False
    REMEMBER_COOKIE_HTTPONLY = True
    REMEMBER_COOKIE_SAMESITE = "Lax"
    REMEMBER_COOKIE_SECURE = False
    REMEMBER_COOKIE_DURATION = timedelta(days=30)
    PREFERRED_URL_SCHEME = "http"
    WTF_CSRF_TIME_LIMIT = None  # tie the token to the session, not to a clock
    PASSWORD_RESET_MAX_AGE = 3600  # seconds
    SIGNUP_CONFIRM_MAX_AGE = 3 * 24 * 3600  # seconds a sign-up's confirmation link works
    # Per address: after LOGIN_FREE_FAILURES failures within LOGIN_FAILURE_WINDOW each try
    # waits LOGIN_DELAY, then twice as long, … up to LOGIN_MAX_DELAY (429 + Retry-After).
    LOGIN_FREE_FAILURES = 3
    LOGIN_DELAY = timedelta(seconds=2)
    LOGIN_MAX_DELAY = timedelta(minutes=2)
    LOGIN_MAX_FAILURES_PER_IP = 30
    LOGIN_FAILURE_WINDOW = timedelta(minutes=15)
    # Mail that visitors' requests make the site send: at most (per sender, per recipient)
    # within the window; a sender is a client address or a signed-in user.
    MAIL_LIMITS = {
        "reset": (10, 3, timedelta(hours=1)),
        "signup": (10, 3, timedelta(hours=1)),
        "invitation": (30, 3, timedelta(days=1)),
    }
    HSTS = False
    PROXY_COUNT = 0  # reverse proxies in front of the app whose X-Forwarded-* headers we trust
    # The public address: every absolute link (mail, API, redirects) names it, never the
    # request's Host header. TRUSTED_HOSTS (requests for other hosts get 400) follows from it.
    SITE_URL: str | None = None
    TRUSTED_HOSTS: list[str] | None = None
    CONVERSATIONS_PER_DAY = 20  # new conversations one organization may open in 24 hours
    FOLLOW_UP_LINK_MAX_AGE = 30 * 24 * 3600  # seconds a follow-up mail's stage links work
    # Open data (docs/api.md): the licence, publisher and contact named by /api/v1/ and
    # openapi.json; the rate limit per client address (Flask-Limiter syntax; REDIS_URL makes
    # the count shared by every worker process).
    OPEN_DATA_LICENSE_NAME = "CC BY 4.0"
    OPEN_DATA_LICENSE_URL = "https://creativecommons.org/licenses/by/4.0/"
    OPEN_DATA_PUBLISHER = "Sở Công Thương tỉnh Đồng Tháp"
    OPEN_DATA_CONTACT_NAME = "Sở Công Thương tỉnh Đồng Tháp"
    # The Department's public address for data questions: set it in production; without it
    # the contact is the site itself (SITE_URL).
    OPEN_DATA_CONTACT_EMAIL: str | None = None
    OPEN_DATA_CONTACT_URL: str | None = None
    API_RATE_LIMIT = "120 per minute"
    API_RATE_LIMIT_ENABLED = True
    REDIS_URL: str | None = None
    # Flask-Limiter's names for the IETF RateLimit headers; Retry-After in seconds.
    RATELIMIT_HEADER_LIMIT = "RateLimit-Limit"
    RATELIMIT_HEADER_REMAINING = "RateLimit-Remaining"
    RATELIMIT_HEADER_RESET = "RateLimit-Reset"
    RATELIMIT_HEADER_RETRY_AFTER_VALUE = "delta-seconds"


class DevelopmentConfig(Config):
    DIRECTORY_ENV = "development"


class TestingConfig(Config):
    DIRECTORY_ENV = "testing"
    TESTING = True
    PASSWORD_HASH_METHOD = "pbkdf2:sha256:1000"  # fast hashes keep the suite quick
    API_RATE_LIMIT_ENABLED = False  # its own test turns it on


class ProductionConfig(Config):
    DIRECTORY_ENV = "production"
    SESSION_COOKIE_SECURE = True
    REMEMBER_COOKIE_SECURE = True
    PREFERRED_URL_SCHEME = "https"
    HSTS = True


CONFIGS = {
    "development": DevelopmentConfig,
    "testing": TestingConfig,
    "production": ProductionConfig,
}

_FROM_ENV = {
    "SECRET_KEY": "SECRET_KEY",
    "SQLALCHEMY_DATABASE_URI": "DATABASE_URL",
    "SEARCH_INDEX_DIR": "SEARCH_INDEX_DIR",
    "MAIL_SERVER": "MAIL_SERVER",
    "MAIL_USERNAME": "MAIL_USERNAME",
    "MAIL_PASSWORD": "MAIL_PASSWORD",
    "MAIL_DEFAULT_SENDER": "MAIL_DEFAULT_SENDER",
    "SITE_URL": "SITE_URL",
    "REDIS_URL": "REDIS_URL",
    "OPEN_DATA_LICENSE_NAME": "OPEN_DATA_LICENSE_NAME",
    "OPEN_DATA_LICENSE_URL": "OPEN_DATA_LICENSE_URL",
    "OPEN_DATA_CONTACT_EMAIL": "OPEN_DATA_CONTACT_EMAIL",
    "OPEN_DATA_CONTACT_URL": "OPEN_DATA_CONTACT_URL",
    "API_RATE_LIMIT": "API_RATE_LIMIT",
}


def _flag(value: str) -> bool:
    return value.lower() not in ("0", "false", "no")


# Settings read as numbers or yes/no; the rest of _FROM_ENV are strings.
_CONVERT: dict[str, Callable[[str], object]] = {
    "MAIL_PORT": int,
    "PROXY_COUNT": int,
    "CONVERSATIONS_PER_DAY": int,
    "MAIL_USE_TLS": _flag,
    "API_RATE_LIMIT_ENABLED": _flag,
}


def _from_environment() -> dict:
    """The settings the environment gives (an empty variable counts as unset)."""
    names = {**_FROM_ENV, **{key: key for key in _CONVERT}}
    return {
        key: _CONVERT.get(key, str)(os.environ[var])
        for key, var in names.items()
        if os.environ.get(var)
    }


def load_config(app, overrides=None):
    """Fill app.config from the config class named by DIRECTORY_ENV, then the environment."""
    overrides = dict(overrides or {})
    env_name = overrides.get("DIRECTORY_ENV") or os.environ.get("DIRECTORY_ENV", "development")
    if env_name not in CONFIGS:
        raise ConfigError(f"DIRECTORY_ENV must be one of {', '.join(CONFIGS)}, not {env_name!r}")
    app.config.from_object(CONFIGS[env_name])
    app.config.update(_from_environment())
    app.config.update(overrides)

    if not app.config.get("SECRET_KEY"):
        if env_name == "production":
            raise ConfigError("SECRET_KEY must be set in production")
        # Development and tests get a random key per process: sessions do not survive a restart.
        app.config["SECRET_KEY"] = os.urandom(32).hex()
    _site_and_hosts(app.config, env_name)
    instance = app.instance_path
    if not app.config.get("SQLALCHEMY_DATABASE_URI"):
        app.config["SQLALCHEMY_DATABASE_URI"] = "sqlite:///" + os.path.join(
            instance, "directory.sqlite"
        )
    app.config["SQLALCHEMY_DATABASE_URI"] = _normalise_db_url(app.config["SQLALCHEMY_DATABASE_URI"])
    app.config.setdefault("SEARCH_INDEX_DIR", None)
    app.config["SEARCH_INDEX_DIR"] = app.config["SEARCH_INDEX_DIR"] or os.path.join(
        instance, "index"
    )
    app.config["UPLOAD_DIR"] = app.config.get("UPLOAD_DIR") or os.path.join(instance, "uploads")
    app.config["MAIL_DIR"] = app.config.get("MAIL_DIR") or os.path.join(instance, "mail")
    _rate_limit(app.config)


def _rate_limit(config) -> None:
    """Flask-Limiter's settings from ours: Redis (shared by every worker) when REDIS_URL is
    set, else each process counts alone in memory (production should set REDIS_URL)."""
    config.setdefault("RATELIMIT_ENABLED", config["API_RATE_LIMIT_ENABLED"])
    config.setdefault("RATELIMIT_STORAGE_URI", config.get("REDIS_URL") or "memory://")
    # A store that is down must not take the API with it: the limit is skipped meanwhile.
    config.setdefault("RATELIMIT_SWALLOW_ERRORS", True)


def _site_and_hosts(config, env_name: str) -> None:
    """SITE_URL (required in production) and the host names requests may carry."""
    if not config.get("SITE_URL"):
        if env_name == "production":
            raise ConfigError("SITE_URL must be set in production, e.g. https://example.gov.vn")
        name = config.get("SERVER_NAME") or "127.0.0.1:5000"  # what `make run` serves
        config["SITE_URL"] = f"{config['PREFERRED_URL_SCHEME']}://{name}"
    site = urlsplit(config["SITE_URL"])
    if site.scheme not in ("http", "https") or not site.hostname:
        raise ConfigError(f"SITE_URL must be an http(s) address, not {config['SITE_URL']!r}")
    config["SITE_URL"] = config["SITE_URL"].rstrip("/")
    if os.environ.get("TRUSTED_HOSTS") and config.get("TRUSTED_HOSTS") is None:
        config["TRUSTED_HOSTS"] = [h.strip() for h in os.environ["TRUSTED_HOSTS"].split(",")]
    if config.get("TRUSTED_HOSTS") is None:
        hosts = [site.hostname]
        if env_name == "development":
            hosts += ["127.0.0.1", "localhost"]
        config["TRUSTED_HOSTS"] = list(dict.fromkeys(hosts))


def _normalise_db_url(url: str) -> str:
    """Let plain postgres:// URLs (as hosting providers print them) use psycopg 3."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
