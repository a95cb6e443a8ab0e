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


class TextQuery:
    """What the user typed, as Whoosh queries.

    ``strict`` needs every telling word (or a lexicon alternative of it); ``loose`` any word,
    for when nothing has them all. ``terms`` are the folded words to highlight.
    """

    def __init__(self, q: str, s, w=W):
        exact = words(q)[:MAX_WORDS]
        folded = [fold(x) for x in exact]
        self.terms = set(folded)
        clauses = [[word_query(x, w)] for x in exact]
        for start, end, seq in lexicon.alternatives(folded):
            alternative = sequence_query(seq, w["expansion"], w)
            for i in range(start, end):
                clauses[i].append(alternative)
            self.terms.update(seq)
        pairs = [pair_query(a, b, w=w) for a, b in zip(folded, folded[1:], strict=False)]
        per_word = [wq.Or(c) if len(c) > 1 else c[0] for c in clauses]
        self.loose = wq.Or(per_word + pairs) if per_word else None
        # In a big enough index, a word in half of all records ("cho", "và") is not required.
        n = s.doc_count()
        required = [
            clause
            for x, clause in zip(folded, per_word, strict=True)
            if n < 100 or s.doc_frequency("body", x) < n // 2
        ]
        if not required or len(required) == len(per_word) == 1:
            self.strict = self.loose
        else:
            self.strict = wq.AndMaybe(wq.And(required), wq.Or(per_word + pairs))


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
    filters = {k: str(v) for k, v in (filters or {}).items() if k in FACETS and v}
    page = max(1, min(page, MAX_RESULTS // per_page))
    results = SearchResults(query=q, hits=[], total=0, page=page, per_page=per_page)
    restrict = filter_query(kind, filters)
    s = index.searcher()
    text = TextQuery(q, s) if words(q) else None
    if text is None and restrict is None:
        return results
    if text is None:
        found = _run(s, wq.Every(), restrict, page * per_page, sortedby="title")
    else:
        found = _run(s, text.strict, restrict, max(page * per_page, RERANK))
        if not len(found) and text.loose is not text.strict:
            found = _run(s, text.loose, restrict, max(page * per_page, RERANK))
            results.approximate = True
    results.total = len(found)
    results.facets = _facets(found, kind, filters)
    # Sorted (browsing) results carry the sort key in .score, not a relevance.
    ranked = [(float(hit.score or 0.0) if text else 0.0, hit.fields()) for hit in found]
    terms = text.terms if text else set()
    if text is not None:
        ranked[:RERANK] = rerank(s, q, ranked[:RERANK])
        results.suggestion = suggest(s, q)
    results.hits = _hits(ranked[(page - 1) * per_page : page * per_page], terms)
    if text is not None and not results.approximate and results.total < per_page and page == 1:
        results.related = _related(s, q, text, restrict, ranked, per_page - results.total)
    return results


def _related(s, q, text, restrict, ranked, room: int) -> list[Hit]:
    """When few records have every word, those with some of them, listed after."""
    seen = {fields["key"] for _, fields in ranked}
    loose = _run(s, text.loose, restrict, RERANK, facets=False)
    extra = [(float(h.score or 0.0), h.fields()) for h in loose if h["key"] not in seen]
    return _hits(rerank(s, q, extra)[:room], text.terms)


def _hits(ranked, terms) -> list[Hit]:
    return [
        Hit(
            kind=fields["kind"],
            id=int(fields["id"]),
            score=round(score, 4),
            title=highlight.highlight(fields.get("title", ""), terms),
            snippet=highlight.snippet(fields.get("body", ""), terms),
        )
        for score, fields in ranked
    ]


def _run(s, query, restrict, limit: int, sortedby=None, facets=True):
    groups = {name: FieldFacet(name, allow_overlap=(name == "sector")) for name in FACETS}
    return s.search(
        query,
        filter=restrict,
        limit=limit,
        groupedby=groups if facets else None,
        maptype=Count,
        sortedby=sortedby,
    )


def _facets(found, kind, filters) -> dict[str, Facet]:
    facets = {}
    for name in FACETS:
        selected = kind if name == "kind" else filters.get(name)
        values = [
            FacetValue(value=v, count=n, selected=(v == selected))
            for v, n in sorted(found.groups(name).items(), key=lambda i: (-i[1], str(i[0])))
            if v
        ]
        facets[name] = Facet(name=name, values=values)
    return facets


def suggest(s, q: str) -> str | None:
    """A corrected query when some word is unknown to the index and a close one exists,
    written with its most common accents."""
    exact = words(q)[:MAX_WORDS]
    corrected, changed = [], False
    correctors = [s.corrector("title"), s.corrector("body")]
    for x in exact:
        folded = fold(x)
        if s.doc_frequency("body", folded) or s.doc_frequency("title", folded) or len(x) < 3:
            corrected.append(x)
            continue
        options = [
            option
            for maxdist in (1, 2)
            for corrector in correctors
            for option in corrector.suggest(folded, limit=1, maxdist=maxdist)
        ]
        if options:
            corrected.append(_accented(s, options[0]))
            changed = True
        else:
            corrected.append(x)
    return " ".join(corrected) if changed else None


_accents_cache: dict = {}


def _accented(s, folded: str) -> str:
    """The way the index most often writes a folded word ('hoi' → 'hơi')."""
    key = id(s.reader())
    if key not in _accents_cache:
        _accents_cache.clear()
        best: dict[str, tuple[int, str]] = {}
        reader = s.reader()
        for field in ("title_exact", "body_exact"):
            for term in reader.lexicon(field):
                text = term.decode("utf-8")
                freq = reader.doc_frequency(field, text)
                f = fold(text)
                if f not in best or freq > best[f][0]:
                    best[f] = (freq, text)
        _accents_cache[key] = {f: text for f, (_, text) in best.items()}
    return _accents_cache[key].get(folded, folded)


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


def ranked_ids(q: str, kind: str, limit: int = MAX_RESULTS) -> list[int]:
    """Ids of public records of ``kind`` matching ``q``, best first, ranked as on the search page
    (records with every word, then those with some when few have them all)."""
    q = " ".join(nfc(q or "").split())[:200]
    if not words(q) or kind not in KINDS:
        return []
    s = index.searcher()
    text = TextQuery(q, s)
    restrict = wq.Term("kind", kind)
    found = _run(s, text.strict, restrict, limit, facets=False)
    ranked = [(float(h.score or 0.0), h.fields()) for h in found]
    if not ranked and text.loose is not text.strict:
        found = _run(s, text.loose, restrict, limit, facets=False)
        ranked = [(float(h.score or 0.0), h.fields()) for h in found]
    ranked[:RERANK] = rerank(s, q, ranked[:RERANK])
    return [int(fields["id"]) for _, fields in ranked]
