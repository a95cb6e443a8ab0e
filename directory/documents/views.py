"""Supplier pages: upload, serve and delete documents; declare labels and installations."""

from flask import Response, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..domain import DomainError
from ..errors import attempted, form_page, submitted
from ..extensions import db
from ..offerings.queries import visible_offering
from ..organizations.queries import visible_organization
from ..permissions import can_manage, require
from ..routing import id_from_text, or_404
from ..templating import template_globals
from . import bp, queries, services
from .forms import DocumentForm, InstallationForm, LabelForm
from .models import EcoLabel, Installation, LabelStatus
from .storage import storage

template_globals(bp, label_status_label=LabelStatus.label_of)

# Nothing served from an upload may run in the site's origin (see docs/documents.md).
FILE_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; sandbox",
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "private, no-store",
    "Cross-Origin-Resource-Policy": "same-origin",
}


def _managed_offering(offering_id: int):
    offering = or_404(visible_offering(offering_id, current_user))
    require(can_manage(current_user, offering.organization))
    return offering


def _back(org, offering):
    if offering is not None:
        return redirect(url_for("offerings.detail", offering_id=offering.id))
    return redirect(url_for("organizations.detail", org_id=org.id))


@bp.route("/organizations/<id:org_id>/documents/new", methods=["GET", "POST"])
@login_required
def upload(org_id: int):
    org = or_404(visible_organization(org_id, current_user))
    require(can_manage(current_user, org))
    offering_id = id_from_text(request.args.get("offering"))
    offering = _managed_offering(offering_id) if offering_id else None
    if offering is not None and offering.organization_id != org.id:
        abort(404)
    # The site's 4 MB request limit, raised for this form to the document limit (+ the fields).
    request.max_content_length = current_app.config["DOCUMENT_MAX_BYTES"] + 64 * 1024
    form = DocumentForm()
    if not form.is_submitted() and request.args.get("purpose") == "verification":
        form.kind.data, form.officers_only.data = "registration", True
    if submitted(
        form,
        lambda: services.upload_document(
            current_user, org, form.values(), form.file.data.stream, offering=offering
        ),
        lambda document: _("Đã tải lên “%(title)s”.", title=document.title),
        DomainError,
    ):
        return _back(org, offering)
    return form_page("documents/upload.html", form, organization=org, offering=offering)


@bp.get("/documents/<id:document_id>/file")
def file(document_id: int):
    document = queries.visible_document(document_id, current_user)
    data = storage().read(document.stored_name) if document is not None else None
    if document is None or data is None:
        abort(404)
    response = Response(data, mimetype=document.content_type, headers=FILE_HEADERS)
    disposition = "attachment" if document.is_pdf else "inline"
    name = f"document-{document.id}.{document.stored_name.rsplit('.', 1)[1]}"
    response.headers["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return response


@bp.post("/documents/<id:document_id>/delete")
@login_required
def delete(document_id: int):
    document = or_404(queries.visible_document(document_id, current_user))
    org, offering = document.organization, document.offering
    attempted(
        lambda: services.delete_document(current_user, document),
        _("Đã xóa tài liệu."),
        services.DocumentError,
    )
    return _back(org, offering)


@bp.route("/offerings/<id:offering_id>/labels/new", methods=["GET", "POST"])
@login_required
def new_label(offering_id: int):
    offering = _managed_offering(offering_id)
    form = LabelForm()
    documents = queries.documents_of(offering.organization, current_user)
    form.document.choices = [(str(d.id), f"{d.title} ({d.kind_label})") for d in documents]
    if submitted(
        form,
        lambda: services.add_label(current_user, offering, label_values(form, documents)),
        _("Đã gửi nhãn để cán bộ Sở xác minh."),
        DomainError,
    ):
        return redirect(url_for("offerings.detail", offering_id=offering.id))
    return form_page("documents/label_form.html", form, offering=offering, documents=documents)


def label_values(form: LabelForm, documents) -> dict:
    return {
        "scheme": form.scheme.data,
        "scheme_name": form.scheme_name.data or None,
        "number": form.number.data,
        "scope": form.scope.data or None,
        "valid_until": form.valid_until.data,
        "document": {str(d.id): d for d in documents}[form.document.data],
    }


@bp.post("/labels/<id:label_id>/delete")
@login_required
def delete_label(label_id: int):
    label = db.get_or_404(EcoLabel, label_id)
    offering = _managed_offering(label.offering_id)
    services.delete_label(current_user, label)
    flash(_("Đã xóa nhãn."), "success")
    return redirect(url_for("offerings.detail", offering_id=offering.id))


@bp.route("/offerings/<id:offering_id>/installations/new", methods=["GET", "POST"])
@login_required
def new_installation(offering_id: int):
    offering = _managed_offering(offering_id)
    form = InstallationForm()
    if form.validate_on_submit():
        services.add_installation(current_user, offering, form.values())
        flash(_("Đã thêm công trình tham chiếu."), "success")
        return redirect(url_for("offerings.detail", offering_id=offering.id))
    return form_page("documents/installation_form.html", form, offering=offering)


@bp.post("/installations/<id:installation_id>/delete")
@login_required
def delete_installation(installation_id: int):
    installation = db.get_or_404(Installation, installation_id)
    offering = _managed_offering(installation.offering_id)
    services.delete_installation(current_user, installation, offering)
    flash(_("Đã xóa công trình tham chiếu."), "success")
    return redirect(url_for("offerings.detail", offering_id=offering.id))
