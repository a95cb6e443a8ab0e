"""Open-data speed (issue 11): NDJSON export of N offerings, its memory, and 304 vs a page.

    .venv/bin/python bench/export.py [--rows 10000]

Seeds ``rows`` offerings (and rows/20 organizations) in a throw-away SQLite database, then:
- exports /api/v1/export/offerings.ndjson through the WSGI app, consuming the stream; time,
  and peak Python memory (tracemalloc) once a quarter of the rows is out and at the end
  (equal peaks: memory does not grow with the row count);
- times GET /api/v1/offerings?per_page=100 against the same request with its ETag in
  If-None-Match (304), median CPU time of 20 each (CPU time: the shared machine's load
  would swamp wall-clock figures).
Results are recorded in docs/api.md.
"""

import argparse
import statistics
import time
import tracemalloc

from common import make_bench_app

from directory.extensions import db
from directory.offerings.models import Offering
from directory.organizations.models import Organization
from directory.reference.models import Sector


def seed(rows: int) -> None:
    sectors = list(db.session.scalars(db.select(Sector)))
    orgs = [
        Organization(name=f"Công ty Môi trường số {n}", kind="company", description="Dịch vụ.")
        for n in range(max(1, rows // 20))
    ]
    db.session.add_all(orgs)
    db.session.flush()
    for n in range(rows):
        db.session.add(
            Offering(
                organization=orgs[n % len(orgs)],
                type="service",
                title=f"Giải pháp xử lý số {n}",
                description="Xử lý nước thải, khí thải và chất thải rắn. " * 5,
                sectors=[sectors[n % len(sectors)]],
                standards=["QCVN 14:2025/BTNMT"],
            )
        )
        if n % 2000 == 1999:
            db.session.flush()
    db.session.commit()


def export(client, trace: bool = True) -> tuple[float, float, int, int, int]:
    """(seconds, CPU seconds, lines, peak bytes after a quarter of the lines, peak bytes at
    the end) of one streamed export, read chunk by chunk as a client would."""
    if trace:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    response = client.get("/api/v1/export/offerings.ndjson", buffered=False)
    assert response.status_code == 200, response.status_code
    expected = db.session.scalar(db.select(db.func.count()).select_from(Offering))
    lines, quarter_peak = 0, 0
    for chunk in response.response:
        lines += chunk.count(b"\n") if isinstance(chunk, bytes) else chunk.count("\n")
        if trace and not quarter_peak and lines >= expected // 4:
            quarter_peak = tracemalloc.get_traced_memory()[1]
    response.close()
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    tracemalloc.stop()
    return seconds, cpu, lines, quarter_peak, peak


def conditional(client) -> tuple[float, float]:
    url = "/api/v1/offerings?per_page=100"
    etag = client.get(url).headers["ETag"]
    full, cached = [], []
    for _ in range(20):
        started = time.process_time()
        assert client.get(url).status_code == 200
        full.append(time.process_time() - started)
        started = time.process_time()
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        cached.append(time.process_time() - started)
    return statistics.median(full), statistics.median(cached)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=10_000)
    args = parser.parse_args()
    app, _folder = make_bench_app()
    app.config["TRUSTED_HOSTS"] = ["localhost"]  # the test client's host
    with app.app_context():
        seed(args.rows)
    client = app.test_client()
    with app.app_context():
        seconds, cpu, lines, _, _ = export(client, trace=False)
        _, _, _, quarter_peak, peak = export(client)
    print(
        f"export {lines} offerings as NDJSON: {seconds:.2f} s ({cpu:.2f} s CPU); peak Python "
        f"memory {quarter_peak / 1e6:.1f} MB after the first quarter, {peak / 1e6:.1f} MB at "
        "the end (tracemalloc, a second run)"
    )
    with app.app_context():
        full, cached = conditional(client)
    print(
        f"GET offerings?per_page=100: {full * 1000:.1f} ms CPU; 304: {cached * 1000:.1f} ms"
        f" ({cached / full:.0%})"
    )


if __name__ == "__main__":
    main()
