"""Matching needs and offerings: a few discriminative terms, BM25F, then explained adjustments.

A need (or an offering) becomes a short query: its most telling syllables and syllable pairs
(weighted by where they occur and how rare they are in the index) plus lexicon expansions.
The BM25F score is normalised to the best candidate, then adjusted: shared sectors, service
area, verified organization. Each adjustment is kept as a reason shown to the user.
"""

import math
import re
from collections import Counter
from dataclasses import dataclass

from flask_babel import gettext as _
from whoosh import query as wq

from ..reference.models import Sector
from ..timeutil import today_in_vietnam
from . import index, lexicon
from .results import Match
from .schema import fold, nfc

# Tuned on the dev set with bench/quality.py; see docs/search.md.
MW = {
    "title_weight": 2.0,  # a syllable in the source's title counts this many times
    "unigrams": 14,  # how many single syllables go into the query
    "pairs": 10,  # how many adjacent-syllable pairs
    "field_title": 1.5,  # the candidate's title against its body
    "pair_boost": 1.5,
    "expansion": 0.5,
    "sector": 0.35,  # added to the normalised score for a shared sector
    "inferred_sector": 0.2,
    "not_serving": 0.6,  # multiplier when the offering does not serve the need's commune
    "verified": 0.03,
    "candidates": 60,
    "min_score": 0.12,  # of the best candidate: below this, not a match
}


@dataclass
class Source:
    title: str
    body: str
    sectors: set[str]


def _tokens(text: str) -> list[tuple[str, str]]:
    """(folded, as written) for each syllable of ``text``."""
    return [(fold(w), w) for w in re.findall(r"\w+", nfc(text))]


def select_terms(s, source: Source, mw=MW):
    """The query terms: {(field kind, folded term): weight} and folded → display text."""
    weights: Counter = Counter()
    display: dict[str, str] = {}
    for text, factor in ((source.title, mw["title_weight"]), (source.body, 1.0)):
        toks = _tokens(text)
        for f, w in toks:
            if len(f) > 1 or f.isdigit():
                weights[("uni", f)] += factor
                display.setdefault(f, w.lower())
        for (fa, wa), (fb, wb) in zip(toks, toks[1:], strict=False):
            key = f"{fa}_{fb}"
            weights[("pair", key)] += factor
            display.setdefault(key, f"{wa} {wb}".lower())
    n = max(1, s.doc_count())

    def idf(kind_term):
        kind, term = kind_term
        field = "body_pairs" if kind == "pair" else "body"
        df = s.doc_frequency(field, term) + s.doc_frequency(field.replace("body", "title"), term)
        return 0.0 if df == 0 else math.log(1 + n / df)

    scored = {kt: (1 + math.log(c)) * idf(kt) for kt, c in weights.items()}
    scored = {kt: v for kt, v in scored.items() if v > 0}
    unis = sorted((kt for kt in scored if kt[0] == "uni"), key=scored.get, reverse=True)
    pairs = sorted((kt for kt in scored if kt[0] == "pair"), key=scored.get, reverse=True)
    chosen = unis[: mw["unigrams"]] + pairs[: mw["pairs"]]
    return {kt: scored[kt] for kt in chosen}, display


def build_query(s, source: Source, mw=MW):
    terms, display = select_terms(s, source, mw)
    parts: list[wq.Query] = []
    for (kind, term), weight in terms.items():
        if kind == "uni":
            parts.append(wq.Term("title", term, boost=weight * mw["field_title"]))
            parts.append(wq.Term("body", term, boost=weight))
        else:
            b = weight * mw["pair_boost"]
            parts.append(wq.Term("title_pairs", term, boost=b * mw["field_title"]))
            parts.append(wq.Term("body_pairs", term, boost=b))
    folded = [f for f, _ in _tokens(source.title + "\n" + source.body)]
    for seq in lexicon.expansions(folded):
        for a, b in zip(seq, seq[1:], strict=False) if len(seq) > 1 else [(seq[0], None)]:
            if b is None:
                parts.append(wq.Term("body", a, boost=mw["expansion"]))
                parts.append(wq.Term("title", a, boost=mw["expansion"] * mw["field_title"]))
            else:
                parts.append(wq.Term("body_pairs", f"{a}_{b}", boost=mw["expansion"]))
                parts.append(
                    wq.Term("title_pairs", f"{a}_{b}", boost=mw["expansion"] * mw["field_title"])
                )
    return (wq.Or(parts) if parts else None), terms, display


def _infer_sectors(hits, top: float) -> set[str]:
    votes: Counter = Counter()
    for hit in hits[:5]:
        for code in filter(None, (hit.get("sector") or "").split(",")):
            votes[code] += hit.score / top
    if not votes:
        return set()
    best = max(votes.values())
    return {code for code, v in votes.items() if v >= 0.6 * best}


def _rank(source: Source, target_kind: str, restrict, serves, limit: int, mw=MW) -> list[Match]:
    s = index.searcher()
    q, terms, display = build_query(s, source, mw)
    if q is None:
        return []
    flt = wq.And([wq.Term("kind", target_kind)] + ([restrict] if restrict else []))
    hits = s.search(q, filter=flt, limit=mw["candidates"], terms=True)
    if not len(hits) or not hits[0].score:
        return []
    top = hits[0].score
    sectors, inferred = source.sectors, False
    if not sectors:
        sectors, inferred = _infer_sectors(hits, top), True
    names = _sector_names()
    scored = []
    for hit in hits:
        base = hit.score / top
        if base < mw["min_score"]:
            continue
        reasons = []
        shared = sectors & set(filter(None, (hit.get("sector") or "").split(",")))
        score = base
        if shared:
            score += mw["inferred_sector"] if inferred else mw["sector"]
            reasons.append(
                _("Cùng lĩnh vực: %(names)s", names=", ".join(names.get(c, c) for c in shared))
            )
        words = _matched_words(hit, terms, display)
        if words:
            reasons.append(_("Khớp từ khóa: %(words)s", words=", ".join(words)))
        serving, reason = serves(hit)
        if not serving:
            score *= mw["not_serving"]
        if reason:
            reasons.append(reason)
        if hit.get("verified") == "1":
            score += mw["verified"]
            reasons.append(_("Tổ chức đã được xác minh"))
        scored.append(Match(id=int(hit["id"]), score=round(score, 4), reasons=reasons))
    scored.sort(key=lambda m: -m.score)
    return scored[:limit]


def _matched_words(hit, terms, display, most: int = 5) -> list[str]:
    matched = {t.decode("utf-8") for _, t in (hit.matched_terms() or [])}
    pairs = [t for (k, t) in terms if k == "pair" and t in matched]
    covered = {part for p in pairs for part in p.split("_")}
    unis = [t for (k, t) in terms if k == "uni" and t in matched and t not in covered]
    chosen = sorted(pairs, key=lambda t: -terms[("pair", t)]) + sorted(
        unis, key=lambda t: -terms[("uni", t)]
    )
    return [display.get(t, t.replace("_", " ")) for t in chosen[:most]]


def _sector_names() -> dict[str, str]:
    from flask_babel import get_locale

    from ..extensions import db

    locale = str(get_locale() or "vi")
    return {s.code: s.name(locale) for s in db.session.scalars(db.select(Sector))}


def offerings_for_need(need, limit: int = 10, mw=MW) -> list[Match]:
    source = Source(
        title=need.title,
        body="\n".join(filter(None, [need.description, need.quantity])),
        sectors={s.code for s in need.sectors},
    )
    commune = need.commune_code
    commune_name = need.commune.name if need.commune else None

    def serves(hit):
        area = set(filter(None, (hit.get("serves") or "*").split(",")))
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
    )
    area = {c.code: c.name for c in offering.service_area}
    open_now = wq.And(
        [
            wq.Term("status", "open"),
            wq.Or(
                [
                    wq.NumericRange("deadline", 0, 0),
                    wq.NumericRange("deadline", today_in_vietnam().toordinal(), None),
                ]
            ),
        ]
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
