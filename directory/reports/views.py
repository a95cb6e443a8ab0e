"""The officers' desk: dashboard, yearly report with charts, and its downloads."""

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from ..permissions import officer_required
from ..routing import or_404
from . import bp, export, services
from .tables import MAX_YEAR, MIN_YEAR, valid_year

# The officer pages other areas provide; the dashboard links to those the app has.
DESK_LINKS = [
    ("curation.verification_queue", _l("Hàng chờ xác minh"), _l("Xác minh hoặc từ chối tổ chức")),
    ("curation.features", _l("Tin nổi bật"), _l("Đưa tổ chức, giải pháp lên trang chủ")),
    ("curation.moderation_queue", _l("Kiểm duyệt"), _l("Ẩn, hiện lại tin đăng")),
    ("incubators.index", _l("Vườn ươm"), _l("Vườn ươm, khóa ươm tạo, doanh nghiệp")),
    ("incubators.board", _l("Bảng theo dõi ươm tạo"), _l("Doanh nghiệp theo trạng thái")),
    ("reports.upload", _l("Nhập dữ liệu"), _l("Tải lên tệp JSON, Excel hoặc CSV")),
    ("admin.users", _l("Người dùng"), _l("Vai trò và tài khoản (quản trị viên)")),
    ("admin.audit", _l("Nhật ký thao tác"), _l("Ai đã làm gì, khi nào (quản trị viên)")),
]
ADMIN_ONLY = {"admin.users", "admin.audit"}
# Only these tables need the search's matches (slow): other CSV files are built without them.
MATCHED_TABLES = ("summary", "supply-vs-plan")


def desk_links(user) -> list[tuple[str, str, str]]:
    functions = current_app.view_functions
    return [
        (url_for(endpoint), label, help_text)
        for endpoint, label, help_text in DESK_LINKS
        if endpoint in functions and (user.is_admin or endpoint not in ADMIN_ONLY)
    ]


@bp.get("/")
@officer_required
def dashboard():
    return render_template(
        "reports/dashboard.html",
        summary=services.key_figures(),
        waiting=services.waiting_work(),
        year=services.current_year(),
        links=desk_links(current_user),
    )


@bp.get("/reports")
@officer_required
def pick_year():
    """The year picker's target: a plain GET form without JavaScript lands here."""
    wanted = request.args.get("year", "").strip()
    if not wanted:
        return redirect(url_for(".report", year=services.current_year()))
    if not wanted.isdigit() or not valid_year(int(wanted)):
        flash(_("Năm phải từ %(first)d đến %(last)d.", first=MIN_YEAR, last=MAX_YEAR), "error")
        return redirect(url_for(".report", year=services.current_year()))
    return redirect(url_for(".report", year=int(wanted)))


def _report_or_404(year: int, matching: bool = True):
    if not valid_year(year):
        abort(404)
    return services.build_report(year, matching=matching)


@bp.get("/reports/<int:year>")
@officer_required
def report(year: int):
    this_year = services.current_year()
    years = range(max(MIN_YEAR, this_year - 10), min(MAX_YEAR, this_year + 1) + 1)
    return render_template(
        "reports/report.html",
        report=_report_or_404(year),
        years=list(reversed(years)),
    )


@bp.get("/reports/<int:year>/export.xlsx")
@officer_required
def export_xlsx(year: int):
    report = _report_or_404(year)
    title = _("Báo cáo công nghiệp môi trường năm %(year)d", year=year)
    return _download(
        export.workbook_bytes(report, title),
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"bao-cao-{year}.xlsx",
    )


@bp.get("/reports/<int:year>/export.csv")
@officer_required
def export_csv(year: int):
    key = request.args.get("table", "summary")
    table = or_404(_report_or_404(year, matching=key in MATCHED_TABLES).table(key))
    return _download(export.csv_bytes(table), "text/csv", f"bao-cao-{year}-{table.key}.csv")


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
