"""Sign up, sign in and out, password reset, profile."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import db, login_manager
from ..mail import send_mail
from ..security import safe_next
from . import bp, services
from .forms import (
    ChangePasswordForm,
    LoginForm,
    ProfileForm,
    ResetPasswordForm,
    ResetRequestForm,
    SignupForm,
)
from .models import User

login_manager.login_view = "accounts.login"
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def _login_message(message):
    return _("Vui lòng đăng nhập để tiếp tục.")


login_manager.localize_callback = _login_message


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(form.email.data, form.password.data, form.name.data)
        except services.AccountError:
            form.email.errors.append(
                _("Email này đã được đăng ký. Hãy đăng nhập hoặc đặt lại mật khẩu.")
            )
        else:
            login_user(user)
            flash(_("Chào mừng! Tài khoản của bạn đã được tạo."), "success")
            return redirect(safe_next(url_for("organizations.new")))
    return render_template("accounts/signup.html", form=form)


def _landing(user) -> str:
    """Where signing in leads without a ``next``: officers to their desk, members to /me."""
    return url_for("reports.dashboard") if user.is_officer else url_for("me.index")


@bp.route("/login", methods=["GET", "POST"])
def login():
    if current_user.is_authenticated:
        return redirect(safe_next(_landing(current_user)))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = services.authenticate(
                form.email.data, form.password.data, request.remote_addr or "?"
            )
        except services.TooManyAttempts:
            flash(
                _(
                    "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút "
                    "hoặc đặt lại mật khẩu."
                ),
                "error",
            )
            return render_template("accounts/login.html", form=form), 429
        if user:
            login_user(user, remember=form.remember.data)
            flash(_("Đăng nhập thành công."), "success")
            return redirect(safe_next(_landing(user)))
        form.password.errors.append(_("Email hoặc mật khẩu không đúng."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    logout_user()
    flash(_("Bạn đã đăng xuất."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user and user.active:
            token = services.reset_token(user)
            send_mail(
                user.email,
                _("Đặt lại mật khẩu"),
                "reset_password",
                user=user,
                url=url_for("accounts.reset_password", token=token, _external=True),
            )
        # The same answer either way, so the form does not reveal who has an account.
        flash(
            _(
                "Nếu email này có tài khoản, chúng tôi đã gửi liên kết đặt lại mật khẩu "
                "(có hiệu lực 1 giờ)."
            ),
            "info",
        )
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_request.html", form=form)


@bp.route("/reset/<token>", methods=["GET", "POST"])
def reset_password(token: str):
    user = services.user_for_reset_token(token)
    if user is None:
        flash(
            _("Liên kết đặt lại mật khẩu không hợp lệ hoặc đã hết hạn. Vui lòng yêu cầu lại."),
            "error",
        )
        return redirect(url_for("accounts.reset_request"))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        services.change_password(user, form.password.data)
        flash(_("Mật khẩu đã được đặt lại. Hãy đăng nhập bằng mật khẩu mới."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.submit.data and form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.phone.data)
        flash(_("Đã lưu hồ sơ."), "success")
        return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        memberships=current_user.memberships,
    )


@bp.post("/password")
@login_required
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if password_form.validate_on_submit():
        try:
            confirmed = services.authenticate(
                current_user.email, password_form.current.data, request.remote_addr or "?"
            )
        except services.TooManyAttempts:
            confirmed = None
        if confirmed is None:
            password_form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
        else:
            services.change_password(current_user, password_form.password.data)
            flash(_("Đã đổi mật khẩu."), "success")
            return redirect(url_for("accounts.profile"))
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        memberships=current_user.memberships,
    ), 400
