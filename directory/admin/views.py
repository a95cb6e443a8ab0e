from flask import render_template

from ..permissions import officer_required
from . import bp


@bp.get("/users")
@officer_required
def users():
    return render_template("main/index.html")
