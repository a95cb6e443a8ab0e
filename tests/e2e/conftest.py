"""Browser tests: the real pages served on localhost, driven by Debian's chromium via Playwright.

The browser is CHROMIUM_PATH or the first chromium on PATH; `make test` installs Debian's
package when it is missing. Forms keep CSRF protection on here, as in production.
"""

import os
import shutil
import threading

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

from ..conftest import app_on, make_app

CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def chromium_path() -> str:
    path = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium")
    if not path:
        pytest.fail(
            "Browser tests need Debian's chromium: apt-get install chromium (or set CHROMIUM_PATH)"
        )
    return path


@pytest.fixture(params=["sqlite"])
def app(request, tmp_path):
    """Browser stories run on SQLite only: they check what the pages show and do; the services
    behind them run on PostgreSQL in the non-browser tests, and a story costs as much as thirty
    of those."""
    yield from app_on(request.param, request, tmp_path)


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@pytest.fixture
def live_app(app):
    """The test's app with CSRF on, served on a free localhost port in a thread."""
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["SERVER_NAME"] = None
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    app.config["SITE_URL"] = app.config["LIVE_URL"]  # mailed links point at this server
    app.config["TRUSTED_HOSTS"] = ["127.0.0.1"]
    yield app
    server.shutdown()
    thread.join()


@pytest.fixture
def page(browser, live_app):
    context = browser.new_context(base_url=live_app.config["LIVE_URL"], locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    # A rejected form answers 400/422 on purpose; a broken stylesheet, script or image does not.
    page.on(
        "console",
        lambda msg: (
            errors.append(msg.text)
            if msg.type == "error" and not msg.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            errors.append(f"{r.status} {r.url}")
            if r.status >= 400 and r.request.resource_type != "document"
            else None
        ),
    )
    yield page
    context.close()
    assert errors == [], f"the browser reported errors: {errors}"


__all__ = ["make_app"]
