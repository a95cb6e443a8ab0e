"""Conversations between a buyer and a supplier: proposals, contact, the deal's stage."""

from flask import Blueprint

bp = Blueprint("conversations", __name__)

from . import views  # noqa: E402, F401
