"""Did-you-mean cost: the worst query (12 unknown 16-letter words) against normal queries.

    .venv/bin/python bench/suggest.py [--offerings 10000] [--needs 2000] [--folder DIR]

Loads synthetic records (bench/synth.py) into a throw-away database and builds the index (or
reuses ``--folder`` from an earlier run), then times ``search()`` in process, each query five
times, and prints the medians and the worst-to-normal ratio for docs/search.md.
"""

import argparse
import json
import os
import random
import statistics
import string
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import load_records, make_bench_app  # noqa: E402
from quality import DEFAULT  # noqa: E402
from synth import generate  # noqa: E402

from directory import search  # noqa: E402
from directory.search import index  # noqa: E402
from directory.search.suggest import suggester_for  # noqa: E402

NORMAL = [
    "xử lý nước thải",
    "lò hơi đốt trấu",
    "xe ép rác",
    "quan trắc khí thải tự động",
    "bao bì sinh học phân hủy",
    "biogas chăn nuôi heo",
    "tư vấn ĐTM",
    "thu gom chất thải nguy hại",
]
TYPOS = ["xu ly nuoc thaii", "lo hoii dot trau", "quan trac khi thai tu dongg", "bao bi sinh hocc"]


def unknown_words(n: int, length: int, rnd: random.Random) -> list[str]:
    """``n`` queries of 12 made-up words of ``length`` letters: every word is unknown."""
    letters = string.ascii_lowercase
    return [
        " ".join("".join(rnd.choice(letters) for _ in range(length)) for _ in range(12))
        for _ in range(n)
    ]


def median_ms(queries: list[str], repeat: int = 5) -> float:
    times = []
    for q in queries:
        for _ in range(repeat):
            start = time.perf_counter()
            search.search(q, per_page=20)
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=10000)
    parser.add_argument("--needs", type=int, default=2000)
    parser.add_argument("--folder", help="reuse the database and index of an earlier run")
    args = parser.parse_args()
    reuse = bool(args.folder and os.path.exists(os.path.join(args.folder, "bench.sqlite")))
    app, folder = make_bench_app(args.folder)
    if args.folder:
        os.makedirs(folder, exist_ok=True)
    with app.test_request_context():
        if not reuse:
            with open(DEFAULT, encoding="utf-8") as fh:
                data = generate(json.load(fh), args.offerings, args.needs)
            load_records(data)
            search.reindex()
        rnd = random.Random(3)
        reader = index.searcher().reader()
        start = time.perf_counter()
        suggester_for(reader)
        built = (time.perf_counter() - start) * 1000
        median_ms(NORMAL[:2])  # warm the searcher and its caches
        normal = median_ms(NORMAL)
        rows = [("normal", len(NORMAL), normal), ("one or two typos", len(TYPOS), median_ms(TYPOS))]
        mixed = [f"{q} {' '.join(unknown_words(1, 15, rnd)[0].split()[:3])}" for q in NORMAL]
        rows.append(("normal + 3 unknown 15-letter words", len(mixed), median_ms(mixed)))
        for length in (16, 15, 7):
            queries = unknown_words(10, length, rnd)
            rows.append((f"12 unknown {length}-letter words", len(queries), median_ms(queries)))
        print(f"folder: {folder}")
        vocabulary = suggester_for(index.searcher().reader()).size
        print(f"deletion table built in {built:.0f} ms for {vocabulary} words")
        print("| query | queries | median ms | × normal |")
        print("|---|---:|---:|---:|")
        for name, n, ms in rows:
            print(f"| {name} | {n} | {ms:.1f} | {ms / normal:.1f} |")
        print("suggestions:", [search.search(q).suggestion for q in TYPOS])


if __name__ == "__main__":
    main()
