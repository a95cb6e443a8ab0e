"""Logos cost the site an image decode: sizes are capped and each member has a daily quota."""

import io
from datetime import timedelta

import pytest
from flask_babel import refresh
from PIL import Image
from sqlalchemy import select, update

from directory.audit.models import AuditEntry
from directory.extensions import db
from directory.organizations.models import Organization
from directory.timeutil import utcnow

from .test_organizations import image_bytes, org_form, organizations, upload


def register(client, logo):
    data = org_form(logo=logo)
    return client.post("/organizations/new", data=data, content_type="multipart/form-data")


def edit(client, org, logo):
    data = org_form(logo=logo)
    return client.post(
        f"/organizations/{org.id}/edit", data=data, content_type="multipart/form-data"
    )


def heavy_png() -> bytes:
    """A 200×200 picture of noise: far over a few KB even compressed."""
    out = io.BytesIO()
    Image.effect_noise((200, 200), 100).convert("RGB").save(out, "PNG")
    return out.getvalue()


def logo_errors(response) -> str:
    """What the page says under the logo field."""
    html = response.get_data(as_text=True)
    start = html.index('<ul class="errors" id="logo-error">')
    return html[start : html.index("</ul>", start)]


@pytest.mark.app_config(LOGO_MAX_BYTES=2048)
def test_a_refused_logo_is_explained_under_the_field_in_the_members_language(client, auth, make):
    auth.login(make.user())
    too_wide = io.BytesIO()
    Image.new("1", (3000, 10)).save(too_wide, "PNG")

    heavy = register(client, upload(heavy_png(), "big.png"))
    wide = register(client, upload(too_wide.getvalue(), "wide.png"))

    assert heavy.status_code == wide.status_code == 400
    assert "<li>Ảnh logo không được lớn hơn 2 KB.</li>" in logo_errors(heavy)
    assert "<li>Ảnh logo không được lớn hơn 2000×2000 điểm ảnh;" in logo_errors(wide)

    client.post("/language", data={"lang": "en", "next": "/"})
    refresh()  # the builders hold one app context for the test: Flask-Babel keeps its language
    heavy = register(client, upload(heavy_png(), "big.png"))
    wide = register(client, upload(too_wide.getvalue(), "wide.png"))

    assert "<li>The logo image must not be larger than 2 KB.</li>" in logo_errors(heavy)
    assert "<li>A logo may be at most 2000×2000 pixels;" in logo_errors(wide)
    assert organizations() == []


@pytest.mark.parametrize("size", [(2001, 10), (10, 5000), (5000, 5000)])
def test_a_logo_larger_than_2000_pixels_a_side_is_refused_before_decoding(client, auth, make, size):
    auth.login(make.user())
    big = io.BytesIO()
    Image.new("I;16", size).save(big, "PNG")  # 16-bit, a few KB on disk

    response = register(client, upload(big.getvalue(), "logo.png"))

    assert response.status_code == 400
    assert "Ảnh logo không được lớn hơn 2000×2000 điểm ảnh" in response.get_data(as_text=True)
    assert organizations() == []


def test_a_2000_pixel_photo_is_shrunk_and_turned_upright(client, auth, make):
    auth.login(make.user())
    photo = Image.new("RGB", (2000, 1000), (27, 122, 74))
    exif = photo.getexif()
    exif[0x0112] = 6  # the camera was held upright: turn 90° when shown
    out = io.BytesIO()
    photo.save(out, "JPEG", exif=exif)

    assert register(client, upload(out.getvalue(), "anh.jpg")).status_code == 302

    (org,) = organizations()
    with client.get(f"/organizations/logos/{org.logo_filename}") as served:
        stored = Image.open(io.BytesIO(served.data))
    assert stored.size == (256, 512)


@pytest.mark.app_config(LOGO_UPLOADS_PER_DAY=2)
def test_a_member_may_change_the_logo_a_few_times_a_day(client, auth, make):
    auth.login(make.user())
    assert register(client, upload(image_bytes(), "a.png")).status_code == 302
    (org,) = organizations()
    assert edit(client, org, upload(image_bytes("JPEG"), "b.jpg")).status_code == 302
    second = org.logo_filename

    refused = edit(client, org, upload(image_bytes("WEBP"), "c.webp"))

    assert refused.status_code == 400
    assert "Bạn đã tải lên 2 logo trong 24 giờ qua" in refused.get_data(as_text=True)
    db.session.refresh(org)
    assert org.logo_filename == second
    assert edit(client, org, None).status_code == 302  # other edits still go through

    db.session.execute(update(AuditEntry).values(at=utcnow() - timedelta(hours=25)))
    db.session.commit()
    assert edit(client, org, upload(image_bytes("WEBP"), "c.webp")).status_code == 302
    db.session.refresh(org)
    assert org.logo_filename.endswith(".webp")


@pytest.mark.app_config(LOGO_UPLOADS_PER_DAY=1)
def test_the_quota_is_per_member(client, auth, make):
    first, second = make.user(), make.user()
    auth.login(first)
    assert register(client, upload(image_bytes(), "a.png")).status_code == 302
    auth.logout()
    auth.login(second)

    data = org_form(logo=upload(image_bytes(), "b.png"), enterprise_code="", name="Tổ chức khác")
    response = client.post("/organizations/new", data=data, content_type="multipart/form-data")

    assert response.status_code == 302
    names = db.session.scalars(select(Organization.logo_filename)).all()
    assert len(names) == 2 and all(names)
