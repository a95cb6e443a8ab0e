"""API: the root, ``GET /api/v1/`` — what is here, whose data it is and under which licence."""

from flask import current_app, jsonify, url_for

from . import bp

EXPORT_KINDS = ("organizations", "offerings", "needs")


def publication() -> dict:
    """Licence, publisher and contact (configurable; docs/api.md), shared with openapi.json."""
    config = current_app.config
    contact = {
        "name": config["OPEN_DATA_CONTACT_NAME"],
        "url": config.get("OPEN_DATA_CONTACT_URL") or config["SITE_URL"] + "/",
    }
    if config.get("OPEN_DATA_CONTACT_EMAIL"):
        contact["email"] = config["OPEN_DATA_CONTACT_EMAIL"]
    return {
        "license": {
            "name": config["OPEN_DATA_LICENSE_NAME"],
            "url": config["OPEN_DATA_LICENSE_URL"],
        },
        "publisher": config["OPEN_DATA_PUBLISHER"],
        "contact": contact,
    }


def license_link() -> str:
    return f'<{current_app.config["OPEN_DATA_LICENSE_URL"]}>; rel="license"'


def _url(endpoint: str, **values) -> str:
    return url_for(f"api.{endpoint}", _external=True, **values)


@bp.get("/")
def root():
    links = {
        "organizations": _url("organizations"),
        "offerings": _url("list_offerings"),
        "needs": _url("list_needs"),
        "search": _url("search"),
        "changes": _url("changes"),
        "stats": _url("stats"),
        "sectors": _url("sectors"),
        "communes": _url("communes"),
        "industrial_zones": _url("industrial_zones"),
        "openapi": _url("openapi"),
        "export": {
            kind: {fmt: _url("export", kind=kind, fmt=fmt) for fmt in ("ndjson", "csv")}
            for kind in EXPORT_KINDS
        },
    }
    response = jsonify(
        name="Danh bạ Công nghiệp Môi trường Đồng Tháp — API dữ liệu mở",
        version="v1",
        **publication(),
        documentation=url_for("api.openapi", _external=True),
        links=links,
    )
    response.headers["Link"] = license_link()
    return response
