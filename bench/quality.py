"""Match and search quality on an evaluation file (nDCG@10, recall@10).

    .venv/bin/python bench/quality.py [/work/shared/data/eval/dev.json]

The file is in the import format plus `qrels` (need ref → {offering ref: grade}) and `queries`.
"""

import json
import math
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import load_records, make_bench_app  # noqa: E402

from directory import search  # noqa: E402
from directory.extensions import db  # noqa: E402
from directory.needs.models import Need  # noqa: E402

DEFAULT = "/work/shared/data/eval/dev.json"


def ndcg(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    dcg = sum((2 ** grades.get(r, 0) - 1) / math.log2(i + 2) for i, r in enumerate(ranked[:k]))
    ideal = sorted(grades.values(), reverse=True)[:k]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def recall(ranked: list[str], grades: dict[str, int], k: int = 10) -> float:
    relevant = {r for r, g in grades.items() if g >= 1}
    return len(relevant & set(ranked[:k])) / len(relevant) if relevant else 0.0


def evaluate(data, ids, mw=None, w=None, verbose=False):
    from directory.search import matching, query

    off_ref = {v: k for k, v in ids["offering"].items()}
    m_ndcg, m_rec = [], []
    for need_ref, grades in data["qrels"].items():
        need = db.session.get(Need, ids["need"][need_ref])
        found = matching.offerings_for_need(need, limit=10, mw=mw or matching.MW)
        ranked = [off_ref[m.id] for m in found]
        m_ndcg.append(ndcg(ranked, grades))
        m_rec.append(recall(ranked, grades))
        if verbose and m_ndcg[-1] < 0.8:
            print(f"  {need_ref} ndcg={m_ndcg[-1]:.2f} {need.title[:60]} → {ranked[:5]} {grades}")
    s_ndcg = []
    old = dict(query.W)
    if w:
        query.W.update(w)
    for item in data["queries"]:
        res = search.search(item["q"], kind=item.get("kind"), per_page=10)
        hits = res.hits + res.related
        ranked = [off_ref.get(h.id, "?") for h in hits if h.kind == "offering"]
        s_ndcg.append(ndcg(ranked, item["relevant"]))
        if verbose and s_ndcg[-1] < 0.8:
            print(f"  query {item['q']!r} ndcg={s_ndcg[-1]:.2f} → {ranked[:5]} {item['relevant']}")
    query.W.clear()
    query.W.update(old)
    mean = lambda xs: sum(xs) / len(xs)  # noqa: E731
    return mean(m_ndcg), mean(m_rec), mean(s_ndcg)


def main(path=DEFAULT):
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    app, _ = make_bench_app()
    with app.test_request_context():
        ids = load_records(data)
        search.reindex()
        nd, rc, sn = evaluate(data, ids, verbose="-v" in sys.argv)
        print(f"matches nDCG@10 {nd:.3f}  recall@10 {rc:.3f}   search nDCG@10 {sn:.3f}")


if __name__ == "__main__":
    main(*[a for a in sys.argv[1:] if not a.startswith("-")])
