"""The refusals the organization services raise."""

from flask_babel import lazy_gettext as _l

from ..domain import DomainError


class OrganizationError(DomainError):
    """A problem the user can fix; ``field`` names the form field to show it next to."""

    messages = {
        "duplicate-code": _l("Mã số doanh nghiệp này đã được một tổ chức khác đăng ký trên trang."),
        "logo-empty": _l("Tệp ảnh trống."),
        "logo-too-heavy": _l("Ảnh logo không được lớn hơn %(size)s."),
        "logo-not-an-image": _l("Tệp này không phải ảnh PNG, JPEG hoặc WebP hợp lệ."),
        "logo-too-large": _l(
            "Ảnh logo không được lớn hơn %(n)d×%(n)d điểm ảnh; hãy thu nhỏ ảnh rồi tải lên lại."
        ),
        "logo-quota": _l(
            "Bạn đã tải lên %(n)d logo trong 24 giờ qua, mức tối đa; hãy thử lại sau."
        ),
        "already-member": _l("Người này đã là thành viên của tổ chức."),
        "too-many-invitations": _l(
            "Tổ chức đang có %(n)d lời mời chưa được nhận. Hãy hủy bớt lời mời cũ trước."
        ),
        "invitations-sent-today": _l(
            "Bạn đã gửi quá nhiều lời mời hôm nay. Vui lòng thử lại vào ngày mai."
        ),
        "address-invited-today": _l(
            "Địa chỉ này đã nhận đủ lời mời hôm nay. Vui lòng thử lại vào ngày mai."
        ),
        "invitation-expired": _l("Lời mời không còn hiệu lực."),
        "not-a-member": _l("Người này không phải thành viên của tổ chức."),
        "owner-not-removable": _l(
            "Không thể xóa chủ sở hữu. Hãy chuyển quyền sở hữu cho thành viên khác trước."
        ),
        "already-owner": _l("Người này đã là chủ sở hữu."),
        "owner-cannot-leave": _l(
            "Bạn là chủ sở hữu. Hãy chuyển quyền sở hữu cho thành viên khác trước khi rời."
        ),
    }
