from flask import render_template

from . import bp


@bp.get("/")
def index():
    return render_template("organizations/index.html")


@bp.get("/new")
def new():
    return render_template("organizations/index.html")


@bp.get("/<int:org_id>")
def detail(org_id):
    return render_template("organizations/index.html")
