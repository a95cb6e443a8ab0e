"""Documents (certificates, licences, photos) of organizations and offerings, and eco-labels.

A ``Document`` is a checked file in the document storage (``storage.py``) with what it proves:
its kind, title, issuer, number and dates, and whether the public may see it or only officers.
An ``EcoLabel`` is a fact about an offering — scheme, certificate number, product scope, valid
until — that officers verify against its document; a verified, unexpired label is a badge.
"""

from datetime import date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..codes import CodeSet
from ..models_base import CreatedAt, PkModel, reference_col
from ..offerings.models import Offering
from ..organizations.models import Organization
from ..reference.models import Commune
from ..timeutil import today_in_vietnam


class DocumentKind(CodeSet):
    ECO_LABEL = "eco_label", _l("Giấy chứng nhận nhãn sinh thái")
    ISO = "iso", _l("Chứng chỉ ISO")
    LICENCE = "licence", _l("Giấy phép môi trường")
    TEST_REPORT = "test_report", _l("Phiếu kết quả thử nghiệm")
    REFERENCE = "reference", _l("Thư giới thiệu, xác nhận của khách hàng")
    BROCHURE = "brochure", _l("Tài liệu giới thiệu")
    PHOTO = "photo", _l("Ảnh")
    REGISTRATION = "registration", _l("Giấy chứng nhận đăng ký doanh nghiệp")


class LabelScheme(CodeSet):
    GREEN_LABEL = "green_label", _l("Nhãn xanh Việt Nam")
    OTHER = "other", _l("Nhãn sinh thái khác")


class LabelStatus(CodeSet):
    PENDING = "pending", _l("Chờ xác minh")
    VERIFIED = "verified", _l("Đã xác minh")
    REJECTED = "rejected", _l("Không được xác minh")


class Document(CreatedAt, PkModel):
    __tablename__ = "documents"
    __table_args__ = (DocumentKind.check("kind"),)

    organization_id: Mapped[int] = reference_col("organizations", ondelete="CASCADE", index=True)
    offering_id: Mapped[int | None] = reference_col("offerings", ondelete="CASCADE", index=True)
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(300))
    issuer: Mapped[str | None] = mapped_column(String(300))
    number: Mapped[str | None] = mapped_column(String(100))
    issued_on: Mapped[date | None] = mapped_column(Date)
    expires_on: Mapped[date | None] = mapped_column(Date)
    officers_only: Mapped[bool] = mapped_column(default=False)
    stored_name: Mapped[str] = mapped_column(String(64), unique=True)
    content_type: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(default=0)
    uploaded_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")

    organization: Mapped[Organization] = relationship()
    offering: Mapped[Offering | None] = relationship()

    @property
    def is_pdf(self) -> bool:
        return self.content_type == "application/pdf"

    @property
    def kind_label(self) -> str:
        return DocumentKind.label_of(self.kind)


class EcoLabel(CreatedAt, PkModel):
    __tablename__ = "eco_labels"
    __table_args__ = (LabelScheme.check("scheme"), LabelStatus.check("status"))

    offering_id: Mapped[int] = reference_col("offerings", ondelete="CASCADE", index=True)
    document_id: Mapped[int | None] = reference_col("documents", ondelete="SET NULL", index=True)
    scheme: Mapped[str] = mapped_column(String(20))
    scheme_name: Mapped[str | None] = mapped_column(String(200))  # the name of an "other"
    number: Mapped[str] = mapped_column(String(100))
    scope: Mapped[str | None] = mapped_column(String(300))  # the products it covers
    valid_until: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending", index=True)
    reason: Mapped[str | None] = mapped_column(Text)  # the officer's note or refusal
    decided_at: Mapped[datetime | None] = mapped_column()
    decided_by_id: Mapped[int | None] = reference_col("users", ondelete="SET NULL")
    reminded_at: Mapped[datetime | None] = mapped_column()  # the 60-day expiry reminder
    lapsed_at: Mapped[datetime | None] = mapped_column()  # search heard it expired

    offering: Mapped[Offering] = relationship()
    document: Mapped[Document | None] = relationship()

    @property
    def name(self) -> str:
        if self.scheme == LabelScheme.OTHER and self.scheme_name:
            return self.scheme_name
        return LabelScheme.label_of(self.scheme)

    def is_current(self, day: date | None = None) -> bool:
        """The badge: verified by an officer and not past its validity (today in Vietnam)."""
        day = day or today_in_vietnam()
        return self.status == LabelStatus.VERIFIED and self.valid_until >= day


class Installation(CreatedAt, PkModel):
    """Where an offering has been installed: a reference buyers can ask about.

    The client's name is shown only when the client agreed (``client_consent``).
    """

    __tablename__ = "installations"

    offering_id: Mapped[int] = reference_col("offerings", ondelete="CASCADE", index=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("communes.code"))
    place: Mapped[str] = mapped_column(String(300))
    year: Mapped[int | None] = mapped_column()
    capacity: Mapped[str | None] = mapped_column(String(200))
    application: Mapped[str | None] = mapped_column(String(300))
    client: Mapped[str | None] = mapped_column(String(300))
    client_consent: Mapped[bool] = mapped_column(default=False)

    commune: Mapped[Commune | None] = relationship()
    offering: Mapped[Offering] = relationship()

    @property
    def public_client(self) -> str | None:
        return self.client if self.client_consent else None
