"""Load the acknowledgement service on the loopback and print its figures: throughput, latency
percentiles, errors, and whether the chain is whole afterwards. Bounded: at most --count requests, each
a new person (a group acknowledging a new version), against PostgreSQL.

    python benchmarks/acknowledgements.py                       # a private PostgreSQL, 1 instance
    python benchmarks/acknowledgements.py --instances 2 --count 20000 --clients 64
    python benchmarks/acknowledgements.py --database postgresql://user@host/db   # an existing server
    python benchmarks/acknowledgements.py --smoke               # tiny, to keep the script working
    python benchmarks/acknowledgements.py --coverage 50000x100  # the coverage summary's time at that size

Target of issue 16: at least 500 acknowledgements per second, p99 under 100 ms. Figures are printed,
never asserted: the machine is shared.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import http.client
import json
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from governance.gate.works import Approval, Version, Work  # noqa: E402
from governance.promulgation import coverage  # noqa: E402
from governance.promulgation.catalog import build_catalog  # noqa: E402
from governance.promulgation.roster import Person  # noqa: E402
from governance.promulgation.store import Store  # noqa: E402
from tests.promulgation import works as p  # noqa: E402
from tests.promulgation.postgres import fresh_database, running_server  # noqa: E402
from tests.promulgation.servers import serving  # noqa: E402
from tests.promulgation.test_service import write_site  # noqa: E402


@contextlib.contextmanager
def database(url: str | None) -> Iterator[str]:
    if url is not None:
        yield url
        return
    with running_server() as server:
        yield fresh_database(server, "benchmark")


def load(urls: list[str], people: list[str], clients: int) -> tuple[list[float], int, int, float]:
    """Each client keeps one connection and posts for its share of people; latencies in ms."""
    latencies: list[float] = []
    failures = [0, 0]  # non-2xx answers, connection errors
    lock = threading.Lock()
    body = json.dumps({"digest": p.EDITORIAL_DIGEST}).encode()

    def client(index: int) -> None:
        url = urls[index % len(urls)]
        host, port = url.removeprefix("http://").split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=30)
        mine: list[float] = []
        bad = errors = 0
        for person in people[index::clients]:
            headers = {"X-Forwarded-Email": person, "Origin": url, "Content-Type": "application/json"}
            started = time.perf_counter()
            try:
                connection.request("POST", "/api/acknowledgements", body=body, headers=headers)
                answer = connection.getresponse()
                answer.read()
            except OSError:
                errors += 1
                connection.close()
                connection = http.client.HTTPConnection(host, int(port), timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if not 200 <= answer.status < 300:
                bad += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures[0] += bad
            failures[1] += errors

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, failures[0], failures[1], time.perf_counter() - started


def coverage_figures(url: str, size: str) -> None:
    """The coverage summary (the compliance page's query) for PEOPLE x REGULATIONS, 90% acknowledged;
    the acknowledgements are inserted by the database itself (generate_series), not through the chain."""
    count, regulations = (int(part) for part in size.split("x"))
    texts = [
        f"---\ntitle: Rules {n}\nissuer: IIJ\nenacted: 2026-04-01\ngoverned_by: board-of-directors\n---\n\n"
        f"# Rules {n}\n\n## Article 1. Scope\n\nRule {n}.\n"
        for n in range(regulations)
    ]
    works = [
        Work(f"rules-{n:03d}", f"regulations/rules-{n:03d}.md", [_version(f"rules-{n:03d}", text)])
        for n, text in enumerate(texts)
    ]
    catalog = build_catalog(works)
    store = Store(url)
    store.upgrade()
    roster = [Person(f"p{n:06d}", f"Person {n}", f"co-{n % 10}", None, None) for n in range(count)]
    started = time.perf_counter()
    with store.engine.begin() as connection:
        for n, work in enumerate(works):
            digest = work.versions[0].digest
            connection.exec_driver_sql(
                "INSERT INTO acknowledgements (seq, person, company, regulation, digest, effective, language, "
                "read_digest, at, previous, hash) "
                f"SELECT {n * count} + i, 'p' || lpad(i::text, 6, '0'), 'co-' || mod(i, 10), '{work.id}', "
                f"'{digest}', DATE '2026-04-01', 'en', '{digest}', '2026-05-01T00:00:00.000000Z', '', "
                f"'h{n}-' || i FROM generate_series(0, {count - 1}) AS i WHERE mod(i + {n}, 10) <> 0"
            )
        connection.exec_driver_sql("ANALYZE")
    loaded = time.perf_counter() - started
    started = time.perf_counter()
    store.replace_roster(roster)  # an import also rebuilds the tallies from every acknowledgement
    imported = time.perf_counter() - started
    timings = []
    for _ in range(3):
        started = time.perf_counter()
        lines = coverage.summary(store, catalog, p.TODAY)
        timings.append(time.perf_counter() - started)
    store.close()
    acknowledged = sum(line.acknowledged for line in lines)
    print(
        f"{'people':>8} {'regulations':>11} {'lines':>6} {'acknowledged':>12} {'load s':>7} "
        f"{'roster import s':>15} {'summary s (median of 3)':>24}"
    )
    print(
        f"{count:>8} {regulations:>11} {len(lines):>6} {acknowledged:>12} {loaded:>7.1f} {imported:>15.1f} "
        f"{statistics.median(timings):>24.2f}"
    )


def _version(work: str, text: str) -> Version:
    approval = Approval("BD-2026-001", "board-of-directors", date(2026, 4, 1), date(2026, 4, 1))
    digest = "sha256:" + hashlib.sha256(text.encode()).hexdigest()
    return Version(work, f"regulations/{work}.md", text, digest, "enact", approval, "0" * 40)


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database", help="PostgreSQL URL; default: a private server from Debian's binaries")
    parser.add_argument("--count", type=int, default=10_000, help="acknowledgements to send (one per person)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent connections")
    parser.add_argument(
        "--instances", type=int, default=1, help="`governance serve` processes on one database"
    )
    parser.add_argument("--smoke", action="store_true", help="200 requests, 4 clients")
    parser.add_argument("--coverage", metavar="PEOPLExREGULATIONS", help="time the coverage summary instead")
    args = parser.parse_args()
    if args.coverage:
        with database(args.database) as url:
            coverage_figures(url, args.coverage)
        return 0
    if args.smoke:
        args.count, args.clients = 200, 4
    people = [f"person{n:06d}@iij.example" for n in range(args.count)]
    with tempfile.TemporaryDirectory() as folder, database(args.database) as url:
        store = Store(url)
        store.upgrade()
        store.replace_roster([Person(person, person, "iij", None, None) for person in people])
        site = write_site(Path(folder) / "public")
        with contextlib.ExitStack() as stack:
            urls = [
                stack.enter_context(serving(site, url, *(["--no-migrate"] if n else [])))[0]
                for n in range(args.instances)
            ]
            latencies, bad, errors, seconds = load(urls, people, args.clients)
        report = store.verify()
        store.close()
    latencies.sort()

    def percentile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")

    print(
        f"{'instances':>9} {'clients':>7} {'requests':>8} {'non-2xx':>7} {'errors':>6} {'acks/s':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} chain"
    )
    print(
        f"{args.instances:>9} {args.clients:>7} {len(latencies):>8} {bad:>7} {errors:>6} "
        f"{len(latencies) / seconds:>8.0f} {statistics.median(latencies) if latencies else float('nan'):>7.1f} "
        f"{percentile(0.95):>7.1f} {percentile(0.99):>7.1f} {latencies[-1] if latencies else float('nan'):>7.1f} "
        f"{'whole' if report.ok else 'BROKEN'} ({report.count} records)"
    )
    return 0 if report.ok and report.count == len(latencies) - bad else 1


if __name__ == "__main__":
    sys.exit(main())
