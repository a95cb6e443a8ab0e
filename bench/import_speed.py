"""Import speed at ten times a province (issue 4: "import of that data ≤ 60 s").

    .venv/bin/python bench/import_speed.py [--offerings 10000] [--needs 2000]
        [--postgres postgresql://postgres@127.0.0.1:5432/test] [--schema bench_import]

Writes the synthetic data (bench/synth.py) as an import JSON file, then on a fresh SQLite
database and on a fresh PostgreSQL schema times, as separate processes:
``flask --app directory import-data`` with the index off (the outbox is left to fill), the same
import with the index brought up to date before the command returns, and ``reindex``. The same
texts go into a SQLite FTS5 table on disk for the ratio. Prints a Markdown table.
"""

import argparse
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from common import make_bench_app  # noqa: E402
from quality import DEFAULT  # noqa: E402
from synth import generate  # noqa: E402

from directory.search.schema import fold  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FLASK = os.path.join(os.path.dirname(sys.executable), "flask")
# The import with the index off: the same command, with the outbox drain switched off.
NO_INDEX = (
    "import sys; import directory.search.outbox as o; o.drain = lambda timeout=None: 0; "
    "from flask.cli import main; sys.argv[0] = 'flask'; main()"
)


def fresh_database(folder: str, url: str | None, schema: str | None) -> str:
    os.makedirs(folder, exist_ok=True)
    if schema:
        from sqlalchemy import create_engine, text

        engine = create_engine(url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            conn.execute(text(f'CREATE SCHEMA "{schema}"'))
        engine.dispose()
        url = f"{url}?options=-csearch_path%3D{schema}"
    url = url or "sqlite:///" + os.path.join(folder, "bench.sqlite")
    make_bench_app(folder, database_url=url)  # tables and reference data
    return url


def run(url: str, folder: str, *args, index: bool = True) -> float:
    env = dict(
        os.environ,
        DATABASE_URL=url,
        SEARCH_INDEX_DIR=os.path.join(folder, "index"),
        SECRET_KEY="bench",
        DIRECTORY_ENV="development",
    )
    command = [FLASK] if index else [sys.executable, "-c", NO_INDEX]
    start = time.perf_counter()
    done = subprocess.run(
        [*command, "--app", "directory", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{args} failed:\n{done.stdout}\n{done.stderr}")
    label = (
        args[0] if args[0] != "import-data" else f"import-data, index {'on' if index else 'off'}"
    )
    print(f"  {label}: {seconds:.1f} s", flush=True)
    return seconds


def measure(data_file: str, url: str | None = None, schema: str | None = None) -> dict:
    figures = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        off_url = fresh_database(os.path.join(folder, "off"), url, schema)
        figures["import, index off"] = run(
            off_url, os.path.join(folder, "off"), "import-data", data_file, index=False
        )
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        on_url = fresh_database(folder, url, schema)
        figures["import, index up to date"] = run(on_url, folder, "import-data", data_file)
        figures["reindex"] = run(on_url, folder, "reindex")
    return figures


def fts5(data: dict, folder: str) -> float:
    """The same texts (folded) into an FTS5 table in a SQLite file, committed."""
    start = time.perf_counter()
    con = sqlite3.connect(os.path.join(folder, "fts.sqlite"))
    con.execute(
        "CREATE VIRTUAL TABLE docs USING fts5(kind UNINDEXED, ref UNINDEXED, title, body,"
        " tokenize='unicode61 remove_diacritics 2')"
    )
    rows = [
        (
            kind,
            r["ref"],
            fold(r.get("title") or r.get("name") or ""),
            fold(r.get("description") or ""),
        )
        for kind in ("organizations", "offerings", "needs")
        for r in data[kind]
    ]
    con.executemany("INSERT INTO docs VALUES (?, ?, ?, ?)", rows)
    con.commit()
    con.close()
    return time.perf_counter() - start


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--offerings", type=int, default=10_000)
    parser.add_argument("--needs", type=int, default=2_000)
    parser.add_argument("--postgres", default="postgresql://postgres@127.0.0.1:5432/test")
    parser.add_argument("--schema", default="bench_import_speed")
    args = parser.parse_args()
    with open(DEFAULT, encoding="utf-8") as fh:
        data = generate(json.load(fh), args.offerings, args.needs)
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-import-") as folder:
        data_file = os.path.join(folder, "import.json")
        with open(data_file, "w", encoding="utf-8") as fh:
            json.dump(data, fh, ensure_ascii=False)
        print("SQLite", flush=True)
        results["SQLite"] = measure(data_file)
        if args.postgres:
            print("PostgreSQL", flush=True)
            results["PostgreSQL"] = measure(data_file, args.postgres, args.schema)
        fts = fts5(data, folder)
    records = sum(len(data[k]) for k in ("organizations", "offerings", "needs"))
    print(f"\n{records} records ({args.offerings} offerings, {args.needs} needs)\n")
    print("| measure | " + " | ".join(results) + " |")
    print("|---|" + "---:|" * len(results))
    for name in next(iter(results.values())):
        print(f"| {name} | " + " | ".join(f"{r[name]:.1f} s" for r in results.values()) + " |")
    print(f"| same texts into SQLite FTS5 (file, committed) | {fts:.1f} s | |")
    for db_name, r in results.items():
        index_cost = r["import, index up to date"] - r["import, index off"]
        print(
            f"\n{db_name}: the index adds {index_cost:.1f} s to the import; reindex is "
            f"{r['reindex'] / fts:.0f}× the FTS5 load"
        )


if __name__ == "__main__":
    main()
