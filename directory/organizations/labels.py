"""How codes stored in the database are shown to people, in the visitor's language."""

from flask_babel import lazy_gettext as _l

KIND_LABELS = {
    "company": _l("Công ty"),
    "consultancy": _l("Đơn vị tư vấn"),
    "institute": _l("Viện, trường, trung tâm nghiên cứu"),
    "cooperative": _l("Hợp tác xã"),
    "household": _l("Hộ kinh doanh"),
    "industrial_park": _l("Khu công nghiệp"),
    "industrial_cluster": _l("Cụm công nghiệp"),
    "commune_committee": _l("UBND xã, phường"),
    "public_agency": _l("Cơ quan nhà nước"),
    "other": _l("Khác"),
}

SIZE_LABELS = {
    "micro": _l("Siêu nhỏ"),
    "small": _l("Nhỏ"),
    "medium": _l("Vừa"),
    "large": _l("Lớn"),
}

VERIFICATION_LABELS = {
    "unverified": _l("Chưa xác minh"),
    "pending": _l("Đang chờ xác minh"),
    "verified": _l("Đã xác minh"),
    "rejected": _l("Không được xác minh"),
}

ROLE_LABELS = {"owner": _l("Chủ sở hữu"), "member": _l("Thành viên")}


def kind_label(code: str | None) -> str:
    return str(KIND_LABELS.get(code, code or ""))


def size_label(code: str | None) -> str:
    return str(SIZE_LABELS.get(code, code or ""))


def verification_label(code: str | None) -> str:
    return str(VERIFICATION_LABELS.get(code, code or ""))


def role_label(code: str | None) -> str:
    return str(ROLE_LABELS.get(code, code or ""))
