"""One vocabulary of form fields: the same input gets the same answer on every form."""

import tomllib
from pathlib import Path

import pytest
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from directory.admin.forms import AuditFilterForm
from directory.curation.forms import FeatureForm
from directory.forms import (
    ChoiceField,
    EnterpriseCodeField,
    MultiCheckboxField,
    VndAmountField,
    options,
    parse_vnd,
)
from directory.incubators.forms import CohortForm, IncubatorForm, SupportForm
from directory.needs.forms import NeedForm
from directory.organizations.forms import OrganizationForm


def errors_of(app, form_class, field: str, value, prefix="") -> list[str]:
    """What ``form_class`` says about ``value`` typed into ``field`` (and nothing else)."""
    name = f"{prefix}-{field}" if prefix else field
    with app.test_request_context(method="POST", data={name: value}):
        form = form_class(formdata=MultiDict({name: value}), prefix=prefix)
        bound = form[field]
        bound.validate(form)
        return [str(e) for e in bound.errors]


PHONE_FORMS = [
    (OrganizationForm, "phone", ""),
    (NeedForm, "contact_phone", ""),
    (IncubatorForm, "manager_phone", ""),
]


@pytest.mark.parametrize(("form_class", "field", "prefix"), PHONE_FORMS)
@pytest.mark.parametrize("phone", ["(0273) 3871 234", "+84 273 3871 234", "0913.456.789"])
def test_a_phone_number_written_as_people_write_it_is_accepted_on_every_form(
    app, form_class, field, prefix, phone
):
    assert errors_of(app, form_class, field, phone, prefix) == []


@pytest.mark.parametrize(("form_class", "field", "prefix"), PHONE_FORMS)
@pytest.mark.parametrize("phone", ["gọi tôi nhé", "------", "(12) 34", "0273+3871234"])
def test_a_phone_number_that_cannot_be_dialled_is_refused_on_every_form(
    app, form_class, field, prefix, phone
):
    assert errors_of(app, form_class, field, phone, prefix) == [
        "Số điện thoại chỉ gồm chữ số, dấu cách và các dấu + ( ) . -, có ít nhất 6 chữ số."
    ]


DATE_FORMS = [
    (AuditFilterForm, "since", ""),
    (FeatureForm, "ends_on", ""),
    (CohortForm, "starts_on", ""),
]


@pytest.mark.parametrize(("form_class", "field", "prefix"), DATE_FORMS)
def test_a_date_that_is_not_a_date_gets_the_same_explanation_on_every_form(
    app, form_class, field, prefix
):
    for typed in ("32/13/2026", "hôm qua", "2026-02-30"):
        assert errors_of(app, form_class, field, typed, prefix) == [
            "Ngày không hợp lệ; chọn ngày theo dạng dd/mm/yyyy."
        ], typed


@pytest.mark.parametrize(("form_class", "field", "prefix"), DATE_FORMS)
def test_a_date_outside_2000_to_2100_is_refused_on_every_form(app, form_class, field, prefix):
    for typed in ("31/12/1999", "9999-12-31"):
        errors = errors_of(app, form_class, field, typed, prefix)
        assert "Chọn một ngày từ năm 2000 đến năm 2100." in errors, typed
    assert errors_of(app, form_class, field, "15/06/2030", prefix) == []


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("12.000.000.000", 12_000_000_000),
        ("12000000000", 12_000_000_000),
        ("850.000.000 đ", 850_000_000),
        ("5.000.000₫", 5_000_000),
        ("７ VND", 7),
        ("", None),
        ("  ", None),
        ("1.000.000.000.000.000", 10**15),
    ],
)
def test_money_is_read_the_vietnamese_way(typed, amount):
    assert parse_vnd(typed) == amount


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("-5.000.000", "Số tiền không được là số âm."),
        ("0", "Số tiền phải lớn hơn 0"),
        ("000.000", "Số tiền phải lớn hơn 0"),
        ("1.000.000.000.000.001", "Số tiền quá lớn"),
        ("9" * 5000, "Số tiền quá lớn"),
        ("12,5 tỷ", "Nhập số tiền bằng chữ số"),
        ("12.000.00", "Nhập số tiền bằng chữ số"),
        ("١٢٣", "Nhập số tiền bằng chữ số"),
    ],
)
def test_a_budget_and_a_support_amount_refuse_the_same_money_the_same_way(app, typed, message):
    budget = errors_of(app, NeedForm, "budget", typed)
    support = errors_of(app, SupportForm, "amount", typed, prefix="support")
    assert budget == support and len(budget) == 1 and budget[0].startswith(message)


def test_an_amount_is_shown_back_as_typed_or_grouped(app):
    class Form(FlaskForm):
        amount = VndAmountField("Số tiền")

    with app.test_request_context():
        assert Form(formdata=MultiDict({"amount": "12 tỷ"})).amount._value() == "12 tỷ"
        assert Form(formdata=None, data={"amount": 12_000_000}).amount._value() == "12.000.000"


def test_choices_refuse_unknown_values_in_vietnamese_and_leave_empty_ones_to_required(app):
    class Form(FlaskForm):
        kind = ChoiceField("Loại", choices=options([("a", "A"), (1, "Một")]))
        sectors = MultiCheckboxField("Lĩnh vực", choices=options([("air", "Khí")]))

    with app.test_request_context():
        form = Form(formdata=MultiDict({"kind": "spaceship", "sectors": ["air", "water"]}))
        assert not form.validate()
        assert form.errors == {
            "kind": ["Giá trị không có trong danh sách."],
            "sectors": ["Có lựa chọn không hợp lệ."],
        }
        assert Form(formdata=MultiDict({"kind": "1", "sectors": ["air"]})).validate()
        assert Form(formdata=MultiDict({"kind": ""})).validate()


@pytest.mark.parametrize(
    ("typed", "stored", "error"),
    [
        ("1201234560", "1201234560", None),
        ("120 123 4560", "1201234560", None),
        ("1201234560-001", "1201234560-001", None),
        ("1201234567", None, "chữ số kiểm tra không khớp"),
        ("12345", None, "Mã số doanh nghiệp gồm 10 chữ số"),
    ],
)
def test_an_enterprise_code_is_compacted_and_checked(app, typed, stored, error):
    class Form(FlaskForm):
        code = EnterpriseCodeField("Mã số doanh nghiệp")

    with app.test_request_context():
        form = Form(formdata=MultiDict({"code": typed}))
        valid = form.validate()
        if error is None:
            assert valid and form.code.data == stored
        else:
            assert not valid and error in form.code.errors[0]


def test_the_project_requires_the_wtforms_its_fields_are_written_for():
    """SelectChoice and the invalid_*_message hooks arrived in WTForms 3.3."""
    pyproject = tomllib.loads((Path(__file__).parents[1] / "pyproject.toml").read_text())
    wtforms = [d for d in pyproject["project"]["dependencies"] if d.lower().startswith("wtforms")]
    assert wtforms == ["WTForms>=3.3,<4"]
