"""Sign up, sign in and out, password reset, profile."""

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from ..extensions import login_manager
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
def load_user(session_id: str) -> User | None:
    return services.user_for_session(session_id)


def _sign_in(user: User, remember: bool = False) -> None:
    """Sign in with a fresh CSRF token, so a token planted before sign-in is worth nothing."""
    session.pop("csrf_token", None)
    g.pop("csrf_token", None)
    login_user(user, remember=remember)


def _login_message(message):
    return _("Vui lòng đăng nhập để tiếp tục.")


login_manager.localize_callback = _login_message


def _client() -> str:
    return request.remote_addr or "?"


def _mail_sent_message(email: str) -> str:
    return _(
        "Chúng tôi đã gửi thư đến %(email)s. Hãy mở liên kết trong thư để hoàn tất đăng ký.",
        email=services.normalise_email(email),
    )


def _too_many_requests(refusal: services.TooManyMails, template: str, **context):
    flash(refusal.message, "error")
    return render_template(template, **context), 429, {"Retry-After": "3600"}


def _mail_signup(user: User, is_new: bool) -> None:
    """A confirmation link for a new address; for a taken one, a word to its owner instead."""
    if is_new or not user.confirmed:
        token = services.confirmation_token(user)
        link = url_for("accounts.confirm", token=token, next=safe_next("") or None, _external=True)
        send_mail(user.email, _("Xác nhận đăng ký tài khoản"), "confirm_signup", url=link)
    else:
        send_mail(
            user.email,
            _("Có người định đăng ký bằng email của bạn"),
            "signup_attempt",
            user=user,
            login_url=url_for("accounts.login", _external=True),
            reset_url=url_for("accounts.reset_request", _external=True),
        )


@bp.route("/signup", methods=["GET", "POST"])
def signup():
    if current_user.is_authenticated:
        return redirect(url_for("accounts.profile"))
    form = SignupForm()
    if form.validate_on_submit():
        try:
            services.count_mail("signup", _client(), form.email.data)
        except services.TooManyMails as too_many:
            if too_many.by_sender:
                return _too_many_requests(too_many, "accounts/signup.html", form=form)
            # The address has had enough mail: answer as always, send nothing.
            flash(_mail_sent_message(form.email.data), "info")
            return redirect(url_for("accounts.login"))
        user, is_new = services.sign_up(form.email.data, form.password.data, form.name.data)
        _mail_signup(user, is_new)
        flash(_mail_sent_message(user.email), "info")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/signup.html", form=form)


@bp.get("/confirm/<token>")
def confirm(token: str):
    """The link mailed at sign-up: confirms the address and signs the new user in."""
    user = services.confirm_email(token)
    if user is None:
        flash(_("Liên kết xác nhận không hợp lệ hoặc đã hết hạn. Vui lòng đăng ký lại."), "error")
        return redirect(url_for("accounts.signup"))
    _sign_in(user)
    flash(_("Chào mừng! Tài khoản của bạn đã được tạo."), "success")
    return redirect(safe_next(url_for("organizations.new")))


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
        except services.TooManyAttempts as wait:
            flash(wait.message, "error")
            page = render_template("accounts/login.html", form=form)
            return page, 429, {"Retry-After": str(wait.retry_after)}
        if user and not user.confirmed:
            form.email.errors.append(
                _("Hãy mở liên kết xác nhận trong thư chúng tôi gửi khi bạn đăng ký.")
            )
        elif user:
            _sign_in(user, remember=form.remember.data)
            flash(_("Đăng nhập thành công."), "success")
            return redirect(safe_next(_landing(user)))
        form.password.errors.append(_("Email hoặc mật khẩu không đúng."))
    return render_template("accounts/login.html", form=form)


@bp.post("/logout")
def logout():
    """Sign out here and everywhere else: every session and remember-me cookie ends, so a
    copied cookie is worth nothing either."""
    if current_user.is_authenticated:
        services.end_sessions(current_user)
    logout_user()
    flash(_("Bạn đã đăng xuất trên mọi thiết bị."), "info")
    return redirect(url_for("main.index"))


@bp.route("/reset", methods=["GET", "POST"])
def reset_request():
    form = ResetRequestForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        try:  # counted for every address, known or not, so the limits reveal nothing
            services.count_mail("reset", _client(), form.email.data)
        except services.TooManyMails as too_many:
            if too_many.by_sender:
                return _too_many_requests(too_many, "accounts/reset_request.html", form=form)
            user = None  # the address has had enough mail: the same answer, nothing sent
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
    form.account_email = user.email
    if form.validate_on_submit():
        services.change_password(user, form.password.data)
        flash(_("Mật khẩu đã được đặt lại. Hãy đăng nhập bằng mật khẩu mới."), "success")
        return redirect(url_for("accounts.login"))
    return render_template("accounts/reset_password.html", form=form)


def _profile_page(form, password_form, status=200):
    return render_template(
        "accounts/profile.html",
        form=form,
        password_form=password_form,
        memberships=current_user.memberships,
    ), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    if form.submit.data and form.validate_on_submit():
        services.update_profile(current_user, form.name.data, form.phone.data)
        flash(_("Đã lưu hồ sơ."), "success")
        return redirect(url_for("accounts.profile"))
    return _profile_page(form, password_form)


@bp.post("/password")
@login_required
def change_password():
    form = ProfileForm(obj=current_user)
    password_form = ChangePasswordForm(prefix="pw")
    password_form.account_email = current_user.email
    if password_form.validate_on_submit():
        try:
            confirmed = services.authenticate(
                current_user.email, password_form.current.data, request.remote_addr or "?"
            )
        except services.TooManyAttempts:
            confirmed = None  # the current password is checked like any sign-in
        if confirmed is None:
            password_form.current.errors.append(_("Mật khẩu hiện tại không đúng."))
        else:
            user = current_user._get_current_object()
            services.change_password(user, password_form.password.data)
            _sign_in(user)  # this session goes on; every other one has ended
            flash(_("Đã đổi mật khẩu. Các phiên đăng nhập khác đã kết thúc."), "success")
            return redirect(url_for("accounts.profile"))
    return _profile_page(form, password_form, 400)
