"""A photo straight from a phone: some phones and cameras write multi-picture JPEGs (MPO, a
JPEG with a second picture appended). They are JPEGs to the people who send them: accepted,
and stored as the first picture, re-encoded as a plain JPEG."""

import io

from PIL import Image
from sqlalchemy import select

from directory.documents.models import Document
from directory.extensions import db

from .test_documents import upload as upload_document
from .test_organizations import organizations, upload
from .test_organizations_logos import register


def phone_photo(size=(64, 48)) -> bytes:
    """A two-picture MPO: the photo (green) and the phone's extra picture (red)."""
    out = io.BytesIO()
    photo, extra = Image.new("RGB", size, (27, 122, 74)), Image.new("RGB", size, (200, 0, 0))
    photo.save(out, "MPO", save_all=True, append_images=[extra])
    return out.getvalue()


def plain_jpeg_of_the_photo(data: bytes) -> None:
    stored = Image.open(io.BytesIO(data))
    assert stored.format == "JPEG" and getattr(stored, "n_frames", 1) == 1
    red, green, _blue = stored.convert("RGB").getpixel((10, 10))
    assert green > red  # the photo, not the appended picture


def test_a_phone_photo_uploads_as_a_document(client, make, auth):
    owner = make.user()
    org = make.organization(owner=owner, name="Công ty TNHH Môi trường Tháp Mười")
    auth.login(owner)

    sent = upload_document(client, org, phone_photo(), "IMG_2026.JPG", kind="photo")

    assert sent.status_code == 302
    document = db.session.scalars(select(Document)).one()
    served = client.get(f"/documents/{document.id}/file")
    assert served.headers["Content-Type"] == "image/jpeg"
    plain_jpeg_of_the_photo(served.data)


def test_a_phone_photo_becomes_the_logo(client, make, auth):
    auth.login(make.user())

    assert register(client, upload(phone_photo(), "logo.jpg")).status_code == 302

    (org,) = organizations()
    assert org.logo_filename.endswith(".jpg")
    with client.get(f"/organizations/logos/{org.logo_filename}") as served:
        plain_jpeg_of_the_photo(served.data)
