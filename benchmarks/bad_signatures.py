"""A clone of a benchmark repository (generate.py) with one more commit that adds COUNT records whose
signatures are bad, for the audit to refuse (fourth red-team review: each bad signature went to ssh-keygen,
7 ms a process).

    python benchmarks/bad_signatures.py SOURCE TARGET --kind garbage|wrong [--count 1000]
    cd TARGET && governance audit main --format json   # exit 1: the commit is refused

`garbage`: each .sig is text that is no SSH signature. `wrong`: each .sig is a real signature by the
allowed key (the repository's first record's), made for another record: an adversary needs no private key
for it. Each record is the first record of SOURCE with its own id, so the records parse and their
signatures are verified.
"""

from __future__ import annotations

import argparse
import subprocess
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path)
    parser.add_argument("target", type=Path)
    parser.add_argument("--kind", choices=("garbage", "wrong"), required=True)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    subprocess.run(["git", "clone", "-q", str(args.source), str(args.target)], check=True)
    folder = args.target / "resolutions"
    template = sorted(folder.glob("BD-*.yml"))[0]
    record, signature = (
        template.read_text(encoding="utf-8"),
        template.with_name(template.name + ".sig").read_text(),
    )
    ident = template.stem
    for number in range(args.count):
        new = f"BD-2099-{number:06d}"
        (folder / f"{new}.yml").write_text(record.replace(ident, new), encoding="utf-8")
        bad = signature if args.kind == "wrong" else f"not a signature {number}\n"
        (folder / f"{new}.yml.sig").write_text(bad, encoding="utf-8")
    subprocess.run(["git", "-C", str(args.target), "add", "-A"], check=True)
    subprocess.run(
        [
            "git",
            "-C",
            str(args.target),
            "commit",
            "-q",
            "-m",
            f"{args.count} records, {args.kind} signatures",
        ],
        check=True,
    )


if __name__ == "__main__":
    main()
