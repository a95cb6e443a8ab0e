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
from dataclasses import dataclass

from flask_babel import get_locale
from flask_babel import gettext as _

from ..reference.models import Sector
from ..timeutil import today_in_vietnam
from . import applications, index, lexicon, postings
from .applications import read
from .documents import topics_text
from .results import STRENGTHS, Match
from .terms import Idf, bm25f, count_terms, doc_terms, field_averages, spelling, tokens

# Tuned on the dev set with bench/quality.py; see docs/search.md.
MW = {
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
    "min_score": 0.05,  # below this share of the best candidate's score, not shown
    "feedback_docs": 1,  # pseudo-relevance feedback: the best few candidates' titles
    "feedback": 0.3,  # ... join the query with this weight
    "title_cover": 0.25,  # exponent of the share of the candidate's title the source mentions
    "diversity": 0.05,  # per earlier result of the same type
    "query_topics": 0.0,  # weight of the source's own sector names and examples
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
    topics: str = ""  # names and examples of those sectors
    kinds: frozenset | None = None  # what it is (an offering); None: read from the title


def query_terms(source: Source, mw=MW) -> tuple[dict, dict[str, str]]:
    """{term: weight} for the source's text (title counts more) and lexicon expansions."""
    title, display = count_terms(source.title)
    body, body_display = count_terms(source.body)
    for k, v in body_display.items():
        display.setdefault(k, v)
    counts: Counter = Counter()
    for term, c in title.items():
        counts[term] += c * mw["title_weight"]
    for term, c in body.items():
        counts[term] += c
    if mw["query_topics"] and source.topics:
        topics, _ = count_terms(source.topics)
        for term in topics:
            counts[term] += mw["query_topics"]
    weights = {t: 1 + math.log(c) if c >= 1 else c for t, c in counts.items()}
    folded = [f for f, _ in tokens(source.title + "\n" + source.body)]
    for seq in lexicon.expansions(folded):
        expanded = [("u", seq[0])] if len(seq) == 1 else []
        expanded += [("p", f"{a}_{b}") for a, b in zip(seq, seq[1:], strict=False)]
        for term in expanded:
            weights.setdefault(term, mw["expansion"])
    return weights, display


STAGE1_FIELDS = {
    "u": (("title", 2.0), ("body", 1.0)),
    "p": (("title_pairs", 2.0), ("body_pairs", 1.0)),
}


def stage1_candidates(s, source: Source, weights: dict, idf: Idf, allowed: frozenset, mw=MW):
    """Document numbers of the most promising records: a cheap weighted count of the most
    telling terms, computed over plain posting sets (fast at any index size).

    The rarest syllables and pairs of the whole text, every pair of the title (what the need
    is about, however common), and the source's sectors, so that an offering of the same trade
    is a candidate even when it words things differently.
    """
    scored = {t: w * idf(t) for t, w in weights.items()}
    unis = sorted((t for t in scored if t[0] == "u" and scored[t] > 0), key=scored.get)
    pairs = sorted((t for t in scored if t[0] == "p" and scored[t] > 0), key=scored.get)
    chosen = set(unis[-mw["stage1_unigrams"] :]) | set(pairs[-mw["stage1_pairs"] :])
    title_terms, _ = count_terms(source.title)
    chosen |= {t for t in title_terms if t[0] == "p" and scored.get(t, 0) > 0}
    if not chosen:
        return []
    total: dict[int, float] = {}
    for term in chosen:
        fields = STAGE1_FIELDS[term[0]]
        if term[0] == "u":
            fields += (("topics", mw["field_topics"]),)
        for field, boost in fields:
            weight = scored[term] * boost
            for doc in postings.docs(s, field, term[1]) & allowed:
                total[doc] = total.get(doc, 0.0) + weight
    if not total:
        return []
    bonus = mw["stage1_sector"] * max(total.values()) / 4
    for code in source.sectors:
        for doc in postings.docs(s, "sector", code) & allowed:
            total[doc] = total.get(doc, 0.0) + bonus
    return heapq.nlargest(mw["candidates"], total, key=lambda d: (total[d], -d))


def _infer_sectors(candidates, top: float) -> set[str]:
    """Sectors of the best few candidates, when the source names none."""
    votes: Counter = Counter()
    for score, _matched, fields in candidates[:5]:
        for code in _split(fields.get("sector")):
            votes[code] += score / top
    if not votes:
        return set()
    best = max(votes.values())
    return {code for code, v in votes.items() if v >= 0.6 * best}


def _rank(source: Source, target_kind: str, restrict, serves, limit: int, mw=MW) -> list[Match]:
    s = index.searcher()
    idf = Idf(s)
    weights, _display = query_terms(source, mw)
    allowed = postings.docs(s, "kind", target_kind)
    if restrict:
        allowed = allowed & restrict(s)
    found = [s.stored_fields(d) for d in stage1_candidates(s, source, weights, idf, allowed, mw)]
    avg = field_averages(s)
    written = spelling(source.title, source.body)
    docs = []
    for f in found:
        texts = (f.get("title", ""), f.get("body", ""), f.get("topics", ""))
        # The same letters with other accents ('Lấp Vò' and 'lập') are different words.
        docs.append((doc_terms(*texts), f, written.clashes(spelling(*texts))))
    candidates = _score(docs, weights, idf, avg, mw)
    if candidates and mw["feedback"]:
        best = {id(c[2]) for c in candidates[: mw["feedback_docs"]]}
        expanded = dict(weights)
        for doc, fields, _clashes in docs:
            if id(fields) in best:
                for term in doc.title:
                    expanded[term] = expanded.get(term, 0) + mw["feedback"]
        candidates = _score(docs, expanded, idf, avg, mw)
    if not candidates:
        return []
    top = candidates[0][0]
    # How well the source would match itself: a candidate's share of it says how strong the
    # fit is in absolute terms (the best of ten weak candidates is still weak).
    ideal = bm25f(weights, idf, doc_terms(source.title, source.body), avg, mw)[0] or top
    wanted = _Wanted.of(source)
    sectors, inferred = source.sectors, False
    if not sectors:
        sectors, inferred = _infer_sectors(candidates, top), True
    scored = []
    for raw, matched, fields in candidates:
        base = raw / top
        if base < mw["min_score"]:
            continue
        shared = sorted(sectors & _split(fields.get("sector")))
        score = base
        if shared:
            score += mw["inferred_sector"] if inferred else mw["sector"]
        serving, serve_reason = serves(fields)
        if not serving:
            score *= mw["not_serving"]
        if fields.get("verified") == "1":
            score += mw["verified"]
        fitting, adjustment = wanted.fit(fields, target_kind, mw)
        score += adjustment
        why = (shared, matched, fields, serve_reason, fitting)
        fit = raw / ideal + (mw["sector"] if shared and not inferred else 0.0)
        if fit < mw["min_fit"]:
            continue  # a weak match is not shown as a fit, even to fill the list
        scored.append((score, fields.get("type") or "", why, int(fields["id"]), _strength(fit, mw)))
    best = _diversify(scored, limit, mw["diversity"])
    names = _sector_names() if best else {}
    return [
        Match(
            id=id_,
            score=round(score, 4),
            # The strength leads the reasons (contracts.md §3 keeps the match's shape).
            reasons=[str(STRENGTHS[strength]), *_reasons(*why, names)],
            strength=strength,
        )
        for score, _type, why, id_, strength in best
    ]


def _strength(fit: float, mw=MW) -> str:
    if fit >= mw["strong_fit"]:
        return "strong"
    return "good" if fit >= mw["good_fit"] else "possible"


def _reasons(shared, matched, fields, serve_reason, fitting, names) -> list[str]:
    """Each adjustment in plain Vietnamese, with the matched record's own wording."""
    reasons = []
    if shared:
        reasons.append(
            _("Cùng lĩnh vực: %(names)s", names=", ".join(names.get(c, c) for c in shared))
        )
    apps, kinds = fitting
    locale = str(get_locale() or "vi")
    if apps:
        names_ = ", ".join(applications.labels("application", apps, locale))
        reasons.append(_("Cùng đối tượng áp dụng: %(names)s", names=names_))
    if kinds:
        names_ = ", ".join(applications.labels("kind", kinds, locale))
        reasons.append(_("Đúng loại cần tìm: %(names)s", names=names_))
    own = Source(title=fields.get("title", ""), body=fields.get("body", ""), sectors=set())
    words = matched_phrases(own, matched)
    if words:
        reasons.append(_("Khớp từ khóa: %(words)s", words=", ".join(words)))
    if serve_reason:
        reasons.append(serve_reason)
    if fields.get("verified") == "1":
        reasons.append(_("Tổ chức đã được xác minh"))
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

    def fit(self, fields: dict, target_kind: str, mw=MW) -> tuple[tuple, float]:
        """((shared applications, shared kinds), score adjustment) for a candidate."""
        title = fields.get("title", "")
        theirs = read(title + "\n" + fields.get("body", ""), "application")
        if target_kind == "offering":
            kinds = applications.offering_kinds(title, fields.get("type") or "")
        else:
            kinds = read(title, "kind")
        apps, same_kind = self.applications & theirs, self.kinds & kinds
        adjustment = mw["kind"] if same_kind else 0.0
        if apps:
            adjustment += mw["application"]
        elif self.applications and theirs and "system" in kinds:
            # A complete system built for another application (a domestic MBBR for a fish
            # pond) fits less; equipment, products and advice carry over between trades.
            adjustment -= mw["application"]
        return (tuple(sorted(apps)), tuple(sorted(same_kind))), adjustment


def _diversify(scored: list, limit: int, penalty: float) -> list:
    """Best first, but each further result of an already listed type (technology, service, …)
    counts a little less: a shortlist should show the equipment and the consultancy too."""
    remaining = sorted(scored, key=lambda item: -item[0])
    chosen, seen = [], Counter()
    while remaining and len(chosen) < limit:
        best = max(remaining, key=lambda item: item[0] * (1 - penalty) ** seen[item[1]])
        remaining.remove(best)
        seen[best[1]] += 1
        chosen.append(best)
    return chosen


def _score(docs, weights, idf, avg, mw):
    """(score, matched terms, stored fields) of each candidate with a positive score, best first."""
    scored = []
    for doc, fields, clashes in docs:
        score, matched = bm25f(weights, idf, doc, avg, mw, clashes)
        if score > 0 and mw["title_cover"]:
            score *= max(0.05, title_cover(doc, weights, idf, clashes)) ** mw["title_cover"]
        if score > 0:
            scored.append((score, matched, fields))
    scored.sort(key=lambda c: -c[0])
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
        toks = tokens(chunk)
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
            if len(run) < 2:
                continue
            folded = " ".join(f for f, _ in run)
            if any(folded in other for other, _ in chosen):
                continue
            chosen.append((folded, " ".join(w.lower() for _, w in run)))
            if len(chosen) == most:
                return [written for _, written in chosen]
    return [written for _, written in chosen]


def _sector_names() -> dict[str, str]:
    from ..extensions import db

    locale = str(get_locale() or "vi")
    return {s.code: s.name(locale) for s in db.session.scalars(db.select(Sector))}


def offerings_for_need(need, limit: int = 10, mw=MW) -> list[Match]:
    source = Source(
        title=need.title,
        body="\n".join(filter(None, [need.description, need.quantity])),
        sectors={s.code for s in need.sectors},
        topics=topics_text(need.sectors),
    )
    commune = need.commune_code
    commune_name = need.commune.name if need.commune else None

    def serves(hit):
        area = _split(hit.get("serves") or "*")
        if "*" in area:
            return True, _("Phục vụ toàn tỉnh")
        if commune and commune in area:
            return True, _("Phục vụ %(commune)s", commune=commune_name)
        if commune:
            return False, _("Không phục vụ %(commune)s", commune=commune_name)
        return True, None

    return _rank(source, "offering", None, serves, limit, mw)


def needs_for_offering(offering, limit: int = 10, mw=MW) -> list[Match]:
    source = Source(
        title=offering.title,
        body=offering.description or "",
        sectors={s.code for s in offering.sectors},
        topics=topics_text(offering.sectors),
        kinds=applications.offering_kinds(offering.title, offering.type),
    )
    area = {c.code: c.name for c in offering.service_area}
    today = today_in_vietnam().toordinal()

    def open_now(s):
        """Open needs whose deadline has not passed (0: no deadline)."""
        candidates = postings.docs(s, "status", "open")
        if not candidates:  # also spares an empty index's reader, which has no columns
            return frozenset()
        deadlines = s.reader().column_reader("deadline")
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

    return _rank(source, "need", open_now, serves, limit, mw)
