"""Build a realistic governed repository quickly, with `git fast-import` (not one `git commit` per commit).

R regulations shaped like the seed (9 articles, about 3 KB), adopted by a signed baseline resolution;
then C commits on main, each amending one to three regulations together with its signed resolution; and
open proposal branches `proposal-N` that amend three regulations with their signed resolution, ready
for `governance check`. Records are signed in batches (`ssh-keygen -Y sign` takes many files at once).

    python benchmarks/generate.py OUT --regulations 1000 --commits 10000
"""

from __future__ import annotations

import argparse
import hashlib
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO

NAMESPACE = "regulation-governance"
IDENTITY = "secretary@bench.example"
FIRST_DAY = date(2000, 1, 3)
ARTICLES = [
    "Purpose",
    "Definitions",
    "Prohibition",
    "Determination",
    "Internal control",
    "Supervision of partners",
    "Disciplinary measures",
    "Scope of application",
    "Amendments and rescissions",
]
SENTENCE = (
    "Each company of the Group must, for each country where its operating sites are located, maintain "
    "appropriate internal control frameworks and keep records that allow the department in charge to "
    "verify compliance with these regulations at any time."
)


@dataclass
class Record:
    record_id: str
    text: str
    signature: bytes = b""


def regulation_text(number: int, revisions: list[int]) -> str:
    """The text of regulation `number` after `revisions[k]` amendments of article k+1."""
    lines = [
        "---",
        f"title: Regulation {number:05d}",
        "issuer: Benchmark Group Inc.",
        "enacted: 2000-01-01",
        "governed_by: board-of-directors",
        "language: en",
        "---",
        "",
        f"# Regulation {number:05d}",
        "",
        "Benchmark Group Inc.",
        "",
        "Enacted: January 1, 2000",
        "",
    ]
    for index, title in enumerate(ARTICLES, start=1):
        lines += [f"## Article {index}. {title}", ""]
        revision = revisions[index - 1]
        suffix = f" This article was revised {revision} times." if revision else ""
        lines += [f"1. {SENTENCE}{suffix}", "", f"2. {SENTENCE} See Article {1 + index % 9}.", ""]
    return "\n".join(lines)


def digest(text: str) -> str:
    return "sha256:" + hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_text(record_id: str, day: date, decisions: list[tuple[str, str, str]]) -> str:
    lines = [
        f"id: {record_id}",
        "body: board-of-directors",
        f"date: {day.isoformat()}",
        "attendance: {members: 9, present: 7}",
        "votes: {for: 6, against: 1, abstain: 0}",
        "decisions:",
    ]
    for regulation, action, text_digest in decisions:
        lines += [f"  - regulation: {regulation}", f"    action: {action}", f"    digest: {text_digest}"]
    lines.append("recorded_by: Benchmark Secretary")
    return "\n".join(lines) + "\n"


def sign_all(records: list[Record], key: Path, workdir: Path) -> None:
    paths = []
    for record in records:
        path = workdir / f"{record.record_id}.yml"
        path.write_text(record.text, encoding="utf-8")
        paths.append(path)
    for start in range(0, len(paths), 500):
        batch = paths[start : start + 500]
        subprocess.run(
            ["ssh-keygen", "-q", "-Y", "sign", "-f", str(key), "-n", NAMESPACE, *map(str, batch)],
            check=True,
            capture_output=True,
        )
    for record, path in zip(records, paths, strict=True):
        record.signature = path.with_name(path.name + ".sig").read_bytes()


class FastImport:
    """Streams commits into `git fast-import`; every commit is a full description of the files it changes."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        self.mark = 0
        self.clock = 946_684_800  # 2000-01-01

    def commit(self, branch: str, message: str, files: dict[str, bytes], parent: int | None) -> int:
        self.mark += 1
        self.clock += 3600
        out: list[bytes] = []
        out.append(f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode())
        who = f"Bench <bench@example.com> {self.clock} +0000\n"
        out.append(f"author {who}committer {who}".encode())
        data = message.encode()
        out.append(b"data %d\n%s\n" % (len(data), data))
        if parent is not None:
            out.append(f"from :{parent}\n".encode())
        for path, content in files.items():
            out.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
        self.stream.write(b"".join(out))
        return self.mark


@dataclass(frozen=True)
class Layout:
    """Where files go. `grouped` is the layout of a large group: regulations in a folder per company
    (100 each) and records in a folder per year (`records_by_year`), so no folder git rewrites on every
    commit holds more than a few thousand entries."""

    grouped: bool

    def regulation(self, number: int) -> str:
        """The regulation's id (its path below regulations/ without .md)."""
        name = f"reg-{number:05d}"
        return f"co-{(number - 1) // 100 + 1:03d}/{name}" if self.grouped else name

    def record(self, record_id: str) -> str:
        year = record_id.split("-")[1]
        return f"resolutions/{year}/{record_id}.yml" if self.grouped else f"resolutions/{record_id}.yml"

    def config(self) -> bytes:
        extra = "records_by_year: true\n" if self.grouped else ""
        return (
            f"# Generated for benchmarks.\nregulations: regulations\nrecords: resolutions\n{extra}".encode()
        )


def generate(
    out: Path, regulations: int, commits: int, proposals: int, *, grouped: bool = False, seed: int = 7
) -> None:
    if out.exists() and any(out.iterdir()):
        sys.exit(f"error: {out} exists and is not empty; remove it or choose another folder")
    started = time.perf_counter()
    rng = random.Random(seed)
    layout = Layout(grouped)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        key = workdir / "secretary"
        subprocess.run(
            ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", IDENTITY, "-f", str(key)], check=True
        )
        public = (workdir / "secretary.pub").read_text().strip()
        (out / "secretary-key").write_bytes(key.read_bytes())  # for manual experiments; outside git
        (out / "secretary-key").chmod(0o600)

        revisions = {n: [0] * len(ARTICLES) for n in range(1, regulations + 1)}
        names = {n: layout.regulation(n) for n in revisions}
        decisions = [(names[n], "enact", digest(regulation_text(n, revisions[n]))) for n in names]
        records = [Record("BL-2000-001", record_text("BL-2000-001", FIRST_DAY, decisions))]

        # Plan main's amendments and the proposals first: records must be signed before streaming. A
        # plan keeps each text's revisions, not the text (100,000 commits of texts would not fit memory).
        plan: list[tuple[Record, list[tuple[int, tuple[int, ...]]]]] = []
        span_days = 9000
        for index in range(1, commits):
            day = FIRST_DAY + timedelta(days=1 + index * span_days // max(commits, 1))
            record_id = f"BD-{day.year}-{index:06d}"
            chosen = rng.sample(range(1, regulations + 1), k=min(regulations, rng.randint(1, 3)))
            texts = []
            entry = []
            for n in chosen:
                revisions[n][rng.randrange(len(ARTICLES))] += 1
                texts.append((n, tuple(revisions[n])))
                entry.append((names[n], "amend", digest(regulation_text(n, revisions[n]))))
            record = Record(record_id, record_text(record_id, day, entry))
            records.append(record)
            plan.append((record, texts))
        last_day = FIRST_DAY + timedelta(days=span_days + 10)
        for index in range(1, proposals + 1):
            record_id = f"PR-{last_day.year}-{index:03d}"
            texts = []
            entry = []
            for n in rng.sample(range(1, regulations + 1), k=min(regulations, 3)):
                changed = list(revisions[n])
                changed[0] += 1000 + index
                texts.append((n, tuple(changed)))
                entry.append((names[n], "amend", digest(regulation_text(n, changed))))
            record = Record(record_id, record_text(record_id, last_day, entry))
            records.append(record)
            plan.append((record, texts))
        sign_all(records, key, workdir)

        def files_of(record: Record, texts: list[tuple[int, tuple[int, ...]]]) -> dict[str, bytes]:
            files = {
                f"regulations/{names[n]}.md": regulation_text(n, list(revs)).encode() for n, revs in texts
            }
            path = layout.record(record.record_id)
            return {**files, path: record.text.encode(), f"{path}.sig": record.signature}

        importer = subprocess.Popen(["git", "fast-import", "--quiet"], cwd=out, stdin=subprocess.PIPE)
        assert importer.stdin is not None
        fi = FastImport(importer.stdin)
        adoption = {
            "governance.yml": layout.config(),
            "resolutions/bodies.yml": (
                b"bodies:\n  board-of-directors: {name: Board of Directors, members: 9, quorum: majority,"
                b" majority: simple, written_consent: true}\n"
            ),
            "resolutions/allowed_signers": f'{IDENTITY} namespaces="{NAMESPACE}" {public}\n'.encode(),
            **{f"regulations/{names[n]}.md": regulation_text(n, [0] * len(ARTICLES)).encode() for n in names},
            **files_of(records[0], []),
        }
        tip = fi.commit("main", "Adopt regulation governance", adoption, None)
        for record, texts in plan[: commits - 1]:
            tip = fi.commit("main", f"Amend per {record.record_id}", files_of(record, texts), tip)
        for index, (record, texts) in enumerate(plan[commits - 1 :], start=1):
            fi.commit(
                f"proposal-{index}", f"Proposal {index} with {record.record_id}", files_of(record, texts), tip
            )
        importer.stdin.close()
        if importer.wait() != 0:
            sys.exit("error: git fast-import failed")
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)
    elapsed = time.perf_counter() - started
    print(
        f"generated {out}: {regulations} regulations, {commits} commits, {proposals} proposals "
        f"({'grouped' if grouped else 'flat'} layout) in {elapsed:.1f} s"
    )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--regulations", type=int, default=100)
    parser.add_argument("--commits", type=int, default=1000)
    parser.add_argument("--proposals", type=int, default=2)
    parser.add_argument(
        "--grouped", action="store_true", help="regulations in company folders, records in year folders"
    )
    args = parser.parse_args(argv)
    generate(args.out, args.regulations, args.commits, args.proposals, grouped=args.grouped)


if __name__ == "__main__":
    main()
