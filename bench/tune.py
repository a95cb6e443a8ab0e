"""Try matching/search weight variants on the development set: one load, many evaluations.
Never on bench/data/unseen.json: that set only checks.

.venv/bin/python bench/tune.py 'sector=0.2,0.35,0.5' 'min_score=0,0.1'
"""

import itertools
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import load_records, make_bench_app  # noqa: E402
from quality import DEFAULT, evaluate  # noqa: E402

from directory import search  # noqa: E402
from directory.search import matching, query  # noqa: E402


def main(specs):
    with open(DEFAULT, encoding="utf-8") as fh:
        data = json.load(fh)
    app, _ = make_bench_app()
    grid = []
    for spec in specs:
        name, values = spec.split("=")
        grid.append([(name, float(v)) for v in values.split(",")])
    with app.test_request_context():
        ids = load_records(data)
        search.reindex()
        base_match = dict(matching.MATCH_WEIGHTS)
        base_rerank = dict(query.RERANK_WEIGHTS)
        for combo in itertools.product(*grid):
            # The defaults are these very dicts: change them in place, restore after.
            matching.MATCH_WEIGHTS.update(base_match)
            query.RERANK_WEIGHTS.update(base_rerank)
            for name, value in combo:
                if name.startswith("s."):
                    query.RERANK_WEIGHTS[name[2:]] = value
                elif name.startswith("stage1") or name in ("candidates", "feedback_docs"):
                    matching.MATCH_WEIGHTS[name] = int(value)
                else:
                    matching.MATCH_WEIGHTS[name] = value
            nd, rc, sn = evaluate(data, ids)
            print(f"{dict(combo)}  matches {nd:.3f} / {rc:.3f}  search {sn:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
