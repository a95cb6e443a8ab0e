from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from ..forms import email_field, line_field, one_line, phone_field
from .passwords import password_problem

MIN_PASSWORD = 10


def hard_to_guess(form, field):
    """Refuse common passwords and ones made of the address or the site's name.

    The address is the form's email field, or ``form.account_email`` set by the view.
    """
    email = form.email.data if "email" in form else getattr(form, "account_email", "")
    if problem := password_problem(field.data or "", email or ""):
        raise ValidationError(problem)


def new_password_field(label, **kwargs) -> PasswordField:
    """A password being chosen: long enough, hard to guess."""
    length = _l("Mật khẩu cần từ %(min)d đến %(max)d ký tự.")
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Vui lòng nhập mật khẩu.")),
            Length(min=MIN_PASSWORD, max=200, message=length),
            hard_to_guess,
        ],
        **kwargs,
    )


def confirm_field(label) -> PasswordField:
    """The chosen password typed again."""
    return PasswordField(
        label,
        validators=[
            DataRequired(_l("Vui lòng nhập lại mật khẩu.")),
            EqualTo("password", _l("Hai mật khẩu không khớp.")),
        ],
    )


class SignupForm(FlaskForm):
    name = line_field(_l("Họ và tên"), 200, _l("Vui lòng nhập họ tên."))
    email = email_field(_l("Email"), _l("Vui lòng nhập email."))
    password = new_password_field(
        _l("Mật khẩu"),
        description=_l("Ít nhất 10 ký tự. Một câu ngắn dễ nhớ là mật khẩu tốt."),
    )
    confirm = confirm_field(_l("Nhập lại mật khẩu"))
    submit = SubmitField(_l("Đăng ký"))


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"), validators=[DataRequired(_l("Vui lòng nhập email.")), Length(max=254)]
    )
    password = PasswordField(
        _l("Mật khẩu"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu.")), Length(max=200)]
    )
    remember = BooleanField(_l("Ghi nhớ đăng nhập"))
    submit = SubmitField(_l("Đăng nhập"))


class ResetRequestForm(FlaskForm):
    email = email_field(_l("Email"), _l("Vui lòng nhập email."))
    submit = SubmitField(_l("Gửi liên kết đặt lại mật khẩu"))


class NewPasswordForm(FlaskForm):
    """A new password typed twice: the fields that reset and change forms share."""

    password = new_password_field(_l("Mật khẩu mới"))
    confirm = confirm_field(_l("Nhập lại mật khẩu mới"))


class ResetPasswordForm(NewPasswordForm):
    submit = SubmitField(_l("Đặt lại mật khẩu"))


class ProfileForm(FlaskForm):
    name = line_field(_l("Họ và tên"), 200, _l("Vui lòng nhập họ tên."))
    phone = phone_field(_l("Điện thoại"), filters=[one_line])
    submit = SubmitField(_l("Lưu"))


class ChangePasswordForm(NewPasswordForm):
    current = PasswordField(
        _l("Mật khẩu hiện tại"), validators=[DataRequired(_l("Vui lòng nhập mật khẩu hiện tại."))]
    )
    submit = SubmitField(_l("Đổi mật khẩu"))
