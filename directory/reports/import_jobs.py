"""An officer's confirmed import runs in the worker, not in the request: 7,700 records and
the index update take longer than a web worker may. The officer watches a progress page."""

from flask_babel import gettext as _

from .. import search
from ..accounts.models import User
from ..extensions import db
from ..imports.fields import KINDS
from ..jobs import JobFailed, enqueue, register
from ..matching.services import refresh_all
from . import uploads

KIND = "officer-import"


def queue_import(user, stored: uploads.StoredUpload):
    """Queue the import of ``stored``; a second confirmation of the same upload (a double
    click) gets the job already queued."""
    from ..jobs.models import Job

    pending = db.session.scalars(
        db.select(Job).where(
            Job.kind == KIND,
            Job.created_by_id == user.id,
            Job.status.in_(("queued", "running")),
        )
    )
    for job in pending:
        if job.payload.get("token") == stored.token:
            return job
    payload = {"token": stored.token, "user_id": user.id, "name": stored.original_name}
    return enqueue(KIND, payload, user)


def run_import(job, progress) -> dict:
    """The worker's side: import the stored upload; what the progress page shows at the end."""
    user = db.session.get(User, job.payload["user_id"])
    stored = uploads.find_upload(user, job.payload["token"]) if user else None
    if stored is None:
        raise JobFailed(_("Tệp tải lên không còn (đã nhập hoặc đã quá một ngày). Hãy gửi lại."))
    result = uploads.import_upload(user, stored, progress=progress)
    if result.ok:
        # Bulk work belongs here, not in a request: the index takes the new records, then
        # every open need's stored matches are computed again (new needs, new offerings).
        search.drain_outbox()
        refresh_all()
    return {
        "ok": result.ok,
        "summary": result.summary(),
        "counts": {kind: vars(result.counts[kind]) for kind in KINDS},
        "problems": stored.problems_shown(result),
        "warnings": result.warnings,
    }


register(KIND, run_import)
