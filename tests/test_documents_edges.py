"""Documents, labels and installations off the happy path: papers that cannot be checked, a
record the database refuses, files gone from the disk, labels an officer cannot verify."""

import io
import os
from datetime import timedelta

import pytest
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject
from sqlalchemy import select
from sqlalchemy.exc import OperationalError

from directory.documents import checks, services
from directory.documents.models import Document, EcoLabel, Installation
from directory.extensions import db
from directory.timeutil import today_in_vietnam

from .documents_files import image, pdf
from .test_documents import count, stored, upload


@pytest.fixture
def supplier(make, auth):
    owner = make.user(email="chu@mangloc.vn")
    org = make.organization(owner=owner, name="Công ty TNHH Màng Lọc Sa Đéc")
    auth.login(owner)
    return org


def _pdf_with(key: str, value) -> bytes:
    """A one-page PDF whose catalog carries ``key``: ``value``."""
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.root_object[NameObject(key)] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.encrypt("mat-khau", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _png(size) -> bytes:
    out = io.BytesIO()
    Image.new("1", size).save(out, "PNG")
    return out.getvalue()


LAUNCH = DictionaryObject(
    {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
)


@pytest.mark.parametrize(
    "data, message",
    [
        (_encrypted_pdf(), "Tệp PDF có mật khẩu"),
        (_pdf_with("/OpenAction", LAUNCH), "Tệp PDF có mã JavaScript"),
        (
            _pdf_with("/Extras", ArrayObject([NameObject("/JavaScript")])),
            "Tệp PDF có mã JavaScript",
        ),
        (_png((9000, 10)), "Ảnh không được lớn hơn 8000 điểm ảnh mỗi chiều"),
        (image("PNG")[:60] + b"\x00" * 40, "Tệp ảnh bị hỏng hoặc không đọc được."),
    ],
    ids=["encrypted", "launch-action", "name-in-array", "too-wide", "truncated-png"],
)
def test_papers_that_cannot_be_checked_are_refused_and_not_stored(
    app, client, supplier, data, message
):
    response = upload(client, supplier, data)
    assert response.status_code == 400 and message in response.text
    assert count() == 0 and stored(app) == []


def test_a_pdf_with_more_objects_than_a_certificate_has_is_refused(
    app, client, supplier, monkeypatch
):
    monkeypatch.setattr(checks, "MAX_OBJECTS", 3)
    response = upload(client, supplier, pdf(pages=3))
    assert "Tệp PDF bị hỏng hoặc không đọc được." in response.text
    assert count() == 0


def test_an_expiry_before_the_issue_date_is_refused_next_to_the_field(app, client, supplier):
    response = upload(client, supplier, pdf(), issued_on="2026-05-01", expires_on="2026-04-30")
    assert "Ngày hết hạn phải sau ngày cấp." in response.text
    assert 'value="2026-04-30"' in response.text  # what was typed is kept
    assert count() == 0 and stored(app) == []


def test_a_record_the_database_refuses_leaves_no_file_behind(app, make, monkeypatch):
    owner = make.user()
    org = make.organization(owner=owner)

    def refuse():
        raise OperationalError("INSERT INTO documents", {}, Exception("database is locked"))

    monkeypatch.setattr(db.session, "commit", refuse)
    values = {"kind": "eco_label", "title": "Giấy chứng nhận", "officers_only": False}
    with pytest.raises(OperationalError):
        services.upload_document(owner, org, values, io.BytesIO(pdf()))
    monkeypatch.undo()
    assert stored(app) == []
    assert count() == 0


def test_a_document_for_an_offering_of_another_organization_is_404(client, make, supplier):
    """Even when the same person manages both organizations."""
    elsewhere = make.offering(make.organization(owner=supplier.memberships[0].user))
    response = upload(client, supplier, pdf(), offering=elsewhere)
    assert response.status_code == 404
    assert count() == 0


def test_a_file_gone_from_the_disk_is_404_and_its_record_can_still_be_deleted(
    app, client, supplier
):
    upload(client, supplier, pdf())
    document = db.session.scalar(select(Document))
    os.remove(os.path.join(app.config["UPLOAD_DIR"], "documents", document.stored_name))
    assert client.get(f"/documents/{document.id}/file").status_code == 404
    response = client.post(f"/documents/{document.id}/delete", follow_redirects=True)
    assert "Đã xóa tài liệu." in response.text
    assert count() == 0


def _label(offering, document, days=400, status="pending") -> EcoLabel:
    label = EcoLabel(
        offering=offering,
        document=document,
        scheme="green_label",
        number="NX-2026-015",
        valid_until=today_in_vietnam() + timedelta(days=days),
        status=status,
    )
    db.session.add(label)
    db.session.commit()
    return label


def test_a_label_needs_a_certificate_of_its_own_organization(app, client, make, supplier):
    offering = make.offering(supplier)
    other_owner = make.user()
    other = make.organization(owner=other_owner)
    theirs = services.upload_document(
        other_owner, other, {"kind": "eco_label", "title": "Của người khác"}, io.BytesIO(pdf())
    )
    values = {
        "scheme": "green_label",
        "number": "NX-1",
        "valid_until": today_in_vietnam() + timedelta(days=30),
    }
    owner = supplier.memberships[0].user
    for document, code in ((None, "no-document"), (theirs, "not-this-offering")):
        with pytest.raises(services.DocumentError) as refused:
            services.add_label(owner, offering, {**values, "document": document})
        assert refused.value.code == code
    mine = services.upload_document(
        owner, supplier, {"kind": "eco_label", "title": "Của mình"}, io.BytesIO(pdf())
    )
    past = {**values, "valid_until": today_in_vietnam() - timedelta(days=1), "document": mine}
    with pytest.raises(services.DocumentError) as refused:
        services.add_label(owner, offering, past)
    assert refused.value.code == "label-expired"
    assert db.session.scalar(select(EcoLabel)) is None


def test_an_officer_cannot_verify_a_label_without_its_paper_or_past_its_date(
    client, auth, make, supplier
):
    offering = make.offering(supplier)
    upload(client, supplier, pdf())
    document = db.session.scalar(select(Document))
    lapsed = _label(offering, document, days=-1)  # waited in the queue past its date
    bare = _label(offering, None)
    auth.logout()
    auth.login(make.user(role="officer"))
    for label, message in (
        (lapsed, "Ngày hiệu lực đã qua; nhãn đã hết hạn không thể xác minh."),
        (bare, "Hãy đính kèm giấy chứng nhận để cán bộ Sở đối chiếu."),
    ):
        response = client.post(f"/officer/labels/{label.id}/verify", data={"note": "Đã đối chiếu"})
        assert response.status_code == 400 and message in response.text
        db.session.refresh(label)
        assert label.status == "pending" and label.decided_at is None


def _label_and_installation(client, make, supplier):
    """An offering of the supplier's with an uploaded eco-label and a reference installation."""
    offering = make.offering(supplier)
    upload(client, supplier, pdf())
    label = _label(offering, db.session.scalar(select(Document)))
    installation = Installation(offering_id=offering.id, place="KCN Sa Đéc", year=2025)
    db.session.add(installation)
    db.session.commit()
    return label, installation


def test_the_supplier_deletes_a_label_and_an_installation_from_the_offering_page(
    client, make, supplier
):
    label, installation = _label_and_installation(client, make, supplier)
    page = client.post(f"/labels/{label.id}/delete", follow_redirects=True).text
    assert "Đã xóa nhãn." in page
    page = client.post(f"/installations/{installation.id}/delete", follow_redirects=True).text
    assert "Đã xóa công trình tham chiếu." in page
    assert db.session.scalar(select(EcoLabel)) is None
    assert db.session.scalar(select(Installation)) is None


def test_strangers_delete_neither_labels_nor_installations(client, auth, make, supplier):
    label, installation = _label_and_installation(client, make, supplier)
    auth.logout()
    auth.login(make.user())
    assert client.post(f"/labels/{label.id}/delete").status_code == 403
    assert client.post(f"/installations/{installation.id}/delete").status_code == 403
    assert db.session.get(EcoLabel, label.id) is not None
    assert db.session.get(Installation, installation.id) is not None
