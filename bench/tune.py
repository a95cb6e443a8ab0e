"""Try matching/search weight variants on an evaluation file: one load, many evaluations.

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
        base_rw = dict(query.RW)
        for combo in itertools.product(*grid):
            mw = dict(matching.MW)
            query.RW.clear()
            query.RW.update(base_rw)
            for name, value in combo:
                if name.startswith("s."):
                    query.RW[name[2:]] = value
                else:
                    mw[name] = (
                        int(value)
                        if name.startswith("stage1") or name in ("candidates", "feedback_docs")
                        else value
                    )
            nd, rc, sn = evaluate(data, ids, mw=mw)
            print(f"{dict(combo)}  matches {nd:.3f} / {rc:.3f}  search {sn:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
