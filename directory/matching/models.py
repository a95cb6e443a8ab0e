"""What the matching found for each need, kept as data (issue 9, item 1)."""

from datetime import datetime

from sqlalchemy import JSON, Float, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..models_base import Model, PkModel, reference_col
from ..needs.models import Need
from ..offerings.models import Offering
from ..search import MatchStrength
from ..timeutil import utcnow

#: The strengths the match lists call a fit; alerts tell only these.
FIT_STRENGTHS = (MatchStrength.STRONG.value, MatchStrength.GOOD.value)


class StoredMatch(PkModel):
    """An offering among a need's best matches: its score, rank and reasons per language.

    ``found_at`` is when the pair first appeared; a refresh that finds it again keeps it, so
    "new since your last visit" means new pairs, not recomputed ones.
    """

    __tablename__ = "stored_matches"
    __table_args__ = (UniqueConstraint("need_id", "offering_id"), MatchStrength.check("strength"))

    need_id: Mapped[int] = reference_col("needs", ondelete="CASCADE", index=True)
    offering_id: Mapped[int] = reference_col("offerings", ondelete="CASCADE", index=True)
    score: Mapped[float] = mapped_column(Float)
    rank: Mapped[int]
    reasons: Mapped[dict] = mapped_column(JSON, default=dict)  # {"vi": [...], "en": [...]}
    found_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    # "a fit" on the lists is good or better (FIT_STRENGTHS)
    strength: Mapped[str] = mapped_column(
        String(10),
        default=MatchStrength.POSSIBLE.value,
        server_default=MatchStrength.POSSIBLE.value,
    )

    need: Mapped[Need] = relationship()
    offering: Mapped[Offering] = relationship()

    @property
    def is_fit(self) -> bool:
        return self.strength in FIT_STRENGTHS

    def reasons_in(self, locale: str) -> list[str]:
        return self.reasons.get(locale) or self.reasons.get("vi") or []


class PageVisit(Model):
    """When a user last opened a page that marks things new (``/me``)."""

    __tablename__ = "page_visits"

    user_id: Mapped[int] = reference_col("users", ondelete="CASCADE", primary_key=True)
    page: Mapped[str] = mapped_column(String(20), primary_key=True)
    seen_at: Mapped[datetime] = mapped_column(default=utcnow)
