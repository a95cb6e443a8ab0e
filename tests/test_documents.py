"""Suppliers upload certificates and photos; only checked files are stored, and nothing served
from an upload can run script in the site's origin."""

import io

import pytest
from sqlalchemy import func, select

from directory.documents.models import Document
from directory.extensions import db

from .documents_files import bomb, image, pdf


def upload(client, org, data: bytes, filename="giay-chung-nhan.pdf", offering=None, **fields):
    form = {
        "kind": "eco_label",
        "title": "Giấy chứng nhận Nhãn xanh Việt Nam",
        "issuer": "Bộ Nông nghiệp và Môi trường",
        "number": "NX-2026-015",
        "issued_on": "2026-01-15",
        "expires_on": "2029-01-14",
        **fields,
        "file": (io.BytesIO(data), filename),
    }
    url = f"/organizations/{org.id}/documents/new"
    if offering is not None:
        url += f"?offering={offering.id}"
    return client.post(url, data=form, content_type="multipart/form-data")


def stored(app) -> list[str]:
    import os

    folder = os.path.join(app.config["UPLOAD_DIR"], "documents")
    return sorted(os.listdir(folder)) if os.path.isdir(folder) else []


def count() -> int:
    return db.session.scalar(select(func.count(Document.id)))


@pytest.fixture
def supplier(make, auth):
    owner = make.user()
    org = make.organization(owner=owner, name="Công ty TNHH Màng Lọc Sa Đéc")
    auth.login(owner)
    return org


@pytest.mark.parametrize(
    "data, filename, content_type",
    [
        (pdf(), "chung-nhan.pdf", "application/pdf"),
        (image("JPEG"), "anh.jpg", "image/jpeg"),
        (image("PNG"), "anh.png", "image/png"),
        (image("WEBP"), "anh.webp", "image/webp"),
    ],
)
def test_each_accepted_type_is_stored_and_served_safely(
    app, client, supplier, data, filename, content_type
):
    response = upload(client, supplier, data, filename)
    assert response.status_code == 302
    document = db.session.scalars(select(Document)).one()
    assert document.content_type == content_type
    assert stored(app) == [document.stored_name]
    assert filename not in document.stored_name  # a generated name, never the user's

    served = client.get(f"/documents/{document.id}/file")
    assert served.status_code == 200
    assert served.mimetype == content_type
    assert served.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    disposition = served.headers["Content-Disposition"]
    assert disposition.startswith("attachment" if content_type == "application/pdf" else "inline")
    assert "Giấy chứng nhận Nhãn xanh" in client.get(f"/organizations/{supplier.id}").get_data(
        as_text=True
    )


def test_a_photo_is_re_encoded_not_stored_as_sent(app, client, supplier):
    sent = image("JPEG", size=(3000, 1500)) + b"<script>alert(1)</script>"
    assert upload(client, supplier, sent, "anh.jpg", kind="photo").status_code == 302
    document = db.session.scalars(select(Document)).one()
    served = client.get(f"/documents/{document.id}/file").data
    assert b"<script>" not in served and len(served) < len(sent) + 1
    from PIL import Image

    assert max(Image.open(io.BytesIO(served)).size) == 2400


@pytest.mark.parametrize(
    "data, filename, message",
    [
        (pdf(javascript="app.alert('x')"), "a.pdf", "JavaScript, tệp đính kèm hoặc lệnh tự chạy"),
        (pdf(attachment=b"MZ\x90\x00"), "a.pdf", "JavaScript, tệp đính kèm hoặc lệnh tự chạy"),
        (b"<html><script>alert(1)</script></html>", "chung-nhan.pdf", "Chỉ nhận tệp PDF, JPEG"),
        (b"%PDF-1.7\n garbage", "hong.pdf", "Tệp PDF bị hỏng"),
        (bomb(), "bom.png", "Ảnh không được lớn hơn 8000 điểm ảnh"),
        (b"", "trong.pdf", "Tệp trống"),
    ],
)
def test_hostile_or_broken_files_are_refused_with_a_clear_message(
    app, client, supplier, data, filename, message
):
    response = upload(client, supplier, data, filename)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert message in page
    assert "Giấy chứng nhận Nhãn xanh Việt Nam" in page  # the form keeps what was typed
    assert count() == 0 and stored(app) == []


@pytest.mark.app_config(DOCUMENT_MAX_BYTES=4096)
def test_an_over_size_file_is_refused(app, client, supplier):
    response = upload(client, supplier, pdf() + b"%" * 5000)
    assert response.status_code == 400
    assert "Tệp không được lớn hơn 4 KB" in response.get_data(as_text=True)
    assert count() == 0


@pytest.mark.app_config(DOCUMENT_MAX_PAGES=2)
def test_a_pdf_with_too_many_pages_is_refused(client, supplier):
    response = upload(client, supplier, pdf(pages=3))
    assert "Tệp PDF dài tối đa 2 trang" in response.get_data(as_text=True)


def test_the_101st_document_is_refused(app, client, supplier):
    db.session.add_all(
        Document(
            organization_id=supplier.id,
            kind="photo",
            title=f"Ảnh {i}",
            stored_name=f"{i:032x}.png",
            content_type="image/png",
        )
        for i in range(100)
    )
    db.session.commit()
    response = upload(client, supplier, pdf())
    assert response.status_code == 400
    assert "tối đa 100 tài liệu" in response.get_data(as_text=True)
    assert count() == 100 and stored(app) == []


def test_an_officer_only_document_is_404_to_everyone_else(app, client, auth, make, supplier):
    upload(client, supplier, pdf(), title="Giấy phép môi trường", officers_only="y")
    document = db.session.scalars(select(Document)).one()
    url = f"/documents/{document.id}/file"
    assert client.get(url).status_code == 200  # its own members
    auth.logout()
    assert client.get(url).status_code == 404
    assert "Giấy phép môi trường" not in client.get(f"/organizations/{supplier.id}").get_data(
        as_text=True
    )
    auth.login(make.user())  # a member of another organization
    assert client.get(url).status_code == 404
    auth.logout()
    auth.login(make.user(role="officer"))
    assert client.get(url).status_code == 200


def test_only_members_upload_or_delete(app, client, auth, make, supplier):
    upload(client, supplier, pdf())
    document = db.session.scalars(select(Document)).one()
    auth.logout()
    assert upload(client, supplier, pdf()).status_code == 302  # to the login page
    assert client.post(f"/documents/{document.id}/delete").status_code == 302
    auth.login(make.user())
    assert upload(client, supplier, pdf()).status_code == 403
    assert client.post(f"/documents/{document.id}/delete").status_code == 403
    assert count() == 1


def test_members_delete_a_document_and_its_file(app, client, supplier):
    upload(client, supplier, pdf())
    document = db.session.scalars(select(Document)).one()
    assert client.post(f"/documents/{document.id}/delete").status_code == 302
    assert count() == 0 and stored(app) == []


@pytest.mark.parametrize("path", ["/documents/99999999999999/file", "/documents/abc/file"])
def test_odd_ids_are_404(client, path):
    assert client.get(path).status_code == 404


def test_a_verification_request_carries_papers_only_officers_see(client, auth, make, supplier):
    page = client.get(f"/organizations/{supplier.id}").get_data(as_text=True)
    assert "purpose=verification" in page
    form = client.get(f"/organizations/{supplier.id}/documents/new?purpose=verification")
    assert 'selected value="registration"' in form.get_data(as_text=True)
    upload(
        client, supplier, pdf(), kind="registration", title="Đăng ký kinh doanh", officers_only="y"
    )
    auth.logout()
    auth.login(make.user(role="officer"))
    desk = client.get(f"/officer/verification/{supplier.id}").get_data(as_text=True)
    assert "Đăng ký kinh doanh" in desk and "/documents/1/file" in desk
