"""The web and API search: Vietnamese-aware queries, filters, facets, snippets, did-you-mean."""

import heapq
from functools import partial

from ..extensions import db
from ..reference.models import Sector
from . import documents, highlight, index, lexicon, postings, providers
from . import suggest as suggestions
from .documents import KINDS
from .results import Facet, FacetValue, Hit, SearchResults
from .schema import fold, nfc, words
from .terms import Idf, bm25f, doc_terms, field_averages

FACETS = ("kind", "sector", "type", "commune", "verified", "incubatee", "eco_label", "procurement")
# Filters: the facets, and the commune an offering serves (a choice of 102, not a facet list).
FILTERS = (*FACETS, "serves")
# Orders besides relevance (with words) or the title (without): newest first; needs whose
# deadline comes soonest first (records without a deadline follow, by title).
SORTS = ("newest", "deadline")
MAX_WORDS = 12  # a pasted page of text is not a query
MAX_RESULTS = 1000
RERANK = 50  # the best candidates are re-scored with coverage and exact accents

# Re-ranking: BM25F as in matching, times coverage**COVERAGE, plus an exact-accent bonus.
RERANK_WEIGHTS = {
    "k1": 1.2,
    "b": 0.75,
    "field_title": 3.0,
    "field_topics": 1.5,  # 1.0 before the topics carried the English sector names too
    "pair": 1.0,
    "expansion": 0.5,
    "coverage": 0.5,
    "exact": 0.15,
    "verified": 0.01,  # verified organizations edge ahead on ties (0.05 cost 0.01 nDCG on dev)
}

# Weights of the first, cheap scoring (every matching record), measured on the dev set.
CHEAP_WEIGHTS = {
    "title": 2.5,
    "body": 1.0,
    "title_exact": 1.2,
    "body_exact": 0.4,
    "title_pairs": 2.5,
    "body_pairs": 1.2,
    "expansion": 0.8,
    "topics": 0.3,
}


class Plan:
    """What the user typed, as sets of document numbers and weights.

    ``strict``: records with every telling word (or a lexicon alternative of it); ``loose``:
    records with any; ``weighted``: (set, weight) pairs whose sum ranks the records cheaply.
    ``terms`` are the words to highlight.
    """

    def __init__(self, q: str, searcher, params=CHEAP_WEIGHTS):
        exact = words(q)[:MAX_WORDS]
        folded = [fold(x) for x in exact]
        self.terms = highlight.Marks.typed(exact)
        idf = Idf(searcher)
        self.weighted: list[tuple[frozenset, float]] = []
        per_word: list[frozenset] = [frozenset()] * len(exact)
        for i, (x, f) in enumerate(zip(exact, folded, strict=True)):
            u = idf(("u", f))
            sets = {
                "title": postings.docs(searcher, "title", f),
                "body": postings.docs(searcher, "body", f),
                "topics": postings.docs(searcher, "topics", f),
            }
            self.weighted += [(found, params[field] * u) for field, found in sets.items() if found]
            per_word[i] = postings.derived(
                searcher, ("word", x), partial(_word_docs, searcher, x, f, sets)
            )
        for start, end, seq in lexicon.alternatives(folded):
            found = _sequence(searcher, seq)
            self.weighted.append((found, params["expansion"] * idf(("u", seq[0]))))
            self.terms = self.terms.plus(seq)
            for i in range(start, end):
                per_word[i] = per_word[i] | found
        for a, b in zip(folded, folded[1:], strict=False):
            p = idf(("p", f"{a}_{b}"))
            for field in ("title_pairs", "body_pairs"):
                found = postings.docs(searcher, field, f"{a}_{b}")
                if found:
                    self.weighted.append((found, params[field] * p))
        self.loose = frozenset().union(*per_word)
        # In a big enough index, a word in half of all records ("cho", "và") is not required.
        n = searcher.doc_count()
        required = [
            found
            for f, found in zip(folded, per_word, strict=True)
            if n < 100 or searcher.doc_frequency("body", f) < n // 2
        ] or per_word
        self.strict = frozenset.intersection(*required) if required else frozenset()
        self.single = len(per_word) == 1

    def scores(self, candidates) -> dict[int, float]:
        """The cheap score of each candidate."""
        result = dict.fromkeys(candidates, 0.0)
        wanted = candidates if isinstance(candidates, frozenset) else frozenset(candidates)
        for found, weight in self.weighted:
            for doc in found & wanted:  # set & set: iterates the smaller one, in C
                result[doc] += weight
        return result


def _word_docs(searcher, typed: str, folded: str, sets: dict) -> frozenset:
    """Records that have a typed word: as typed (accents), in any field or in their sectors."""
    return (_as_typed(searcher, typed, folded) or sets["title"] | sets["body"]) | (
        sets["topics"] & _topics_as_typed(searcher, typed, folded)
    )


def _as_typed(searcher, typed: str, folded: str) -> frozenset:
    """Records that write a word typed with accents as typed, or without accents: 'hôi' does
    not find 'hơi'. Empty for a word typed without accents (any form will do) and for an
    accented form no record has (a slip of the keyboard finds the other forms)."""
    if typed == folded:
        return frozenset()
    found: frozenset[int] = frozenset()
    for form in (typed, folded):
        found = (
            found
            | postings.docs(searcher, "title_exact", form)
            | postings.docs(searcher, "body_exact", form)
        )
    return found


def _topics_as_typed(searcher, typed: str, folded: str) -> frozenset:
    """Records whose sector topics write the word as typed (or without accents); all when it
    was typed without accents. The topics keep no accents in the index, but the sectors are
    few: their texts tell."""
    if typed == folded:
        return postings.docs(searcher, "topics", folded)
    found: frozenset[int] = frozenset()
    for code, text in _sector_words().items():
        if typed in text or folded in text:
            found = found | postings.docs(searcher, "sector", code)
    return found


def _sector_words() -> dict[str, frozenset]:
    """Each sector's topic words as written (the reference data, read once per process)."""
    if not _sector_cache:
        for sector in db.session.scalars(db.select(Sector)):
            _sector_cache[sector.code] = frozenset(words(documents.topics_text([sector])))
    return _sector_cache


_sector_cache: dict[str, frozenset] = {}


def _sequence(searcher, seq: tuple[str, ...]) -> frozenset:
    """Records with a lexicon alternative: its single word, or all of its syllable pairs."""
    if len(seq) == 1:
        return postings.docs(searcher, "title", seq[0]) | postings.docs(searcher, "body", seq[0])
    sets = [
        postings.docs(searcher, "title_pairs", f"{a}_{b}")
        | postings.docs(searcher, "body_pairs", f"{a}_{b}")
        for a, b in zip(seq, seq[1:], strict=False)
    ]
    return frozenset.intersection(*sets)


def restriction(searcher, kind=None, filters=None) -> frozenset | None:
    """Records of the chosen kind with the chosen facet values; None: no restriction."""
    sets = []
    if kind in KINDS:
        sets.append(postings.docs(searcher, "kind", kind))
    for name, value in (filters or {}).items():
        if name == "serves" and value:  # in its service area, or serving the whole province
            listed = postings.docs(searcher, "serves", str(value))
            sets.append(listed | postings.docs(searcher, "serves", "*"))
        elif name in FACETS and name != "kind" and value:
            sets.append(postings.docs(searcher, name, str(value)))
    return frozenset.intersection(*sets) if sets else None


def search(
    q: str,
    kind=None,
    filters=None,
    page: int = 1,
    per_page: int = 20,
    sort: str | None = None,
    facets: bool = True,
) -> SearchResults:
    """``sort``: one of SORTS, else relevance (or the title when no words were typed);
    ``facets=False`` leaves the facet counts out."""
    q = " ".join(nfc(q or "").split())[:200]
    kind = kind if kind in KINDS else None
    filters = {k: str(v) for k, v in (filters or {}).items() if k in FILTERS and v}
    sort = sort if sort in SORTS else None
    page = max(1, min(page, MAX_RESULTS // per_page))
    results = SearchResults(query=q, hits=[], total=0, page=page, per_page=per_page)
    searcher = index.searcher()
    restrict = restriction(searcher, kind, filters)
    plan = Plan(q, searcher) if words(q) else None
    if plan is None and restrict is None:
        return results
    ordered: list[tuple[float, dict | int]]
    if plan is None:
        assert restrict is not None  # filters without words
        found = restrict
        ordered = list(_by_title(searcher, found))
    else:
        found = plan.strict if restrict is None else plan.strict & restrict
        if not found and not plan.single:
            found = plan.loose if restrict is None else plan.loose & restrict
            results.approximate = True
        ordered = _ranked(searcher, q, plan, found) if sort is None else []
        results.suggestion = suggest(searcher, q)
    featured = _featured()  # two queries: asked once per search
    if sort is None:
        ordered = _featured_first(searcher, found, ordered, featured)
    else:
        ordered = list(_sorted(searcher, found, sort))
    results.total = len(found)
    if facets:  # the API shows none: counting them costs a set intersection per value
        results.facets = _facets(searcher, found, kind, filters)
    terms = plan.terms if plan else highlight.Marks()
    start, end = (page - 1) * per_page, page * per_page
    results.hits = _hits(searcher, ordered[start:end], terms, featured)
    if plan and not results.approximate:
        # Near matches (some of the words) follow the exact ones across pages, whatever the
        # page size; they are ranked only when the page reaches them.
        near = (plan.loose if restrict is None else plan.loose & restrict) - found
        results.near_total = len(near)
        if near and end > len(found):
            ranked = _ranked(searcher, q, plan, near)
            results.related = _hits(
                searcher, ranked[max(0, start - len(found)) : end - len(found)], terms, featured
            )
    return results


def _ranked(searcher, q: str, plan: Plan, found) -> list[tuple[float, dict | int]]:
    """(score, stored fields or document number), best first: the best RERANK by BM25F with
    coverage, the rest by the cheap score."""
    cheap = plan.scores(found)
    # Only the best MAX_RESULTS are ever shown: no need to sort a common word's thousands.
    order = heapq.nsmallest(MAX_RESULTS, cheap, key=lambda d: (-cheap[d], d))
    head = [(cheap[d], searcher.stored_fields(d)) for d in order[:RERANK]]
    return rerank(searcher, q, head) + [(cheap[d], d) for d in order[RERANK:MAX_RESULTS]]


def _by_title(searcher, found) -> list[tuple[float, int]]:
    if not found:  # an empty index's reader has no columns
        return []
    titles = searcher.reader().column_reader("title")
    return [(0.0, d) for d in sorted(found, key=lambda d: (titles[d], d))][:MAX_RESULTS]


def _sorted(searcher, found, sort: str) -> list[tuple[float, int]]:
    """The records in the chosen order, from the index's columns (ties by title)."""
    reader = searcher.reader()
    if not found or not reader.has_column("created"):  # an index built before "newest"
        return _by_title(searcher, found)
    titles = reader.column_reader("title")
    if sort == "newest":
        created = reader.column_reader("created")
        order = sorted(found, key=lambda d: (-created[d], titles[d], d))
    else:
        deadline = reader.column_reader("deadline")
        order = sorted(found, key=lambda d: (deadline[d] or 10**9, titles[d], d))
    return [(0.0, d) for d in order][:MAX_RESULTS]


def _featured() -> set[tuple[str, int]]:
    """(kind, id) of the organizations and offerings officers feature today (curation)."""
    return providers.featured()


def _featured_first(searcher, found, ordered, featured) -> list:
    """Featured records that match lead the results, in their relevance order."""
    docnums = {searcher.document_number(key=documents.key(kind, id_)) for kind, id_ in featured}
    if not any(d in found for d in docnums):
        return ordered
    lead: list = []
    rest: list = []
    for item in ordered:
        fields = item[1]
        if isinstance(fields, dict):
            chosen = (fields["kind"], int(fields["id"])) in featured
        else:
            chosen = fields in docnums
        (lead if chosen else rest).append(item)
    return lead + rest


def _hits(searcher, ranked, terms, featured) -> list[Hit]:
    hits = []
    for score, fields in ranked:
        if isinstance(fields, int):
            fields = searcher.stored_fields(fields)
        kind, id_ = fields["kind"], int(fields["id"])
        hits.append(
            Hit(
                kind=kind,
                id=id_,
                score=round(score, 4),
                title=highlight.highlight(fields.get("title", ""), terms),
                snippet=highlight.snippet(fields.get("body", ""), terms),
                featured=(kind, id_) in featured,
            )
        )
    return hits


def _facets(searcher, found, kind, filters) -> dict[str, Facet]:
    facets = {}
    for name in FACETS:
        selected = kind if name == "kind" else filters.get(name)
        counts = [
            (v, len(postings.docs(searcher, name, v) & found))
            for v in postings.values(searcher, name)
        ]
        values = [
            FacetValue(value=v, count=n, selected=(v == selected))
            for v, n in sorted(counts, key=lambda item: (-item[1], item[0]))
            if v and n
        ]
        facets[name] = Facet(name=name, values=values)
    return facets


def suggest(s, q: str) -> str | None:
    """A corrected query when some word is unknown to the index and a close one exists,
    written with its most common accents (at most ``suggest.MAX_WORDS`` words are looked up)."""
    exact = words(q)[:MAX_WORDS]
    corrected, changed, looked_up = [], False, 0
    for x in exact:
        folded = fold(x)
        if (
            looked_up == suggestions.MAX_WORDS
            or not suggestions.guessable(folded)
            or _live(s, folded)
        ):
            corrected.append(x)
            continue
        looked_up += 1
        suggester = suggestions.suggester_for(s.reader())  # built once per index generation
        # The lexicon keeps the words of deleted documents until a merge: offer live ones only.
        option = next((o for o in suggester.candidates(folded) if _live(s, o)), None)
        if option:
            corrected.append(_accented(s, option))
            changed = True
        else:
            corrected.append(x)
    return " ".join(corrected) if changed else None


def _live(s, folded: str) -> bool:
    """Whether a live document has this folded word in its title or body."""
    return bool(postings.docs(s, "title", folded) or postings.docs(s, "body", folded))


ACCENT_FIELDS = ("title_exact", "body_exact")
_segment_forms: dict = {}  # segment id → {folded: {(field, written form): documents}}


def _accented(s, folded: str) -> str:
    """The way the index most often writes a folded word ('hoi' → 'hơi'): the form with the
    most documents in one exact field (titles first on a tie).

    The forms are tallied per segment and cached by segment id: an edit adds a small segment,
    so the big segment's table (about 0.3 s of CPU at 10,000 offerings) is not rebuilt after
    every change, only the new segment's."""
    counts: dict[tuple[int, str], int] = {}
    for leaf, _base in s.reader().leaf_readers():
        for key, n in _forms_of(leaf).get(folded, {}).items():
            counts[key] = counts.get(key, 0) + n
    if not counts:
        return folded
    return min(counts, key=lambda key: (-counts[key], key))[1]


def warm_accents(s) -> None:
    """Tally every segment's accent forms now (the warm-up), not on the first correction."""
    for leaf, _base in s.reader().leaf_readers():
        _forms_of(leaf)


def _forms_of(leaf) -> dict:
    segment = leaf.segment()
    key = segment.segment_id() if segment is not None else None
    if key is not None and key in _segment_forms:
        return _segment_forms[key]
    forms: dict = {}
    for rank, field in enumerate(ACCENT_FIELDS):
        for term in leaf.lexicon(field):
            text = term.decode("utf-8")
            found = forms.setdefault(fold(text), {})
            found[(rank, text)] = leaf.doc_frequency(field, text)
    if key is not None:
        if len(_segment_forms) > 50:  # segments merged away long ago
            _segment_forms.clear()
        _segment_forms[key] = forms
    return forms


def rerank(
    searcher, q: str, ranked: list[tuple[float, dict]], params=RERANK_WEIGHTS
) -> list[tuple[float, dict]]:
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
            weights.setdefault(term, params["expansion"])
    idf = Idf(searcher)
    avg = field_averages(searcher)
    accented = {x for x in exact if fold(x) != x}
    out = []
    for _, fields in ranked:
        title, body = fields.get("title", ""), fields.get("body", "")
        doc = doc_terms(title, body, fields.get("topics", ""))
        score, matched = bm25f(weights, idf, doc, avg, params)
        covered = len(wanted.intersection(matched))
        coverage = covered / len(wanted) if wanted else 1.0
        score *= coverage ** params["coverage"]
        if accented:
            present = set(words(title + " " + body))
            score *= 1 + params["exact"] * len(accented & present) / len(accented)
        if fields.get("verified") == "1":
            score *= 1 + params.get("verified", 0.0)
        out.append((score, fields))
    out.sort(key=lambda item: -item[0])
    return out


def ranked_ids(q: str, kind: str, limit: int = MAX_RESULTS) -> list[int]:
    """Ids of public records of ``kind`` matching ``q``, best first, ranked as on the search page:
    the records with every word (with some of them when none has them all)."""
    q = " ".join(nfc(q or "").split())[:200]
    if not words(q) or kind not in KINDS:
        return []
    searcher = index.searcher()
    plan = Plan(q, searcher)
    allowed = postings.docs(searcher, "kind", kind)
    found = plan.strict & allowed or plan.loose & allowed
    ranked = _ranked(searcher, q, plan, found)
    ids = []
    for _, fields in ranked[:limit]:
        if isinstance(fields, int):
            fields = searcher.stored_fields(fields)
        ids.append(int(fields["id"]))
    return ids


def new_records(
    q: str, kind=None, filters=None, since: int = 0, limit: int = 50
) -> list[tuple[str, int]]:
    """(kind, id) of the records the search page would find with every word (and the filters)
    whose ``created`` (seconds since 1970) is at least ``since``, newest first: what entered a
    saved search's results. No facets, snippets or suggestions."""
    q = " ".join(nfc(q or "").split())[:200]
    kind = kind if kind in KINDS else None
    filters = {k: str(v) for k, v in (filters or {}).items() if k in FILTERS and v}
    searcher = index.searcher()
    restrict = restriction(searcher, kind, filters)
    plan = Plan(q, searcher) if words(q) else None
    if plan is None:
        found = restrict or frozenset()
    else:
        found = plan.strict if restrict is None else plan.strict & restrict
    reader = searcher.reader()
    if not found or not reader.has_column("created"):
        return []
    created = _created_column(reader)
    fresh = sorted((-created[d], d) for d in found if created[d] >= since)
    out = []
    for _, doc in fresh[:limit]:
        fields = searcher.stored_fields(doc)
        out.append((fields["kind"], int(fields["id"])))
    return out


_created_cache: list = []  # [(reader, column)]: the reader is kept so that its id is its own


def _created_column(reader) -> list[int]:
    """The ``created`` column as a list, read once per index generation (reading the column
    document by document costs milliseconds per saved search)."""
    if not _created_cache or _created_cache[0][0] is not reader:
        _created_cache[:] = [(reader, list(reader.column_reader("created")))]
    return _created_cache[0][1]
