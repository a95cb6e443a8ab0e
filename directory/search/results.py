"""What search and matching return: plain data, no Whoosh objects."""

from collections.abc import Callable
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from ..codes import CodeSet


@dataclass(frozen=True)
class Hit:
    """One search result: ``kind`` is organization, offering or need."""

    kind: str
    id: int
    score: float
    title: Markup  # escaped, with <mark> around matched terms
    snippet: Markup  # escaped, with <mark> around matched terms
    featured: bool = False  # an officer features it today ("Nổi bật")


@dataclass(frozen=True)
class FacetValue:
    value: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Facet:
    name: str  # kind, sector, type, commune, verified, procurement
    values: list[FacetValue] = field(default_factory=list)


@dataclass
class SearchResults:
    query: str
    hits: list[Hit]
    total: int
    page: int
    per_page: int
    facets: dict[str, Facet] = field(default_factory=dict)
    suggestion: str | None = None  # "did you mean" query, when a better spelling exists
    approximate: bool = False  # nothing had every word: these results have some of them
    related: list[Hit] = field(default_factory=list)  # this page's near matches (some words)
    near_total: int = 0  # near matches in all, listed after the ``total`` exact ones

    @property
    def pages(self) -> int:
        return max(1, -(-(self.total + self.near_total) // self.per_page))

    # The pagination macro reads these, like a Flask-SQLAlchemy pagination.
    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


class MatchStrength(CodeSet):
    """How well a match fits, in words (matching.py decides from its share of the ideal score)."""

    STRONG = "strong", _l("Rất phù hợp")
    GOOD = "good", _l("Phù hợp")
    POSSIBLE = "possible", _l("Có thể phù hợp")


@dataclass(frozen=True)
class Match:
    """An offering that fits a need (or a need an offering fits).

    ``id`` is the id of the matched record (an offering for a need, a need for an offering).
    """

    id: int
    score: float
    reasons: list[str] = field(default_factory=list)
    # The same reasons worded in the current language (stored matches keep every language
    # without ranking again); None where the reasons cannot be re-worded.
    explain: Callable[[], list[str]] | None = field(default=None, compare=False, repr=False)
    strength: str = MatchStrength.POSSIBLE.value
