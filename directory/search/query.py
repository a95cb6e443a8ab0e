"""The web and API search: Vietnamese-aware queries, filters, facets, snippets, did-you-mean."""

from whoosh import query as wq
from whoosh.sorting import Count, FieldFacet

from . import highlight, index, lexicon
from .documents import KINDS
from .results import Facet, FacetValue, Hit, SearchResults
from .schema import fold, nfc, words
from .terms import Idf, bm25f, doc_terms, field_averages

FACETS = ("kind", "sector", "type", "commune", "verified", "procurement")
MAX_WORDS = 12  # a pasted page of text is not a query
MAX_RESULTS = 1000
RERANK = 100  # the best candidates are re-scored with coverage and exact accents

# Re-ranking: BM25F as in matching, times coverage**COVERAGE, plus an exact-accent bonus.
RW = {
    "k1": 1.2,
    "b": 0.75,
    "field_title": 3.0,
    "field_topics": 1.0,
    "pair": 1.0,
    "expansion": 0.5,
    "coverage": 0.5,
    "exact": 0.15,
}

# Field weights, measured on the dev set (bench/quality.py).
W = {
    "title": 2.5,
    "body": 1.0,
    "title_exact": 1.2,
    "body_exact": 0.4,
    "title_pairs": 2.5,
    "body_pairs": 1.2,
    "expansion": 0.8,
    "topics": 0.3,
}


def word_query(exact: str, w=W) -> wq.Query:
    folded = fold(exact)
    return wq.Or(
        [
            wq.Term("title", folded, boost=w["title"]),
            wq.Term("body", folded, boost=w["body"]),
            wq.Term("title_exact", exact, boost=w["title_exact"]),
            wq.Term("body_exact", exact, boost=w["body_exact"]),
            wq.Term("topics", folded, boost=w["topics"]),
        ]
    )


def pair_query(a: str, b: str, boost: float = 1.0, w=W) -> wq.Query:
    pair = f"{a}_{b}"
    return wq.Or(
        [
            wq.Term("title_pairs", pair, boost=w["title_pairs"] * boost),
            wq.Term("body_pairs", pair, boost=w["body_pairs"] * boost),
        ]
    )


def sequence_query(folded: tuple[str, ...], boost: float, w=W) -> wq.Query:
    """A lexicon expansion: its syllables and their adjacent pairs, down-weighted."""
    parts: list[wq.Query] = []
    if len(folded) == 1:
        parts.append(wq.Term("title", folded[0], boost=w["title"] * boost))
        parts.append(wq.Term("body", folded[0], boost=w["body"] * boost))
    for a, b in zip(folded, folded[1:], strict=False):
        parts.append(pair_query(a, b, boost=boost, w=w))
    return wq.Or(parts)


def text_query(q: str, w=W) -> tuple[wq.Query | None, set[str]]:
    """The query for what the user typed, and the folded terms to highlight."""
    exact = words(q)[:MAX_WORDS]
    if not exact:
        return None, set()
    folded = [fold(x) for x in exact]
    parts: list[wq.Query] = [word_query(x, w) for x in exact]
    parts += [pair_query(a, b, w=w) for a, b in zip(folded, folded[1:], strict=False)]
    terms = set(folded)
    for seq in lexicon.expansions(folded):
        parts.append(sequence_query(seq, w["expansion"], w))
        terms.update(seq)
    return wq.Or(parts), terms


def filter_query(kind=None, filters=None) -> wq.Query | None:
    terms = []
    if kind in KINDS:
        terms.append(wq.Term("kind", kind))
    for name, value in (filters or {}).items():
        if name in FACETS and name != "kind" and value:
            terms.append(wq.Term(name, str(value)))
    return wq.And(terms) if terms else None


def search(q: str, kind=None, filters=None, page: int = 1, per_page: int = 20) -> SearchResults:
    q = " ".join(nfc(q or "").split())[:200]
    kind = kind if kind in KINDS else None
    filters = {k: v for k, v in (filters or {}).items() if k in FACETS and v}
    text, terms = text_query(q)
    restrict = filter_query(kind, filters)
    results = SearchResults(query=q, hits=[], total=0, page=page, per_page=per_page)
    if text is None and restrict is None:
        return results
    page = max(1, min(page, MAX_RESULTS // per_page))
    results.page = page
    s = index.searcher()
    facets = {name: FieldFacet(name, allow_overlap=(name == "sector")) for name in FACETS}
    found = s.search(
        text if text is not None else wq.Every(),
        filter=restrict,
        limit=max(page * per_page, RERANK if text is not None else 0),
        groupedby=facets,
        maptype=Count,
        sortedby=None if text is not None else "title",
    )
    results.total = len(found)
    for name in FACETS:
        groups = found.groups(name)
        selected = kind if name == "kind" else filters.get(name)
        values = [
            FacetValue(value=v, count=n, selected=(v == selected))
            for v, n in sorted(groups.items(), key=lambda item: (-item[1], str(item[0])))
            if v
        ]
        results.facets[name] = Facet(name=name, values=values)
    ranked = [(float(hit.score or 0.0), hit.fields()) for hit in found]
    if text is not None:
        ranked[:RERANK] = rerank(s, q, ranked[:RERANK])
    for score, fields in ranked[(page - 1) * per_page : page * per_page]:
        results.hits.append(
            Hit(
                kind=fields["kind"],
                id=int(fields["id"]),
                score=round(score, 4),
                title=highlight.highlight(fields.get("title", ""), terms),
                snippet=highlight.snippet(fields.get("body", ""), terms),
            )
        )
    if text is not None:
        results.suggestion = suggest(s, q)
    return results


def suggest(s, q: str) -> str | None:
    """A corrected query when some word is unknown to the index and a close one exists."""
    exact = words(q)[:MAX_WORDS]
    corrected, changed = [], False
    corrector = s.corrector("body")
    for x in exact:
        folded = fold(x)
        if s.doc_frequency("body", folded) or s.doc_frequency("title", folded) or len(x) < 3:
            corrected.append(x)
            continue
        options = corrector.suggest(folded, limit=1, maxdist=2)
        if options:
            corrected.append(options[0])
            changed = True
        else:
            corrected.append(x)
    return " ".join(corrected) if changed else None


def rerank(s, q: str, ranked: list[tuple[float, dict]], rw=RW) -> list[tuple[float, dict]]:
    """Re-score the best candidates: BM25F, times how much of the query they cover, plus a
    bonus for words matched with the accents as typed ('thải' before 'thái')."""
    exact = words(q)[:MAX_WORDS]
    folded = [fold(x) for x in exact]
    weights = {("u", f): 1.0 for f in folded if len(f) > 1 or f.isdigit()}
    wanted = set(weights)
    for a, b in zip(folded, folded[1:], strict=False):
        weights[("p", f"{a}_{b}")] = 1.0
    for seq in lexicon.expansions(folded):
        terms = [("u", seq[0])] if len(seq) == 1 else []
        terms += [("p", f"{a}_{b}") for a, b in zip(seq, seq[1:], strict=False)]
        for term in terms:
            weights.setdefault(term, rw["expansion"])
    idf = Idf(s)
    avg = field_averages(s)
    accented = {x for x in exact if fold(x) != x}
    out = []
    for _, fields in ranked:
        title, body = fields.get("title", ""), fields.get("body", "")
        doc = doc_terms(title, body, fields.get("topics", ""))
        score, matched = bm25f(weights, idf, doc, avg, rw)
        covered = len(wanted.intersection(matched))
        coverage = covered / len(wanted) if wanted else 1.0
        score *= coverage ** rw["coverage"]
        if accented:
            present = set(words(title + " " + body))
            score *= 1 + rw["exact"] * len(accented & present) / len(accented)
        out.append((score, fields))
    out.sort(key=lambda item: -item[0])
    return out
