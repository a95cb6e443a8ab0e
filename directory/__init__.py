"""Đồng Tháp environmental-industry directory: the application factory."""

import os
from urllib.parse import urlsplit

from dotenv import load_dotenv
from flask import Flask, request
from werkzeug.exceptions import SecurityError
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import load_config

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


class Directory(Flask):
    """Flask whose absolute URLs always name SITE_URL, never the Host a request claims.

    Mailed links, API records, the OpenAPI servers entry and the slash redirect all come
    from the URL adapter, so this one place keeps a forged Host out of all of them.
    """

    HOST_ERROR = "directory.untrusted_host"

    def create_url_adapter(self, request):
        site = urlsplit(self.config["SITE_URL"])
        try:
            adapter = super().create_url_adapter(request)
        except SecurityError as error:
            # A Host outside TRUSTED_HOSTS: answer 400 (preprocess_request), before any view
            # or redirect, with an error page whose links work.
            request.environ[self.HOST_ERROR] = error
            return self.url_map.bind_to_environ(
                request.environ, server_name=site.netloc, subdomain=""
            )
        if adapter is None:  # no request (CLI, cron): bind to the public address
            return self.url_map.bind(
                site.netloc, script_name=site.path or "/", url_scheme=site.scheme
            )
        adapter.server_name = site.netloc
        adapter.url_scheme = site.scheme
        return adapter

    def preprocess_request(self):
        if error := request.environ.get(self.HOST_ERROR):
            raise error
        return super().preprocess_request()


def create_app(config: dict | None = None) -> Flask:
    """Build the application; ``config`` overrides what the environment says (tests use it)."""
    app = Directory(
        __name__,
        template_folder=os.path.join(PROJECT_ROOT, "templates"),
        static_folder=os.path.join(PROJECT_ROOT, "static"),
        instance_relative_config=True,
    )
    load_dotenv(os.path.join(PROJECT_ROOT, ".env"))  # never overrides the real environment
    load_config(app, config)
    os.makedirs(app.instance_path, exist_ok=True)
    if app.config["PROXY_COUNT"]:
        # Behind a reverse proxy: trust its X-Forwarded-For/-Proto for client address and https,
        # never X-Forwarded-Host (links name SITE_URL; TRUSTED_HOSTS checks the Host).
        # Replacing wsgi_app is how Flask documents adding WSGI middleware; mypy's method-assign
        # code exists to be silenced for such a deliberate replacement, here and nowhere else.
        n = app.config["PROXY_COUNT"]
        proxied = ProxyFix(app.wsgi_app, x_for=n, x_proto=n, x_host=0)
        app.wsgi_app = proxied  # type: ignore[method-assign]
    register_extensions(app)
    register_blueprints(app)
    register_hooks(app)
    register_commands(app)
    return app


def register_extensions(app: Flask) -> None:
    from . import i18n, models  # noqa: F401 - every table in the metadata
    from .extensions import csrf, db, limiter, login_manager, migrate

    db.init_app(app)
    migrate.init_app(
        app, db, directory=os.path.join(PROJECT_ROOT, "migrations"), render_as_batch=True
    )
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)


def register_blueprints(app: Flask) -> None:
    from . import routing
    from .accounts import bp as accounts_bp
    from .admin import bp as admin_bp
    from .alerts import bp as alerts_bp
    from .api import bp as api_bp
    from .conversations import bp as conversations_bp
    from .curation import bp as curation_bp
    from .curation import review_bp
    from .documents import bp as documents_bp
    from .errors import bp as errors_bp
    from .events import bp as events_bp
    from .incubators import bp as incubators_bp
    from .main import bp as main_bp
    from .me import bp as me_bp
    from .needs import bp as needs_bp
    from .offerings import bp as offerings_bp
    from .organizations import bp as organizations_bp
    from .reports import bp as reports_bp
    from .search.views import bp as search_bp

    routing.init_app(app)  # the <id:…> converter, before any rule uses it
    app.register_blueprint(main_bp)
    app.register_blueprint(me_bp)
    app.register_blueprint(errors_bp)
    app.register_blueprint(accounts_bp, url_prefix="/account")
    app.register_blueprint(organizations_bp, url_prefix="/organizations")
    app.register_blueprint(offerings_bp, url_prefix="/offerings")
    app.register_blueprint(needs_bp, url_prefix="/needs")
    app.register_blueprint(search_bp)
    app.register_blueprint(api_bp, url_prefix="/api/v1")
    app.register_blueprint(reports_bp, url_prefix="/officer")
    app.register_blueprint(curation_bp, url_prefix="/officer")
    app.register_blueprint(review_bp, url_prefix="/review")
    app.register_blueprint(incubators_bp, url_prefix="/officer/incubators")
    app.register_blueprint(admin_bp, url_prefix="/admin")
    app.register_blueprint(conversations_bp)
    app.register_blueprint(documents_bp)
    app.register_blueprint(alerts_bp)
    app.register_blueprint(events_bp)


def register_hooks(app: Flask) -> None:
    from . import (
        alerts,
        changes,
        curation,
        documents,
        incubators,
        matching,
        offerings,
        search,
        security,
        templating,
    )

    security.init_app(app)
    templating.init_app(app)
    search.init_app(app)
    offerings.init_app(app)
    curation.init_app(app)
    documents.init_app(app)
    incubators.init_app(app)
    matching.init_app(app)
    alerts.init_app(app)
    changes.init_app(app)


def register_commands(app: Flask) -> None:
    from . import cli

    cli.init_app(app)
