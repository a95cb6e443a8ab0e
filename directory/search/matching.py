"""Matching needs and offerings in two stages, then explained adjustments.

1. Candidates: a short OR of the source's most telling syllables and syllable pairs (weighted
   by where they occur and how rare they are) runs over the whole index - cheap at any size.
2. Ranking: every term of the source's text (and its lexicon expansions) scores the candidates
   with BM25F, computed here from the candidates' stored text.
The score is normalised to the best candidate, then adjusted: shared sectors, service area,
verified organization. Each adjustment is kept as a reason shown to the user.
"""

import heapq
import math
import re
from collections import Counter
from dataclasses import dataclass, replace
from dataclasses import field as dataclass_field
from functools import partial

from flask_babel import get_locale
from flask_babel import gettext as _

from ..reference.models import Sector
from ..timeutil import today_in_vietnam
from . import applications, index, lexicon, postings
from .applications import read
from .results import Match, MatchStrength
from .schema import nfc
from .terms import DocTerms, Idf, bm25f, doc_terms, field_averages, field_terms, spelling, tokens

# Tuned on the dev set with bench/quality.py; see docs/search.md.
MATCH_WEIGHTS = {
    "title_weight": 2.0,  # a term in the source's title counts this many times
    "stage1_unigrams": 12,  # discriminative syllables that pick the candidates
    "stage1_pairs": 10,
    "stage1_sector": 1.0,  # a shared sector's weight when picking candidates
    "candidates": 100,
    "field_title": 3.0,  # BM25F weight of the candidate's title against its body
    "field_topics": 0.0,  # the candidate's sector names and examples
    "pair": 2.0,  # a matched pair against a matched single syllable
    "k1": 2.0,
    "b": 0.75,
    "expansion": 0.5,
    "sector": 0.2,  # added to the normalised score for a shared sector
    "inferred_sector": 0.2,
    "not_serving": 0.3,  # multiplier when the offering does not serve the need's commune
    "verified": 0.03,
    "eco_label": 0.03,  # a verified, unexpired eco-label (documents); no dev record has one
    "min_score": 0.05,  # below this share of the best candidate's score, not shown
    "feedback_docs": 1,  # pseudo-relevance feedback: the best few candidates' titles
    "feedback": 0.3,  # ... join the query with this weight
    "title_cover": 0.25,  # exponent of the share of the candidate's title the source mentions
    "diversity": 0.05,  # per earlier result of the same type
    # Strength: a candidate's score as a share of the source's score against itself, plus
    # "sector" when they share one. Below min_fit nothing is shown; the labels' bounds sit
    # where the dev set's relevant matches take over (docs/search.md).
    "min_fit": 0.02,
    # applications.txt: built for the buyer's application (+), for another one (-), generic (0);
    # the kind of thing wanted (equipment, system, service, consultancy, product) (+).
    "application": 0.1,
    "kind": 0.03,
    "good_fit": 0.2,
    "strong_fit": 0.35,
}


@dataclass
class Source:
    title: str
    body: str
    sectors: set[str]
    kinds: frozenset | None = None  # what it is (an offering); None: read from the title


def query_terms(source: Source, params=MATCH_WEIGHTS) -> dict:
    """{term: weight} for the source's text (title counts more) and lexicon expansions."""
    title, _length = field_terms(nfc(source.title))
    body, _length = field_terms(nfc(source.body))
    counts: Counter = Counter()
    for term, c in title.items():
        counts[term] += c * params["title_weight"]
    for term, c in body.items():
        counts[term] += c
    weights = {t: 1 + math.log(c) if c >= 1 else c for t, c in counts.items()}
    folded = [f for f, _ in tokens(source.title + "\n" + source.body)]
    for seq in lexicon.expansions(folded):
        expanded = [("u", seq[0])] if len(seq) == 1 else []
        expanded += [("p", f"{a}_{b}") for a, b in zip(seq, seq[1:], strict=False)]
        for term in expanded:
            weights.setdefault(term, params["expansion"])
    return weights


STAGE1_FIELDS = {
    "u": (("title", 2.0), ("body", 1.0)),
    "p": (("title_pairs", 2.0), ("body_pairs", 1.0)),
}


def stage1_candidates(
    searcher, source: Source, weights: dict, idf: Idf, allowed: frozenset, params=MATCH_WEIGHTS
):
    """Document numbers of the most promising records: a cheap weighted count of the most
    telling terms, computed over plain posting sets (fast at any index size).

    The rarest syllables and pairs of the whole text, every pair of the title (what the need
    is about, however common), and the source's sectors, so that an offering of the same trade
    is a candidate even when it words things differently.
    """
    scored = {t: w * idf(t) for t, w in weights.items()}
    unis = sorted((t for t in scored if t[0] == "u" and scored[t] > 0), key=scored.__getitem__)
    pairs = sorted((t for t in scored if t[0] == "p" and scored[t] > 0), key=scored.__getitem__)
    chosen = set(unis[-params["stage1_unigrams"] :]) | set(pairs[-params["stage1_pairs"] :])
    title_terms, _length = field_terms(nfc(source.title))
    chosen |= {t for t in title_terms if t[0] == "p" and scored.get(t, 0) > 0}
    if not chosen:
        return []
    total: dict[int, float] = {}
    for term in chosen:
        fields: tuple[tuple[str, float], ...] = STAGE1_FIELDS[term[0]]
        if term[0] == "u":
            fields += (("topics", params["field_topics"]),)
        for field, boost in fields:
            weight = scored[term] * boost
            for doc in postings.docs(searcher, field, term[1]) & allowed:
                total[doc] = total.get(doc, 0.0) + weight
    if not total:
        return []
    bonus = params["stage1_sector"] * max(total.values()) / 4
    for code in source.sectors:
        for doc in postings.docs(searcher, "sector", code) & allowed:
            total[doc] = total.get(doc, 0.0) + bonus
    return heapq.nlargest(params["candidates"], total, key=lambda d: (total[d], -d))


LEADING = 3  # times the limit: the candidates whose accents are checked (the likely shown)


@dataclass
class Candidate:
    """A record of the other kind being ranked for the source."""

    fields: dict  # stored in the index
    terms: DocTerms
    clashes: frozenset = frozenset()  # terms written with other accents ('lập', 'Lấp')
    score: float = 0.0
    matched: list = dataclass_field(default_factory=list)  # the source's terms it has


@dataclass
class Ranked:
    """A candidate's final score, strength, and what the reasons will say."""

    candidate: Candidate
    score: float
    strength: str  # strong, good, possible
    shared_sectors: list[str]
    serve_reason: str | None
    applications: tuple  # shared with the source
    kinds: tuple  # the kind of thing wanted, when it is this

    @property
    def type(self) -> str:
        return self.candidate.fields.get("type") or ""


def _infer_sectors(candidates: list[Candidate], top: float) -> set[str]:
    """Sectors of the best few candidates, when the source names none."""
    votes: dict[str, float] = {}
    for candidate in candidates[:5]:
        for code in _split(candidate.fields.get("sector")):
            votes[code] = votes.get(code, 0.0) + candidate.score / top
    if not votes:
        return set()
    best = max(votes.values())
    return {code for code, v in votes.items() if v >= 0.6 * best}


def _rank(
    source: Source, target_kind: str, restrict, serves, limit: int, params=MATCH_WEIGHTS
) -> list[Match]:
    searcher = index.searcher()
    idf = Idf(searcher)
    weights = query_terms(source, params)
    avg = field_averages(searcher)
    candidates = _candidates(searcher, source, target_kind, restrict, limit, weights, params)
    if not candidates:
        return []
    top = candidates[0].score
    # How well the source would match itself: a candidate's share of it says how strong the
    # fit is in absolute terms (the best of ten weak candidates is still weak).
    ideal = bm25f(weights, idf, doc_terms(source.title, source.body), avg, params)[0] or top
    judge = _Judge(source, target_kind, serves, top, ideal, params)
    if not judge.sectors:
        judge.sectors, judge.inferred = _infer_sectors(candidates, top), True
    scored = [ranked for candidate in candidates if (ranked := judge(candidate)) is not None]
    shortlist = _diversify(scored, limit, params["diversity"])
    names = _sector_names() if shortlist else {}
    return [
        Match(
            id=int(ranked.candidate.fields["id"]),
            score=round(ranked.score, 4),
            # The strength leads the reasons (contracts.md §3 keeps the match's shape).
            reasons=[MatchStrength.label_of(ranked.strength), *_reasons(ranked, names)],
            strength=ranked.strength,
            explain=partial(_explain, ranked, serves),
        )
        for ranked in shortlist
    ]


def _candidates(searcher, source, target_kind, restrict, limit, weights, params) -> list[Candidate]:
    """The records of ``target_kind`` worth scoring (stage 1), scored by BM25F, best first."""
    idf = Idf(searcher)
    allowed = postings.docs(searcher, "kind", target_kind)
    if restrict:
        allowed = allowed & restrict(searcher)
    found = [
        searcher.stored_fields(d)
        for d in stage1_candidates(searcher, source, weights, idf, allowed, params)
    ]
    avg = field_averages(searcher)
    written = spelling(source.title, source.body)
    everyone = [
        Candidate(f, doc_terms(f.get("title", ""), f.get("body", ""), f.get("topics", "")))
        for f in found
    ]
    candidates = _score(everyone, weights, idf, avg, params)
    # The same letters with other accents ('Lấp Vò' and 'lập') are different words: checked
    # for the leading candidates only (the others are not shown), then they are scored again.
    for c in candidates[: LEADING * limit]:
        f = c.fields
        c.clashes = written.clashes(
            spelling(f.get("title", ""), f.get("body", ""), f.get("topics", ""))
        )
    candidates = _score(candidates, weights, idf, avg, params)
    if candidates and params["feedback"]:
        expanded = dict(weights)
        for best in candidates[: params["feedback_docs"]]:
            for term in best.terms.title:
                expanded[term] = expanded.get(term, 0) + params["feedback"]
        candidates = _score(everyone, expanded, idf, avg, params)
    return candidates


class _Judge:
    """Scores one candidate against the source: its share of the best candidate, sectors in
    common, service area, verification, eco-label, application and kind; None when too weak."""

    def __init__(self, source: Source, target_kind: str, serves, top: float, ideal: float, params):
        self.target_kind, self.serves, self.params = target_kind, serves, params
        self.top, self.ideal = top, ideal
        self.wanted = _Wanted.of(source)
        self.sectors, self.inferred = source.sectors, False

    def __call__(self, candidate: Candidate) -> Ranked | None:
        params = self.params
        fields, raw = candidate.fields, candidate.score
        base = raw / self.top
        if base < params["min_score"]:
            return None
        shared = sorted(self.sectors & _split(fields.get("sector")))
        score = base
        if shared:
            score += params["inferred_sector"] if self.inferred else params["sector"]
        serving, serve_reason = self.serves(fields)
        if not serving:
            score *= params["not_serving"]
        if fields.get("verified") == "1":
            score += params["verified"]
        if fields.get("eco_label") == "1":
            score += params.get("eco_label", 0.0)
        (apps, kinds), adjustment = self.wanted.fit(fields, self.target_kind, params)
        score += adjustment
        fit = raw / self.ideal + (params["sector"] if shared and not self.inferred else 0.0)
        if fit < params["min_fit"]:
            return None  # a weak match is not shown as a fit, even to fill the list
        strength = _strength(fit, params)
        return Ranked(candidate, score, strength, shared, serve_reason, apps, kinds)


def _explain(ranked: Ranked, serves) -> list[str]:
    """The reasons again, in the current language (stored matches keep every language without
    ranking again; serves() words the service area)."""
    again = replace(ranked, serve_reason=serves(ranked.candidate.fields)[1])
    return [MatchStrength.label_of(ranked.strength), *_reasons(again, _sector_names())]


def _strength(fit: float, params=MATCH_WEIGHTS) -> str:
    if fit >= params["strong_fit"]:
        return MatchStrength.STRONG.value
    return MatchStrength.GOOD.value if fit >= params["good_fit"] else MatchStrength.POSSIBLE.value


def _reasons(ranked: Ranked, names: dict[str, str]) -> list[str]:
    """Each adjustment in plain Vietnamese, with the matched record's own wording."""
    reasons = []
    fields = ranked.candidate.fields
    if ranked.shared_sectors:
        sectors = ", ".join(names.get(c, c) for c in ranked.shared_sectors)
        reasons.append(_("Cùng lĩnh vực: %(names)s", names=sectors))
    locale = str(get_locale() or "vi")
    if ranked.applications:
        labels = ", ".join(applications.labels("application", ranked.applications, locale))
        reasons.append(_("Cùng đối tượng áp dụng: %(names)s", names=labels))
    if ranked.kinds:
        labels = ", ".join(applications.labels("kind", ranked.kinds, locale))
        reasons.append(_("Đúng loại cần tìm: %(names)s", names=labels))
    own = Source(title=fields.get("title", ""), body=fields.get("body", ""), sectors=set())
    words = matched_phrases(own, ranked.candidate.matched)
    if words:
        reasons.append(_("Khớp từ khóa: %(words)s", words=", ".join(words)))
    if ranked.serve_reason:
        reasons.append(ranked.serve_reason)
    if fields.get("verified") == "1":
        reasons.append(_("Tổ chức đã được xác minh"))
    if fields.get("eco_label") == "1":
        reasons.append(_("Có nhãn sinh thái đã xác minh"))
    return reasons


@dataclass(frozen=True)
class _Wanted:
    """The source's applications and kinds (applications.txt)."""

    applications: frozenset
    kinds: frozenset

    @classmethod
    def of(cls, source: Source) -> "_Wanted":
        text = source.title + "\n" + source.body
        kinds = source.kinds if source.kinds is not None else read(source.title, "kind")
        return cls(read(text, "application"), kinds)

    def fit(self, fields: dict, target_kind: str, params=MATCH_WEIGHTS) -> tuple[tuple, float]:
        """((shared applications, shared kinds), score adjustment) for a candidate."""
        title = fields.get("title", "")
        theirs = read(title + "\n" + fields.get("body", ""), "application")
        if target_kind == "offering":
            kinds = applications.offering_kinds(title, fields.get("type") or "")
        else:
            kinds = read(title, "kind")
        apps, same_kind = self.applications & theirs, self.kinds & kinds
        adjustment = params["kind"] if same_kind else 0.0
        if apps:
            adjustment += params["application"]
        elif self.applications and theirs and "system" in kinds:
            # A complete system built for another application (a domestic MBBR for a fish
            # pond) fits less; equipment, products and advice carry over between trades.
            adjustment -= params["application"]
        return (tuple(sorted(apps)), tuple(sorted(same_kind))), adjustment


def _diversify(scored: list[Ranked], limit: int, penalty: float) -> list[Ranked]:
    """Best first, but each further result of an already listed type (technology, service, …)
    counts a little less: a shortlist should show the equipment and the consultancy too."""
    remaining = sorted(scored, key=lambda ranked: -ranked.score)
    chosen: list[Ranked] = []
    seen: Counter[str] = Counter()
    while remaining and len(chosen) < limit:
        best = max(remaining, key=lambda r: r.score * (1 - penalty) ** seen[r.type])
        remaining.remove(best)
        seen[best.type] += 1
        chosen.append(best)
    return chosen


def _score(candidates: list[Candidate], weights, idf, avg, params) -> list[Candidate]:
    """Scores every candidate; returns those with a positive score, best first."""
    scored = []
    for c in candidates:
        c.score, c.matched = bm25f(weights, idf, c.terms, avg, params, c.clashes)
        if c.score > 0 and params["title_cover"]:
            cover = title_cover(c.terms, weights, idf, c.clashes)
            c.score *= max(0.05, cover) ** params["title_cover"]
        if c.score > 0:
            scored.append(c)
    scored.sort(key=lambda c: -c.score)
    return scored


def title_cover(doc, weights, idf, clashes=frozenset()) -> float:
    """How much of the candidate's title (by rarity) the source mentions: an offering made for
    another trade ('nước thải lò giết mổ' for a fish factory's need) ranks lower."""
    total = covered = 0.0
    for term in doc.title:
        if term[0] != "u":
            continue
        value = idf(term)
        total += value
        if term in weights and term not in clashes:
            covered += value
    return covered / total if total else 1.0


def _split(value) -> set[str]:
    return set(filter(None, (value or "").split(",")))


# Words that join others ("cho", "và"): they count in matching but do not start or end the
# phrases shown as reasons.
_JOINERS = set(
    "cho va cua cac nhung voi tu tai trong de la co duoc mot theo ve khi da se can nay den len "
    "hoac the bang nhu o ra vao tren duoi sau truoc".split()
)


def matched_phrases(source: "Source", matched, most: int = 4) -> list[str]:
    """The record's own phrases of two syllables or more that the other side shares with the
    same accents (matched pairs never include a clash), as written, in reading order.

    A single syllable ('dữ', 'sơ') says nothing to a reader, so none is quoted alone.
    """
    matched = set(matched)
    chosen: list[tuple[str, str]] = []  # (folded, as written)
    for chunk in re.split(r"[^\w \t]+", source.title + "\n" + source.body):
        for run in _shared_runs(tokens(chunk), matched):
            folded = " ".join(f for f, _ in run)
            if any(folded in other for other, _ in chosen):
                continue
            chosen.append((folded, " ".join(w.lower() for _, w in run)))
            if len(chosen) == most:
                return [written for _, written in chosen]
    return [written for _, written in chosen]


def _shared_runs(toks: list, matched: set):
    """The runs of (folded, written) tokens joined by matched pairs, at most 12 long, without
    joining words at their ends, of two tokens or more."""
    marked = [False] * len(toks)
    for i in range(len(toks) - 1):
        if ("p", f"{toks[i][0]}_{toks[i + 1][0]}") in matched:
            marked[i] = marked[i + 1] = True
    i = 0
    while i < len(toks):
        j = i
        while j < len(toks) and marked[j]:
            j += 1
        if j == i:
            i += 1
            continue
        run, i = toks[i:j][:12], j
        while run and run[0][0] in _JOINERS:
            run = run[1:]
        while run and run[-1][0] in _JOINERS:
            run = run[:-1]
        if len(run) >= 2:
            yield run


def _sector_names() -> dict[str, str]:
    from ..extensions import db

    locale = str(get_locale() or "vi")
    return {s.code: s.name(locale) for s in db.session.scalars(db.select(Sector))}


def offerings_for_need(need, limit: int = 10, params=MATCH_WEIGHTS) -> list[Match]:
    source = Source(
        title=need.title,
        body="\n".join(filter(None, [need.description, need.quantity])),
        sectors={s.code for s in need.sectors},
    )
    commune = need.commune_code
    commune_name = need.commune.name if need.commune else None

    def serves(hit):
        serving, reason = serves_area(hit)
        if commune and commune in _split(hit.get("installed")):
            there = _("Đã có công trình lắp đặt tại %(commune)s", commune=commune_name)
            return serving, f"{reason}; {there}" if reason else there
        return serving, reason

    def serves_area(hit):
        area = _split(hit.get("serves") or "*")
        if "*" in area:
            return True, _("Phục vụ toàn tỉnh")
        if commune and commune in area:
            return True, _("Phục vụ %(commune)s", commune=commune_name)
        if commune:
            return False, _("Không phục vụ %(commune)s", commune=commune_name)
        return True, None

    return _rank(source, "offering", None, serves, limit, params)


def needs_for_offering(offering, limit: int = 10, params=MATCH_WEIGHTS) -> list[Match]:
    source = Source(
        title=offering.title,
        body=offering.description or "",
        sectors={s.code for s in offering.sectors},
        kinds=applications.offering_kinds(offering.title, offering.type),
    )
    area = {c.code: c.name for c in offering.service_area}
    today = today_in_vietnam().toordinal()

    def open_now(searcher):
        """Open needs whose deadline has not passed (0: no deadline)."""
        candidates = postings.docs(searcher, "status", "open")
        if not candidates:  # also spares an empty index's reader, which has no columns
            return frozenset()
        deadlines = searcher.reader().column_reader("deadline")
        return frozenset(
            d for d in candidates if deadlines[d] in (0, None) or deadlines[d] >= today
        )

    def serves(hit):
        commune = hit.get("commune")
        if not area:
            return True, None
        if commune in area:
            return True, _("Nhu cầu ở %(commune)s, trong khu vực phục vụ", commune=area[commune])
        if commune:
            return False, _("Nhu cầu ở ngoài khu vực phục vụ")
        return True, None

    return _rank(source, "need", open_now, serves, limit, params)
