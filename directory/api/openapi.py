"""API: the OpenAPI description."""

from flask import jsonify

from . import bp


@bp.get("/openapi.json")
def openapi():
    return jsonify({"openapi": "3.1.0"})
