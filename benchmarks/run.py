"""Print how long the gate and the site take on generated repositories, against their baselines.

For each size (regulations, commits) it generates a repository once (cached under benchmarks/out/), then
for each operation prints the median wall time of several runs, the peak memory (RSS) of the process
tree, and the ratio to a baseline measured in the same run on the same repository:

- check   `governance check` of a proposal touching 3 regulations, vs the raw git work it needs
          (merge-base, diff --name-status, cat-file --batch of the changed blobs) plus `python -c pass`
- audit   `governance audit` of the whole history, vs `git log --first-parent --raw` of the same range
- audit-pr `governance audit proposal-1 --since main`: the gate's incremental audit, vs the same walk
- lint    `governance lint` of every regulation, in files per second
- site    (--site) `mkdocs build` of the governed site, vs a plain `mkdocs build` of as many static pages

    python benchmarks/run.py                      # sizes 100x1000 and 1000x10000
    python benchmarks/run.py --sizes 100x1000 --runs 5 --site
    python benchmarks/run.py --smoke              # the smallest size, one run: CI runs this
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))
import generate  # noqa: E402

BIN = Path(sys.executable).parent


@dataclass
class Sample:
    seconds: float
    peak_mib: float


def measure(argv: Sequence[str], cwd: Path, stdin: bytes | None = None, ok: Sequence[int] = (0,)) -> Sample:
    """Run once; wall time and the peak RSS of the process and its waited-for children (wait4)."""
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv), cwd=cwd, env=env, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    assert process.stdin is not None and process.stderr is not None
    if stdin is not None:
        process.stdin.write(stdin)
    process.stdin.close()
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    error = process.stderr.read().decode(errors="replace")
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise SystemExit(f"error: {' '.join(argv)} exited {process.returncode}:\n{error[-2000:]}")
    return Sample(elapsed, usage.ru_maxrss / 1024)


def median_of(runs: int, once: Callable[[], Sample]) -> Sample:
    samples = [once() for _ in range(runs)]
    return Sample(statistics.median(s.seconds for s in samples), max(s.peak_mib for s in samples))


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


def raw_check_work(repo: Path) -> Sample:
    """What check needs from git, done with the fewest processes, plus a bare interpreter start."""
    started = time.perf_counter()
    peak = 0.0
    base = git(repo, "merge-base", "main", "proposal-1").strip()
    changed = git(repo, "diff", "--name-status", "--no-renames", base, "proposal-1").split("\n")
    paths = [line.split("\t", 1)[1] for line in changed if "\t" in line]
    query = "".join(f"proposal-1:{p}\n" for p in paths).encode()
    peak = max(peak, measure(["git", "cat-file", "--batch"], repo, stdin=query).peak_mib)
    peak = max(peak, measure([sys.executable, "-c", "pass"], repo).peak_mib)
    return Sample(time.perf_counter() - started, peak)


def ensure_repository(folder: Path, regulations: int, commits: int, *, grouped: bool = False) -> Path:
    out = folder / f"r{regulations}-c{commits}{'-grouped' if grouped else ''}"
    if not (out / ".git").exists():
        shutil.rmtree(out, ignore_errors=True)
        # In a process of its own: a fork of a large parent would count the parent's pages in the
        # peak memory (ru_maxrss) of every command measured afterwards.
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                str(out),
                "--regulations",
                str(regulations),
                "--commits",
                str(commits),
                "--proposals",
                "2",
                *(["--grouped"] if grouped else []),
            ],
            check=True,
        )
    return out


def row(name: str, size: str, sample: Sample, baseline: Sample | None, note: str = "") -> None:
    ratio = f"{sample.seconds / baseline.seconds:7.1f}x" if baseline and baseline.seconds > 0 else "       -"
    base = f"{baseline.seconds:9.3f}" if baseline else "        -"
    print(
        f"{name:<8} {size:<12} {sample.seconds:9.3f} {sample.peak_mib:9.0f} {base} {ratio}  {note}",
        flush=True,
    )


def site_build(repo: Path, runs: int, regulations: int) -> tuple[Sample, Sample, int]:
    """The governed site vs a plain MkDocs build of as many static pages, same theme and nav shape (one
    entry per regulation: the governed nav holds the texts in force only)."""
    project = repo.parent / f"{repo.name}-site"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(repo, project, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site", project / "site")
    governed = median_of(runs, lambda: measure([str(BIN / "mkdocs"), "build", "-q"], project))
    pages = sum(1 for _ in (project / "public").rglob("index.html"))
    plain = repo.parent / f"{repo.name}-plain"
    shutil.rmtree(plain, ignore_errors=True)
    docs = plain / "docs"
    docs.mkdir(parents=True)
    text = generate.regulation_text(1, [0] * 9).split("---\n", 2)[2]
    nav = []
    for index in range(pages):
        (docs / f"page-{index:06d}.md").write_text(text, encoding="utf-8")
        if index < regulations:
            nav.append(f"  - page-{index:06d}.md")
    (plain / "mkdocs.yml").write_text(
        "site_name: plain\ntheme:\n  name: material\n  font: false\n  features: [navigation.prune]\n"
        "nav:\n" + "\n".join(nav) + "\n",
        encoding="utf-8",
    )
    baseline = median_of(runs, lambda: measure([str(BIN / "mkdocs"), "build", "-q"], plain))
    return governed, baseline, pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="100x1000,1000x10000",
        help="comma-separated RxC; RxCg for the grouped layout (company folders, records by year)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--site", action="store_true", help="also build the site (slow at large sizes)")
    parser.add_argument("--smoke", action="store_true", help="smallest size, one run (CI)")
    parser.add_argument(
        "--out", type=Path, default=HERE / "out", help="where generated repositories are kept"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.runs = "5x20", 1
    print(f"{'op':<8} {'size':<12} {'median s':>9} {'peak MiB':>9} {'base s':>9} {'ratio':>8}")
    for size in args.sizes.split(","):
        grouped = size.lower().endswith("g")
        regulations, commits = (int(part) for part in size.lower().rstrip("g").split("x"))
        repo = ensure_repository(args.out, regulations, commits, grouped=grouped)
        bench_repository(repo, regulations, commits, args.runs, site=args.site)


def bench_repository(repo: Path, regulations: int, commits: int, runs: int, *, site: bool) -> None:
    governance = str(BIN / "governance")
    label = f"{regulations}x{commits}"

    def timed(*argv: str) -> Sample:
        return median_of(runs, lambda: measure(argv, repo))

    check = timed(governance, "check", "--base", "main", "--head", "proposal-1")
    row("check", label, check, median_of(runs, lambda: raw_check_work(repo)), "3 regulations changed")
    walk = timed("git", "log", "--first-parent", "--raw", "--no-renames", "main")
    row("audit", label, timed(governance, "audit", "main"), walk, f"{commits} commits")
    # What the gate runs on a pull request, and the hook on a push of 10 commits: only the commits after
    # the trusted one are judged, against `git log` of the same range.
    audit_pr = timed(governance, "audit", "proposal-1", "--since", "main")
    pr_walk = timed("git", "log", "--first-parent", "--raw", "--no-renames", "main..proposal-1")
    row("audit-pr", label, audit_pr, pr_walk, "--since the base")
    push = timed(governance, "audit", "main", "--since", "main~10")
    push_walk = timed("git", "log", "--first-parent", "--raw", "--no-renames", "main~10..main")
    row("push", label, push, push_walk, "--since main~10")
    lint = timed(governance, "lint")
    row("lint", label, lint, None, f"{regulations / lint.seconds:.0f} files/s")
    if site:
        governed, plain, pages = site_build(repo, runs, regulations)
        row("site", label, governed, plain, f"{pages} pages")


if __name__ == "__main__":
    main()
