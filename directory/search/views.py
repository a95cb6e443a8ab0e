from flask import Blueprint, render_template

bp = Blueprint("search", __name__)


@bp.get("/search")
def results():
    return render_template("organizations/index.html")
