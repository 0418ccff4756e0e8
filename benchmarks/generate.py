"""Build a realistic governed repository quickly: its objects written as one pack (benchmarks/gitpack.py),
its records signed in-process, instead of one `git commit` and one `ssh-keygen` per commit.

R regulations shaped like the seed (9 articles, about 3 KB), adopted by a signed baseline resolution;
then C commits on main, each amending one to three regulations together with its signed resolution; and
open proposal branches `proposal-N` that amend three regulations with their signed resolution, ready
for `governance check`. The key is derived from the seed, so the same arguments give the same commits;
`--reference` writes them the slow way (`git fast-import`, `ssh-keygen -Y sign`), which must give the
very same commit ids (tests/test_benchmark_generator.py).

    python benchmarks/generate.py OUT --regulations 1000 --commits 10000
    python benchmarks/generate.py OUT --regulations 5000 --commits 100000 --grouped
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import random
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import IO, Protocol

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gitpack import PackWriter

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


def _wire(data: bytes) -> bytes:
    return len(data).to_bytes(4, "big") + data


class Signer:
    """The secretary's Ed25519 key, derived from the seed, and signatures exactly as `ssh-keygen -Y sign`
    writes them (PROTOCOL.sshsig, SHA-512, armored in lines of 70): Ed25519 is deterministic, so the bytes
    are ssh-keygen's own, at 0.1 ms a record instead of a process per 500 and a file per record."""

    def __init__(self, seed: int) -> None:
        material = hashlib.sha256(f"benchmark secretary {seed}".encode()).digest()
        self.private = Ed25519PrivateKey.from_private_bytes(material)
        raw = self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )
        self.public_blob = _wire(b"ssh-ed25519") + _wire(raw)
        self.public_line = f"ssh-ed25519 {base64.b64encode(self.public_blob).decode()} {IDENTITY}"

    def openssh_private_key(self) -> bytes:
        return self.private.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
        )

    def sign(self, message: bytes) -> bytes:
        namespace = NAMESPACE.encode()
        hashed = hashlib.sha512(message).digest()
        signed = b"SSHSIG" + _wire(namespace) + _wire(b"") + _wire(b"sha512") + _wire(hashed)
        signature = _wire(b"ssh-ed25519") + _wire(self.private.sign(signed))
        blob = b"SSHSIG" + (1).to_bytes(4, "big") + _wire(self.public_blob) + _wire(namespace)
        blob += _wire(b"") + _wire(b"sha512") + _wire(signature)
        armored = base64.b64encode(blob)
        lines = [armored[i : i + 70] for i in range(0, len(armored), 70)]
        return b"-----BEGIN SSH SIGNATURE-----\n" + b"\n".join(lines) + b"\n-----END SSH SIGNATURE-----\n"


def sign_in_process(records: list[Record], signer: Signer) -> None:
    for record in records:
        record.signature = signer.sign(record.text.encode())


def sign_with_ssh_keygen(records: list[Record], key: Path, workdir: Path) -> None:
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


class Writer(Protocol):
    def commit(
        self, branch: str, message: str, files: dict[str, bytes], parent: str | None, when: int
    ) -> str: ...

    def close(self) -> None: ...


class FastImport:
    """Streams commits into `git fast-import` (the reference writer); every commit is a full description
    of the files it changes."""

    def __init__(self, repository: Path) -> None:
        self.process = subprocess.Popen(
            ["git", "fast-import", "--quiet"], cwd=repository, stdin=subprocess.PIPE
        )
        assert self.process.stdin is not None
        self.stream: IO[bytes] = self.process.stdin
        self.mark = 0

    def commit(
        self, branch: str, message: str, files: dict[str, bytes], parent: str | None, when: int
    ) -> str:
        self.mark += 1
        out: list[bytes] = []
        out.append(f"commit refs/heads/{branch}\nmark :{self.mark}\n".encode())
        who = f"Bench <bench@example.com> {when} +0000\n"
        out.append(f"author {who}committer {who}".encode())
        data = message.encode()
        out.append(b"data %d\n%s\n" % (len(data), data))
        if parent is not None:
            out.append(f"from {parent}\n".encode())
        for path, content in files.items():
            out.append(f"M 100644 inline {path}\ndata {len(content)}\n".encode() + content + b"\n")
        self.stream.write(b"".join(out))
        return f":{self.mark}"

    def close(self) -> None:
        self.stream.close()
        if self.process.wait() != 0:
            sys.exit("error: git fast-import failed")


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
    out: Path,
    regulations: int,
    commits: int,
    proposals: int,
    *,
    grouped: bool = False,
    seed: int = 7,
    reference: bool = False,
) -> None:
    if out.exists() and any(out.iterdir()):
        sys.exit(f"error: {out} exists and is not empty; remove it or choose another folder")
    started = time.perf_counter()
    rng = random.Random(seed)
    layout = Layout(grouped)
    out.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", "-b", "main", str(out)], check=True)
    signer = Signer(seed)
    (out / "secretary-key").write_bytes(signer.openssh_private_key())  # for manual experiments; outside git
    (out / "secretary-key").chmod(0o600)

    revisions = {n: [0] * len(ARTICLES) for n in range(1, regulations + 1)}
    names = {n: layout.regulation(n) for n in revisions}
    decisions = [(names[n], "enact", digest(regulation_text(n, revisions[n]))) for n in names]
    records = [Record("BL-2000-001", record_text("BL-2000-001", FIRST_DAY, decisions))]

    # Plan main's amendments and the proposals first, then sign every record. A plan keeps each text's
    # revisions, not the text (100,000 commits of texts would not fit memory).
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
    planned = time.perf_counter()
    if reference:
        with tempfile.TemporaryDirectory() as tmp:
            key = Path(tmp) / "secretary"
            key.write_bytes(signer.openssh_private_key())
            key.chmod(0o600)
            sign_with_ssh_keygen(records, key, Path(tmp))
    else:
        sign_in_process(records, signer)
    signed = time.perf_counter()

    def files_of(record: Record, texts: list[tuple[int, tuple[int, ...]]]) -> dict[str, bytes]:
        files = {f"regulations/{names[n]}.md": regulation_text(n, list(revs)).encode() for n, revs in texts}
        path = layout.record(record.record_id)
        return {**files, path: record.text.encode(), f"{path}.sig": record.signature}

    writer: Writer = FastImport(out) if reference else PackWriter(out)
    clock = 946_684_800  # 2000-01-01: one commit an hour
    adoption = {
        "governance.yml": layout.config(),
        "resolutions/bodies.yml": (
            b"bodies:\n  board-of-directors: {name: Board of Directors, members: 9, quorum: majority,"
            b" majority: simple, written_consent: true}\n"
        ),
        "resolutions/allowed_signers": f'{IDENTITY} namespaces="{NAMESPACE}" {signer.public_line}\n'.encode(),
        **{f"regulations/{names[n]}.md": regulation_text(n, [0] * len(ARTICLES)).encode() for n in names},
        **files_of(records[0], []),
    }
    clock += 3600
    tip = writer.commit("main", "Adopt regulation governance", adoption, None, clock)
    for record, texts in plan[: commits - 1]:
        clock += 3600
        tip = writer.commit("main", f"Amend per {record.record_id}", files_of(record, texts), tip, clock)
    for index, (record, texts) in enumerate(plan[commits - 1 :], start=1):
        clock += 3600
        message = f"Proposal {index} with {record.record_id}"
        writer.commit(f"proposal-{index}", message, files_of(record, texts), tip, clock)
    writer.close()
    written = time.perf_counter()
    subprocess.run(["git", "checkout", "-q", "-f", "main"], cwd=out, check=True)
    finished = time.perf_counter()
    print(
        f"generated {out}: {regulations} regulations, {commits} commits, {proposals} proposals "
        f"({'grouped' if grouped else 'flat'} layout) in {finished - started:.1f} s: planned in "
        f"{planned - started:.1f} s, signed in {signed - planned:.1f} s, written in {written - signed:.1f} s "
        f"({'git fast-import' if reference else 'one pack'}), checked out in {finished - written:.1f} s"
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
    parser.add_argument("--seed", type=int, default=7, help="the same seed gives the same commits")
    parser.add_argument(
        "--reference",
        action="store_true",
        help="write with git fast-import and sign with ssh-keygen (slow): the commits must be the same",
    )
    args = parser.parse_args(argv)
    generate(
        args.out,
        args.regulations,
        args.commits,
        args.proposals,
        grouped=args.grouped,
        seed=args.seed,
        reference=args.reference,
    )


if __name__ == "__main__":
    main()
