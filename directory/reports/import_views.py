"""The officers' import upload: send a file, read every problem or the counts, then confirm."""

from flask import abort, render_template
from flask_login import current_user

from ..permissions import officer_required
from . import bp, uploads
from .forms import ConfirmForm, UploadForm


@bp.get("/import")
@officer_required
def upload():
    return render_template("reports/import.html", form=UploadForm())


@bp.post("/import")
@officer_required
def check():
    """Store the file and check it without writing: the officer sees what would happen."""
    form = UploadForm()
    if not form.validate_on_submit():
        return render_template("reports/import.html", form=form), 400
    try:
        stored = uploads.save_upload(current_user, form.file.data)
    except uploads.UploadError as error:
        form.file.errors.append(str(error))
        return render_template("reports/import.html", form=form), 400
    result = uploads.check_upload(stored)
    empty = result.ok and uploads.record_count(result) == 0
    if not result.ok or empty:
        uploads.discard(stored)
    return render_template(
        "reports/import_check.html",
        form=UploadForm(formdata=None),
        confirm_form=None if empty else ConfirmForm(),
        empty=empty,
        stored=stored,
        result=result,
        problems=stored.problems_shown(result),
    )


@bp.post("/import/<token>/confirm")
@officer_required
def confirm(token: str):
    stored = uploads.find_upload(current_user, token)
    if stored is None:
        abort(404)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    result = uploads.import_upload(current_user, stored)
    if not result.ok:
        return render_template(
            "reports/import_check.html",
            form=UploadForm(formdata=None),
            confirm_form=None,
            empty=False,
            stored=stored,
            result=result,
            problems=stored.problems_shown(result),
        ), 409
    return render_template("reports/import_done.html", stored=stored, result=result)
