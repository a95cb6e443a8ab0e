"""Match and search quality on evaluation files (nDCG@10, recall@10), per trade when known.

    .venv/bin/python bench/quality.py [-v] [FILE …]

Without FILE: the development set and the held-out set (bench/data/unseen.json). Each file is
in the import format plus `qrels` (need ref → {offering ref: grade}), `queries` and, optionally,
`trades` (need ref → trade) for a per-trade breakdown. The English queries of
bench/data/english_queries.json run on every file: the share of the top five offerings that are
in the intended sector.
"""

import json
import math
import os
import sys
from collections import defaultdict

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

from common import load_records, make_bench_app  # noqa: E402

from directory import search  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.needs.models import Need  # noqa: E402
from directory.offerings.models import Offering  # noqa: E402

DEFAULT = "/work/shared/data/eval/dev.json"
UNSEEN = os.path.join(HERE, "data", "unseen.json")
ENGLISH = os.path.join(HERE, "data", "english_queries.json")


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {r for r, g in grades.items() if g >= 1}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def mean(xs) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def evaluate(data, ids, verbose=False, per_trade=None):
    """(matches nDCG@10, matches recall@10, search nDCG@10); fills ``per_trade`` if given."""
    off_ref = {v: k for k, v in ids["offering"].items()}
    trades = data.get("trades", {})
    m_ndcg, m_rec = [], []
    for need_ref, grades in data["qrels"].items():
        need = db.session.get(Need, ids["need"][need_ref])
        found = search.matches_for_need(need, limit=10)
        ranked = [off_ref[m.id] for m in found]
        m_ndcg.append(ndcg(ranked, grades))
        m_rec.append(recall(ranked, grades))
        if per_trade is not None and need_ref in trades:
            per_trade[trades[need_ref]].append((m_ndcg[-1], m_rec[-1]))
        if verbose and m_ndcg[-1] < 0.8:
            print(f"  {need_ref} ndcg={m_ndcg[-1]:.2f} {need.title[:60]} → {ranked[:5]} {grades}")
    s_ndcg = []
    for item in data["queries"]:
        res = search.search(item["q"], kind=item.get("kind"), per_page=10)
        hits = res.hits + res.related
        ranked = [off_ref.get(h.id, "?") for h in hits if h.kind == "offering"]
        s_ndcg.append(ndcg(ranked, item["relevant"]))
        if verbose and s_ndcg[-1] < 0.8:
            print(f"  query {item['q']!r} ndcg={s_ndcg[-1]:.2f} → {ranked[:5]} {item['relevant']}")
    return mean(m_ndcg), mean(m_rec), mean(s_ndcg)


def english_share(queries, verbose=False) -> float:
    """Share of the top five offerings of each English query that are in its sector."""
    shares = []
    for item in queries:
        res = search.search(item["q"], kind="offering", per_page=5)
        hits = (res.hits + res.related)[:5]
        offerings = [db.session.get(Offering, h.id) for h in hits]
        good = sum(1 for o in offerings if item["sector"] in {s.code for s in o.sectors})
        shares.append(good / 5)
        if verbose:
            print(f"  english {item['q']!r}: {good}/5 in {item['sector']}")
    return mean(shares)


def main(paths):
    verbose = "-v" in sys.argv
    with open(ENGLISH, encoding="utf-8") as fh:
        english = json.load(fh)
    for path in paths:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
        app, _ = make_bench_app()
        with app.test_request_context():
            ids = load_records(data)
            search.reindex()
            per_trade = defaultdict(list)
            nd, rc, sn = evaluate(data, ids, verbose=verbose, per_trade=per_trade)
            en = english_share(english, verbose=verbose)
        print(
            f"{os.path.basename(path)}: matches nDCG@10 {nd:.3f}  recall@10 {rc:.3f}   "
            f"search nDCG@10 {sn:.3f}   English top-5 in sector {en:.2f}"
        )
        for trade, rows in sorted(per_trade.items()):
            print(
                f"  {trade:<14} {len(rows):>2} needs  nDCG@10 {mean([r[0] for r in rows]):.3f}"
                f"  recall@10 {mean([r[1] for r in rows]):.3f}"
            )


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("-")] or [DEFAULT, UNSEEN])
