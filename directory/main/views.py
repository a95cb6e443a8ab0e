"""Home page and language switch."""

from flask import current_app, redirect, render_template, request, session, url_for
from flask_login import current_user

from ..extensions import db
from ..security import safe_next
from . import bp
from .services import home_page_data


@bp.get("/")
def index():
    return render_template("main/index.html", **home_page_data())


@bp.post("/language")
def set_language():
    lang = request.form.get("lang")
    if lang in current_app.config["LANGUAGES"]:
        session["locale"] = lang
        if current_user.is_authenticated:
            current_user.locale = lang
            db.session.commit()
    return redirect(safe_next(url_for("main.index")))
