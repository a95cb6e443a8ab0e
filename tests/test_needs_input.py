"""Bad input on the need form: a clear message on the field, what was typed kept, nothing saved."""

from datetime import timedelta

import pytest

from directory.extensions import db
from directory.needs.models import Need
from directory.timeutil import today_in_vietnam

from .test_needs import need_form


@pytest.fixture
def poster(client, auth, make):
    """A signed-in member of one organization, and a function that posts the need form."""
    user = make.user()
    org = make.organization(owner=user)
    auth.login(user)

    def post(**changes):
        response = client.post(
            "/needs/new", data=need_form(**{"organization": str(org.id), **changes})
        )
        return response.status_code, response.get_data(as_text=True)

    return post


def nothing_saved():
    return db.session.scalars(db.select(Need)).first() is None


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("12.000.000.000", 12_000_000_000),
        ("12000000000", 12_000_000_000),
        ("12 000 000 000", 12_000_000_000),
        ("850.000.000 đ", 850_000_000),
        ("5.000.000₫", 5_000_000),
        ("１２.０００.０００", 12_000_000),  # full-width digits from some Vietnamese keyboards
        ("", None),
    ],
)
def test_budgets_are_typed_the_vietnamese_way(poster, typed, saved):
    status, _page = poster(budget=typed)
    assert status == 302
    assert db.session.scalars(db.select(Need)).one().budget_vnd == saved


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000.000", "không được là số âm"),
        ("0", "phải lớn hơn 0"),
        ("1.000.000.000.000.001", "quá lớn"),
        ("9" * 5000, "quá lớn"),
        ("12,5 tỷ", "bằng chữ số"),
        ("12.000.00", "bằng chữ số"),
        ("mười triệu", "bằng chữ số"),
        ("١٢٣", "bằng chữ số"),  # Arabic-Indic digits are digits to Python, not to us
    ],
)
def test_bad_budgets_are_refused_on_the_field_and_kept_in_the_form(poster, typed, message):
    status, page = poster(budget=typed, title="Thu gom bùn thải")
    assert status == 200 and message in page
    assert 'value="Thu gom bùn thải"' in page  # what was typed stays
    assert nothing_saved()


def test_the_largest_budget_allowed_is_stored_exactly(poster):
    assert poster(budget="1.000.000.000.000.000")[0] == 302
    assert db.session.scalars(db.select(Need)).one().budget_vnd == 10**15


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"deadline": (today_in_vietnam() - timedelta(days=1)).isoformat()}, "Hạn chót đã qua"),
        ({"deadline": "2026-13-45"}, "Ngày không hợp lệ"),
        ({"deadline": "ngày mai"}, "Ngày không hợp lệ"),
        ({"deadline": "9999-12-31"}, "Hạn chót quá xa"),
        ({"commune": "99999"}, "Xã, phường không có trong danh sách của tỉnh Đồng Tháp."),
        ({"commune": ""}, "Vui lòng chọn xã, phường."),
        ({"sectors": ["wastewater", "water"]}, "Có lĩnh vực không có trong danh sách"),
        ({"industrial_zone": "424242"}, "Khu, cụm công nghiệp không có trong danh sách."),
        ({"industrial_zone": "abc"}, "Khu, cụm công nghiệp không có trong danh sách."),
        ({"procurement": "auction"}, "Hình thức không hợp lệ"),
        ({"procurement": ""}, "Vui lòng chọn hình thức"),
        ({"title": "   "}, "Vui lòng nhập tiêu đề"),
        ({"title": "x" * 301}, "Tối đa 300 ký tự"),
        ({"description": "ý" * 10001}, "Tối đa 10000 ký tự"),
        ({"quantity": "m³" * 101}, "Tối đa 200 ký tự"),
        ({"contact_email": "khong-phai-email"}, "Email không hợp lệ"),
        ({"contact_phone": "gọi tôi nhé"}, "Số điện thoại chỉ gồm chữ số"),
        ({"organization": "abc"}, "Bạn không thể đăng nhu cầu cho tổ chức này"),
    ],
)
def test_bad_input_is_explained_and_nothing_is_saved(poster, changes, message):
    status, page = poster(**changes)
    assert status == 200
    assert message in page
    assert "Vui lòng sửa các lỗi được đánh dấu bên dưới" in page
    assert nothing_saved()


def test_the_form_keeps_everything_typed_after_a_refusal(poster):
    status, page = poster(budget="-1", quantity="3 ấp", contact_name="Phạm Thị Dung")
    assert status == 200
    assert 'value="-1"' in page and 'value="3 ấp"' in page and 'value="Phạm Thị Dung"' in page
    assert "checked" in page  # the chosen sector stays ticked
    assert 'selected value="28261"' in page  # and the commune stays chosen


def test_text_is_cleaned_of_control_characters_and_normalised(poster):
    decomposed = "Xu\u031b\u0309 ly\u0301 nước thải\u200b"  # NFD accents, zero-width
    assert poster(title=decomposed)[0] == 302
    title = db.session.scalars(db.select(Need)).one().title
    assert title == "Xử lý nước thải"


def test_an_industrial_zone_is_stored_when_chosen(poster):
    from directory.reference.services import find_zone

    zone = find_zone("KCN Tân Hương")
    assert poster(industrial_zone=str(zone.id))[0] == 302
    need = db.session.scalars(db.select(Need)).one()
    assert need.industrial_zone.name == "KCN Tân Hương"


def test_an_edit_with_bad_input_changes_nothing(client, auth, make):
    user = make.user()
    need = make.need(make.organization(owner=user), budget_vnd=1_000_000)
    auth.login(user)
    page = client.post(
        f"/needs/{need.id}/edit", data=need_form(title="Đổi tên", budget="-3", save="Lưu")
    ).get_data(as_text=True)
    assert "không được là số âm" in page
    db.session.refresh(need)
    assert need.title.startswith("Cần nâng cấp") and need.budget_vnd == 1_000_000


@pytest.mark.parametrize("need_id", ["0", "99999999999999999999", "2147483648", "-1", "abc"])
def test_odd_need_ids_are_simply_not_found(client, need_id):
    assert client.get(f"/needs/{need_id}").status_code == 404
    assert client.get(f"/api/v1/needs/{need_id}").status_code == 404
