"""A supplier registers its organization, edits it, and gives it a logo."""

import io

import pytest
from PIL import Image

from directory.extensions import db
from directory.organizations.models import Membership, Organization

MY_THO = "28261"  # Phường Mỹ Tho
SA_DEC = "29905"  # Phường Sa Đéc
VALID_CODE = "1201234560"
OTHER_VALID_CODE = "1201234578"


def org_form(**changes):
    """What the director of a small environmental company types into the registration form."""
    data = {
        "kind": "company",
        "name": "Công ty TNHH Môi trường Xanh Mỹ Tho",
        "enterprise_code": VALID_CODE,
        "size": "small",
        "commune": MY_THO,
        "industrial_zone": "",
        "address": "12 Lê Lợi, Khu phố 3, Phường Mỹ Tho, Tỉnh Đồng Tháp",
        "phone": "0273 3871 234",
        "email": "LienHe@xanhmytho.vn",
        "website": "https://xanhmytho.vn",
        "description": "Thiết kế, thi công hệ thống xử lý nước thải.\nVận hành trạm cho KCN.",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def image_bytes(fmt="PNG", size=(64, 40), color=(27, 122, 74)):
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, fmt)
    return out.getvalue()


def organizations():
    return list(db.session.scalars(db.select(Organization)))


def test_a_signed_in_user_registers_an_organization_and_becomes_its_owner(client, auth, make):
    director = make.user(email="giamdoc@xanhmytho.vn")
    auth.login(director)
    page = client.get("/organizations/new")
    assert page.status_code == 200
    assert "<title>Đăng ký tổ chức" in page.get_data(as_text=True)

    response = client.post("/organizations/new", data=org_form())
    assert response.status_code == 302

    (org,) = organizations()
    assert org.name == "Công ty TNHH Môi trường Xanh Mỹ Tho"
    assert org.enterprise_code == VALID_CODE and org.commune_code == MY_THO
    assert org.email == "lienhe@xanhmytho.vn"
    assert org.verification == "unverified" and not org.hidden
    membership = db.session.scalars(db.select(Membership)).one()
    assert (membership.user_id, membership.role) == (director.id, "owner")

    profile = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Chưa xác minh" in profile and "Phường Mỹ Tho" in profile
    assert "Vận hành trạm cho KCN." in profile and "Sửa thông tin" in profile
    # Anyone can read it straight away.
    auth.logout()
    public = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Công ty TNHH Môi trường Xanh Mỹ Tho" in public and "Sửa thông tin" not in public


def test_a_verified_organization_shows_its_badge(client, make):
    org = make.organization(name="Công ty CP Cấp nước Sa Đéc", verification="verified")
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Đã xác minh" in page and "Chưa xác minh" not in page


def test_anonymous_visitors_are_sent_to_sign_in_first(client, make):
    response = client.get("/organizations/new")
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    response = client.post("/organizations/new", data=org_form())
    assert response.status_code == 302 and "/account/login" in response.headers["Location"]
    assert organizations() == []


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("enterprise_code", "12345", "Mã số doanh nghiệp gồm 10 chữ số"),
        ("enterprise_code", "1201234567", "chữ số kiểm tra không khớp"),
        ("website", "javascript:alert(1)", "phải bắt đầu bằng http:// hoặc https://"),
        ("website", "ftp://xanhmytho.vn", "phải bắt đầu bằng http:// hoặc https://"),
        ("website", "http://[::1", "phải bắt đầu bằng http:// hoặc https://"),
        ("commune", "99999", "Xã, phường không có trong danh sách"),
        ("commune", "", "Vui lòng chọn xã, phường."),
        ("industrial_zone", "123456789", "Khu, cụm công nghiệp không có trong danh sách."),
        ("kind", "spaceship", "Lựa chọn không hợp lệ."),
        ("name", "", "Vui lòng nhập tên tổ chức."),
        ("name", "Công ty " + "x" * 300, "Tối đa 300 ký tự."),
        ("address", "ấp " * 200, "Tối đa 500 ký tự."),
        ("email", "khong-phai-email", "Email không hợp lệ."),
        ("phone", "gọi tôi nhé", "Số điện thoại chỉ gồm chữ số"),
    ],
)
def test_bad_input_is_explained_next_to_the_field_and_nothing_is_saved(
    client, auth, make, field, value, message
):
    auth.login(make.user())
    response = client.post("/organizations/new", data=org_form(**{field: value}))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in page
    assert "Vui lòng sửa các lỗi được đánh dấu bên dưới." in page
    # What the user typed is still there.
    assert "12 Lê Lợi, Khu phố 3" in page or field == "address"
    assert organizations() == []


def test_a_bare_domain_is_accepted_as_an_https_website(client, auth, make):
    auth.login(make.user())
    client.post("/organizations/new", data=org_form(website="xanhmytho.vn"))
    assert organizations()[0].website == "https://xanhmytho.vn"


def test_households_and_agencies_may_leave_the_enterprise_code_empty(client, auth, make):
    auth.login(make.user())
    response = client.post(
        "/organizations/new",
        data=org_form(kind="household", enterprise_code="", size="", email="", website=""),
    )
    assert response.status_code == 302
    (org,) = organizations()
    assert org.enterprise_code is None and org.size is None and org.website is None


def test_a_code_typed_with_spaces_is_read_as_digits(client, auth, make):
    auth.login(make.user())
    client.post("/organizations/new", data=org_form(enterprise_code=" 120 123 4560 "))
    assert organizations()[0].enterprise_code == VALID_CODE


def test_a_duplicate_enterprise_code_is_refused_with_a_clear_message(client, auth, make):
    make.organization(name="Công ty đã đăng ký", enterprise_code=VALID_CODE)
    auth.login(make.user())
    response = client.post("/organizations/new", data=org_form())
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Mã số doanh nghiệp này đã được một tổ chức khác đăng ký" in page
    assert "Công ty TNHH Môi trường Xanh Mỹ Tho" in page
    assert len(organizations()) == 1


def test_members_edit_their_organization(client, auth, make):
    owner, colleague = make.user(), make.user()
    org = make.organization(owner=owner, members=[colleague], enterprise_code=VALID_CODE)
    auth.login(colleague)
    form = client.get(f"/organizations/{org.id}/edit").get_data(as_text=True)
    assert "<title>Sửa thông tin" in form and org.name in form

    response = client.post(
        f"/organizations/{org.id}/edit",
        data=org_form(name="Công ty TNHH Môi trường Xanh Sa Đéc", commune=SA_DEC),
    )
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.name == "Công ty TNHH Môi trường Xanh Sa Đéc" and org.commune_code == SA_DEC


def test_keeping_its_own_code_on_edit_is_not_a_duplicate(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner, enterprise_code=VALID_CODE)
    make.organization(name="Người khác", enterprise_code=OTHER_VALID_CODE)
    auth.login(owner)
    assert client.post(f"/organizations/{org.id}/edit", data=org_form()).status_code == 302
    response = client.post(
        f"/organizations/{org.id}/edit", data=org_form(enterprise_code=OTHER_VALID_CODE)
    )
    assert response.status_code == 400
    assert "đã được một tổ chức khác đăng ký" in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.enterprise_code == VALID_CODE


def test_renaming_a_verified_organization_asks_for_verification_again(client, auth, make):
    owner = make.user()
    org = make.organization(owner=owner, enterprise_code=VALID_CODE, verification="verified")
    auth.login(owner)
    response = client.post(
        f"/organizations/{org.id}/edit", data=org_form(name="Tên mới"), follow_redirects=True
    )
    assert "cần được xác minh lại" in response.get_data(as_text=True)
    db.session.refresh(org)
    assert org.verification == "pending"  # first in the officers' queue
    # Editing other details does not.
    org.verification = "verified"
    db.session.commit()
    client.post(
        f"/organizations/{org.id}/edit", data=org_form(name="Tên mới", phone="0909 000 111")
    )
    db.session.refresh(org)
    assert org.verification == "verified"


def test_officers_may_edit_any_organization_without_losing_its_verification(client, auth, make):
    org = make.organization(enterprise_code=VALID_CODE, verification="verified")
    auth.login(make.user(role="officer"))
    response = client.post(f"/organizations/{org.id}/edit", data=org_form(name="Tên chuẩn"))
    assert response.status_code == 302
    db.session.refresh(org)
    assert org.name == "Tên chuẩn" and org.verification == "verified"


def test_outsiders_cannot_edit(client, auth, make):
    org = make.organization(owner=make.user(), name="Tên cũ")
    assert client.get(f"/organizations/{org.id}/edit").status_code == 302  # sign in first
    auth.login(make.user())
    assert client.get(f"/organizations/{org.id}/edit").status_code == 403
    assert client.post(f"/organizations/{org.id}/edit", data=org_form()).status_code == 403
    db.session.refresh(org)
    assert org.name == "Tên cũ"


def test_a_hidden_organization_is_404_for_outsiders_but_visible_to_members(client, auth, make):
    member = make.user()
    org = make.organization(owner=member, hidden=True, hidden_reason="Thông tin sai")
    assert client.get(f"/organizations/{org.id}").status_code == 404
    auth.login(make.user())
    assert client.get(f"/organizations/{org.id}").status_code == 404
    assert client.get(f"/organizations/{org.id}/edit").status_code == 404
    auth.logout()
    auth.login(member)
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Đang bị ẩn" in page and "Thông tin sai" in page  # members see why


def test_unknown_and_impossible_ids_are_404(client, auth, make):
    auth.login(make.user())
    for org_id in ("0", "987654", "99999999999999999999"):
        assert client.get(f"/organizations/{org_id}").status_code == 404
        assert client.get(f"/organizations/{org_id}/edit").status_code == 404


# Logos -----------------------------------------------------------------------------------


def upload(data: bytes, name: str):
    return (io.BytesIO(data), name)


def test_a_logo_is_checked_stored_under_a_generated_name_and_served(client, auth, make, app):
    auth.login(make.user())
    data = org_form(logo=upload(image_bytes("PNG", size=(1200, 800)), "../../etc/logo.png"))
    response = client.post("/organizations/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 302
    (org,) = organizations()
    assert org.logo_filename.endswith(".png") and len(org.logo_filename) == 36
    assert "etc" not in org.logo_filename

    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert f"/organizations/logos/{org.logo_filename}" in page
    with client.get(f"/organizations/logos/{org.logo_filename}") as served:
        assert served.status_code == 200 and served.mimetype == "image/png"
        image = Image.open(io.BytesIO(served.data))
    assert max(image.size) <= 512  # re-encoded and shrunk


@pytest.mark.parametrize("fmt,ext", [("JPEG", "jpg"), ("WEBP", "webp")])
def test_jpeg_and_webp_logos_are_accepted(client, auth, make, fmt, ext):
    auth.login(make.user())
    data = org_form(logo=upload(image_bytes(fmt), f"logo.{ext}"))
    client.post("/organizations/new", data=data, content_type="multipart/form-data")
    assert organizations()[0].logo_filename.endswith("." + ext)


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"Day la van ban, khong phai anh", "logo.png", "không phải ảnh PNG, JPEG hoặc WebP"),
        (b"GIF89a" + b"\x00" * 40, "logo.gif", "không phải ảnh PNG, JPEG hoặc WebP"),
        (image_bytes("PNG")[:60], "cut.png", "không phải ảnh PNG, JPEG hoặc WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "logo.svg", "không phải ảnh PNG"),
        (b"", "empty.png", "Tệp ảnh trống."),
    ],
)
def test_files_that_are_not_real_images_are_refused(client, auth, make, content, name, message):
    auth.login(make.user())
    data = org_form(logo=upload(content, name))
    response = client.post("/organizations/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert organizations() == []


@pytest.mark.app_config(LOGO_MAX_BYTES=2048)
def test_an_oversized_logo_is_refused(client, auth, make, app):
    auth.login(make.user())
    noisy = Image.effect_noise((200, 200), 100).convert("RGB")
    out = io.BytesIO()
    noisy.save(out, "PNG")
    data = org_form(logo=upload(out.getvalue(), "big.png"))
    response = client.post("/organizations/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "không được lớn hơn 2 KB" in response.get_data(as_text=True)
    assert organizations() == []


def test_a_decompression_bomb_is_refused_without_an_error(client, auth, make):
    auth.login(make.user())
    out = io.BytesIO()
    Image.new("1", (12000, 12000)).save(out, "PNG")  # tiny file, 144 million pixels
    data = org_form(logo=upload(out.getvalue(), "bomb.png"))
    response = client.post("/organizations/new", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    assert organizations() == []


def test_a_logo_can_be_replaced_and_removed(client, auth, make, app):
    owner = make.user()
    auth.login(owner)
    client.post(
        "/organizations/new",
        data=org_form(logo=upload(image_bytes(), "a.png")),
        content_type="multipart/form-data",
    )
    (org,) = organizations()
    first = org.logo_filename
    client.post(
        f"/organizations/{org.id}/edit",
        data=org_form(logo=upload(image_bytes("JPEG"), "b.jpg")),
        content_type="multipart/form-data",
    )
    db.session.refresh(org)
    assert org.logo_filename != first and org.logo_filename.endswith(".jpg")
    assert client.get(f"/organizations/logos/{first}").status_code == 404
    second = org.logo_filename

    client.post(f"/organizations/{org.id}/edit", data=org_form(remove_logo="y"))
    db.session.refresh(org)
    assert org.logo_filename is None
    assert client.get(f"/organizations/logos/{second}").status_code == 404


def test_only_generated_logo_names_are_served(client, app):
    for name in ("..%2F..%2Fconfig.py", "passwd", "a" * 32 + ".png", "x.png"):
        assert client.get(f"/organizations/logos/{name}").status_code == 404


def test_the_enterprise_code_message_gives_examples_that_pass_the_check():
    """A supplier who copies the example from the error message must not get the error again."""
    import re

    from directory.forms import ENTERPRISE_CODE_MESSAGES
    from directory.validation import enterprise_code_problem

    examples = re.findall(r"\d{10}(?:-\d{3})?", str(ENTERPRISE_CODE_MESSAGES["format"]))
    assert examples
    assert [enterprise_code_problem(code) for code in examples] == [None] * len(examples)
