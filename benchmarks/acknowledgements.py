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
import json
import os
import socket
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import psycopg

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
def database(url: str | None, *, durable: bool = False) -> Iterator[str]:
    if url is not None:
        yield url
        return
    with running_server(durable=durable) as server:
        yield fresh_database(server, "benchmark")


def load(urls: list[str], people: list[str], clients: int) -> tuple[list[float], int, int, float]:
    """Each client keeps one connection and posts for its share of people; latencies in ms.

    Raw sockets and requests built before the clock starts: the generator shares the machine's cores with
    the servers, so it spends as little CPU per request as it can (a third of http.client's)."""
    latencies: list[float] = []
    failures = [0, 0]  # non-2xx answers, connection errors
    lock = threading.Lock()
    body = json.dumps({"digest": p.EDITORIAL_DIGEST}).encode()

    def request(url: str, person: str) -> bytes:
        host = url.removeprefix("http://")
        return (
            f"POST /api/acknowledgements HTTP/1.1\r\nHost: {host}\r\nX-Forwarded-Email: {person}\r\n"
            f"Origin: {url}\r\nContent-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n"
        ).encode() + body

    def client(index: int) -> None:
        url = urls[index % len(urls)]
        host, port = url.removeprefix("http://").split(":")
        requests = [request(url, person) for person in people[index::clients]]
        connection = socket.create_connection((host, int(port)), timeout=30)
        mine: list[float] = []
        bad = errors = 0
        for data in requests:
            started = time.perf_counter()
            try:
                connection.sendall(data)
                status = _answer(connection)
            except OSError:
                errors += 1
                connection.close()
                connection = socket.create_connection((host, int(port)), timeout=30)
                continue
            mine.append((time.perf_counter() - started) * 1000)
            if not 200 <= status < 300:
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


def _answer(connection: socket.socket) -> int:
    """Read one HTTP/1.1 answer with a Content-Length (the service's are); its status."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        data += chunk
    head, _, rest = data.partition(b"\r\n\r\n")
    lines = head.split(b"\r\n")
    length = next(int(line[15:]) for line in lines if line[:15].lower() == b"content-length:")
    while len(rest) < length:
        chunk = connection.recv(65536)
        if not chunk:
            raise ConnectionResetError("the server closed the connection")
        rest += chunk
    return int(lines[0].split(b" ", 2)[1])


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU of the processes so far (Linux /proc), the ones gone since counting nothing."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
            total += int(fields[11]) + int(fields[12])
    return total / tick


def postmaster(url: str) -> int | None:
    """The PostgreSQL server's main process when it runs on this machine."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(plain) as connection:
        row = connection.execute("SELECT pg_backend_pid()").fetchone()
        assert row is not None
        try:  # while the connection is open: its backend ends with it
            stat = Path(f"/proc/{row[0]}/stat").read_text()
        except OSError:
            return None  # a remote server
    return int(stat.rpartition(")")[2].split()[1])


def commits(url: str) -> int:
    """Transactions committed in the database so far (PostgreSQL's statistics; they lag by up to half a
    second, hence the pause)."""
    plain = url.replace("postgresql+psycopg://", "postgresql://")
    time.sleep(0.6)
    with psycopg.connect(plain, autocommit=True) as connection:
        connection.execute("SELECT pg_stat_clear_snapshot()")
        row = connection.execute(
            "SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()"
        ).fetchone()
    assert row is not None
    return int(row[0])


def database_cpu_seconds(main: int | None) -> float:
    """The server's main process and its children now (a backend started since began at nothing)."""
    if main is None:
        return 0.0
    found = [main]
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                if int((entry / "stat").read_text().rpartition(")")[2].split()[1]) == main:
                    found.append(int(entry.name))
    return cpu_seconds(found)


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
    parser.add_argument(
        "--durable",
        action="store_true",
        help="the private PostgreSQL with fsync on (each commit waits for the disk); default off, as in the tests",
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
    with tempfile.TemporaryDirectory() as folder, database(args.database, durable=args.durable) as url:
        store = Store(url)
        store.upgrade()
        store.replace_roster([Person(person, person, "iij", None, None) for person in people])
        site = write_site(Path(folder) / "public")
        with contextlib.ExitStack() as stack:
            servers = [
                stack.enter_context(serving(site, url, *(["--no-migrate"] if n else [])))
                for n in range(args.instances)
            ]
            pids = [process.pid for _, process in servers]
            main_process = postmaster(url)
            committed = commits(url)
            before = (time.process_time(), cpu_seconds(pids), database_cpu_seconds(main_process))
            latencies, bad, errors, seconds = load([address for address, _ in servers], people, args.clients)
            after = (time.process_time(), cpu_seconds(pids), database_cpu_seconds(main_process))
            committed = commits(url) - committed
        report = store.verify()
        store.close()
    latencies.sort()

    def percentile(q: float) -> float:
        return latencies[min(len(latencies) - 1, int(q * len(latencies)))] if latencies else float("nan")

    def per_ack(index: int) -> float:
        return 1000 * (after[index] - before[index]) / max(1, len(latencies))

    print(
        f"{'instances':>9} {'clients':>7} {'requests':>8} {'non-2xx':>7} {'errors':>6} {'acks/s':>8} "
        f"{'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'max ms':>7} {'CPU ms/ack: load':>16} {'service':>7} "
        f"{'database':>8} {'acks/commit':>11} chain"
    )
    database_cpu = f"{per_ack(2):>8.2f}" if main_process else f"{'-':>8}"
    print(
        f"{args.instances:>9} {args.clients:>7} {len(latencies):>8} {bad:>7} {errors:>6} "
        f"{len(latencies) / seconds:>8.0f} {statistics.median(latencies) if latencies else float('nan'):>7.1f} "
        f"{percentile(0.95):>7.1f} {percentile(0.99):>7.1f} {latencies[-1] if latencies else float('nan'):>7.1f} "
        f"{per_ack(0):>16.2f} {per_ack(1):>7.2f} {database_cpu} {len(latencies) / max(1, committed):>11.1f} "
        f"{'whole' if report.ok else 'BROKEN'} ({report.count} records)"
    )
    return 0 if report.ok and report.count == len(latencies) - bad else 1


if __name__ == "__main__":
    sys.exit(main())
