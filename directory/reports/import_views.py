"""The officers' import upload: send a file, read every problem or the counts, then confirm."""

from flask import abort, redirect, render_template, url_for
from flask_login import current_user

from ..errors import form_page, submitted_result
from ..jobs import find
from ..permissions import officer_required
from ..routing import or_404
from . import bp, import_jobs, uploads
from .forms import ConfirmForm, UploadForm

REFRESH_SECONDS = 2  # the progress page reloads itself (a meta refresh: CSP allows no script)


@bp.get("/import")
@officer_required
def upload():
    return render_template("reports/import.html", form=UploadForm())


@bp.post("/import")
@officer_required
def check():
    """Store the file and check it without writing: the officer sees what would happen."""
    form = UploadForm()
    stored = submitted_result(
        form, lambda: uploads.save_upload(current_user, form.file.data), None, uploads.UploadError
    )
    if stored is None:
        return form_page("reports/import.html", form)
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
    stored = or_404(uploads.find_upload(current_user, token))
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    job = import_jobs.queue_import(current_user, stored)
    return redirect(url_for("reports.import_job", job_id=job.id))


@bp.get("/import/jobs/<id:job_id>")
@officer_required
def import_job(job_id: int):
    """The progress of a confirmed import, then its counts or its problems."""
    job = find(job_id, current_user)
    if job is None or job.kind != import_jobs.KIND:
        abort(404)
    return render_template(
        "reports/import_job.html",
        job=job,
        result=job.result or {},
        refresh=None if job.finished else REFRESH_SECONDS,
    )
