from flask import render_template

from ..permissions import officer_required
from . import bp


@bp.get("/")
@officer_required
def dashboard():
    return render_template("main/index.html")
