"""Print how long the gate and the site take on generated repositories, each against a like-for-like
baseline timed in turn with it (A B A B ...: a drift of the machine's speed hits both sides alike).

For each size (regulations, commits) it generates a repository once (cached under --out), then for each
operation runs the pairs and prints the medians of wall and CPU time (user + sys of the process and
everything it waited for), the median of the per-pair ratios, and the peak memory (RSS) of the largest
process. Every row runs on a host's pack: the generator's pack stores every records tree whole, which
makes git's walk about 4x dearer than in a clone of the same history from a host, so beside the generated
repository it keeps a copy repacked as a host keeps it (`git repack -adf`: trees as deltas of each other)
and clones of that copy, made once and again whenever the generated history changes (its branches and
tags name other commits); the `pack` line of each size names them. The rows run in the clone (`push` in
a bare clone, the server's; `fresh` in a new clone each round), subject and baseline alike. The baselines
(benchmarks/README.md says why each is the floor):

- check    `governance check` of a proposal touching 3 regulations, vs the raw git work it needs
           (merge-base, diff --raw, cat-file --batch of the changed blobs) plus `python -c pass`
- lint1    `governance lint` of one file, vs `python -c pass`
- audit    `governance audit` of the whole history, vs its floor (a): `git log --first-parent --raw`
           piped into `git cat-file --batch` of every blob it names (the texts, records and signatures
           the audit reads)
- audit-v  the same audit vs floor (b): the same walk and blobs read by one Python process (this
           interpreter) that also verifies each record's signature once, Ed25519 through cryptography
           (signature_floor.py); the row says what (b) costs against (a)
- walk     the same audit vs the plain `git log --first-parent --raw` alone
- audit-pr `governance audit proposal-1 --since main` (the gate), vs the same floor on main..proposal-1
           plus `python -c pass`
- push     `governance hook pre-receive` told that main moved by 10 commits, in a bare clone of the
           host-packed copy (the server's repository, where the hook keeps its records index), vs the
           same floor on main~10..main
- fresh    the first `governance check` in a fresh clone (CI's: actions/checkout clones the whole
           history for every run), vs git's own walk of the records folder in such a clone (`git log
           --first-parent --raw` of it, each commit diffed once) plus the check's floor: a sound first
           check must read every records tree of the line once. The clone (of the host-packed copy)
           is made before each round, not timed
- lint     `governance lint` of every regulation, in files per second (no baseline)
- site     (--site) `mkdocs build` of the governed site (a daily build: the cache of the round before),
           vs a plain `mkdocs build` of the same pages: this repository's mkdocs.yml without the
           `regulations` plugin, the same guides, the same nav, the pages `governance render` writes (so as
           many pages and the same searchable set); `site-cold` is the governed build without its cache
           (a first build) against the same plain build, timed in the same rounds

    python benchmarks/run.py                      # sizes 100x1000 and 1000x10000
    python benchmarks/run.py --sizes 100x500 --runs 3 --site
    python benchmarks/run.py --smoke              # the smallest size, one pair: CI runs this
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent

BIN = Path(sys.executable).parent
SIGNATURE_FLOOR = HERE / "signature_floor.py"
PAGE_CACHE = "governance/site-pages.json.gz"  # governance.site.page_cache.FILE, below the git folder
# Every blob a first-parent walk names (the new side of each change), read in one stream: what an audit
# must at least do with git's help before judging anything.
BLOBS = "awk '$1 ~ /^:/ && $4 !~ /^0+$/ {print $4}' | git cat-file --batch >/dev/null"


@dataclass(frozen=True)
class Sample:
    seconds: float  # wall
    cpu: float  # user + sys of the process and the children it waited for
    peak_mib: float  # the largest single process


def measure(argv: Sequence[str], cwd: Path, ok: Sequence[int] = (0,)) -> Sample:
    """Run once; wall time, CPU time and peak RSS (wait4's rusage covers the waited-for children)."""
    env = {**os.environ}
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # a deployed tool has its bytecode cached
    started = time.perf_counter()
    process = subprocess.Popen(
        list(argv),
        cwd=cwd,
        env=env,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    assert process.stderr is not None
    error = process.stderr.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in ok:
        raise SystemExit(f"error: {' '.join(argv)} exited {process.returncode}:\n{error[-2000:]}")
    return Sample(elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024)


def shell(script: str) -> list[str]:
    return ["sh", "-c", script]


@dataclass(frozen=True)
class Comparison:
    """Medians over the rounds of one command and its baselines, timed in turn within each round."""

    subject: Sample
    baselines: list[Sample]
    ratios: list[float]  # median of the per-round wall ratios subject / baseline
    cpu_ratios: list[float]
    rounds: list[list[Sample]]  # each round: the subject, then each baseline

    def between(self, column: int, of: int) -> tuple[float, float]:
        """The medians of the per-round wall and CPU ratios of baseline `column` to baseline `of`."""
        pairs = [(r[column + 1], r[of + 1]) for r in self.rounds]
        return (
            statistics.median(a.seconds / max(b.seconds, 1e-9) for a, b in pairs),
            statistics.median(a.cpu / max(b.cpu, 1e-9) for a, b in pairs),
        )


def paired(runs: int, subject: Callable[[], Sample], *baselines: Callable[[], Sample]) -> Comparison:
    """A B (C) A B (C) ...; one warm-up round first when more than one round is asked for."""
    if runs > 1:
        for run in (subject, *baselines):
            run()
    rounds = [[run() for run in (subject, *baselines)] for _ in range(runs)]

    def median_sample(column: int) -> Sample:
        samples = [r[column] for r in rounds]
        return Sample(
            statistics.median(s.seconds for s in samples),
            statistics.median(s.cpu for s in samples),
            max(s.peak_mib for s in samples),
        )

    def ratio(column: int, of: Callable[[Sample], float]) -> float:
        return statistics.median(of(r[0]) / max(of(r[column]), 1e-9) for r in rounds)

    columns = range(1, len(baselines) + 1)
    return Comparison(
        median_sample(0),
        [median_sample(c) for c in columns],
        [ratio(c, lambda s: s.seconds) for c in columns],
        [ratio(c, lambda s: s.cpu) for c in columns],
        rounds,
    )


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=repo, check=True, capture_output=True, text=True).stdout


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


def refs(repository: Path) -> str | None:
    """Every branch and tag with the commit it names: two repositories that agree on them hold the same
    history (commit ids are digests of it). None when it is not a repository (a copy left half made)."""
    git_folder = repository / ".git" if (repository / ".git").is_dir() else repository
    listing = ["for-each-ref", "--format=%(objectname) %(refname)", "refs/heads", "refs/tags"]
    listed = subprocess.run(
        ["git", f"--git-dir={git_folder}", *listing],
        capture_output=True,
        text=True,
        check=False,
    )
    return listed.stdout if listed.returncode == 0 else None


def _copy_of(repo: Path, copy: Path, build: Callable[[Path], None]) -> bool:
    """Make `copy` of `repo` with `build` (into a folder renamed into place once whole) unless it holds
    the history `repo` holds now; True when it was made."""
    held = refs(copy) if copy.exists() else None
    if held is not None and held == refs(repo):
        return False
    building = copy.parent / f"{copy.name}.partial"
    shutil.rmtree(building, ignore_errors=True)
    build(building)
    shutil.rmtree(copy, ignore_errors=True)
    building.rename(copy)
    return True


def hosted_repository(repo: Path) -> tuple[Path, bool]:
    """A bare clone of `repo` repacked as a host keeps it and sends it to a clone (made once, again when
    `repo`'s history changes): the generator's pack stores each records folder's tree whole, a host's
    stores them as deltas of each other (git's own window and depth), and reading a tree from a delta costs
    a fraction of inflating it whole (git's walk of a generated repository is about 4x dearer than of a
    clone of the same history from a host)."""

    def build(building: Path) -> None:
        subprocess.run(["git", "clone", "-q", "--bare", str(repo), str(building)], check=True)
        # No bitmap index: a clone's objects are the same without it, and at 10,000 commits of 20,000
        # records writing one took longer than the deltas.
        repack = ["repack", "-a", "-d", "-f", "-q", "--no-write-bitmap-index"]
        subprocess.run(["git", "-C", str(building), *repack], check=True)

    hosted = repo.parent / f"{repo.name}-hosted.git"
    return hosted, _copy_of(repo, hosted, build)


def hosted_clone(repo: Path, hosted: Path) -> tuple[Path, bool]:
    """A clone of the host-packed copy, its branches all local as in `repo` (made once, again when `repo`'s
    history changes): the repository every row but `push` and `fresh` runs in. A local clone links the
    host's pack, so its objects are stored as a clone from a host stores them; the gate's caches in its
    git folder persist between runs, as in a developer's clone."""

    def build(building: Path) -> None:
        subprocess.run(["git", "clone", "-q", str(hosted), str(building)], check=True)
        current = git(building, "branch", "--show-current").strip()
        for branch in git(
            building, "for-each-ref", "--format=%(refname:lstrip=3)", "refs/remotes/origin"
        ).split():
            if branch not in {"HEAD", current}:
                git(building, "branch", "-q", branch, f"origin/{branch}")

    clone = repo.parent / f"{repo.name}-hosted-clone"
    return clone, _copy_of(repo, clone, build)


def server_repository(repo: Path, hosted: Path) -> tuple[Path, bool]:
    """A bare clone of the host-packed copy, as a server holds it (made once, again when `repo`'s history
    changes; the hook's records index lives in it)."""
    server = repo.parent / f"{repo.name}-hosted-server.git"

    def build(building: Path) -> None:
        subprocess.run(["git", "clone", "-q", "--bare", str(hosted), str(building)], check=True)

    return server, _copy_of(repo, server, build)


def in_fresh_clone(source: Path, argv: Sequence[str]) -> Callable[[], Sample]:
    """`argv` timed in a clone of `source` made just before (not timed) and removed after: what a CI
    job's first command meets (no cache of the gate in the git folder)."""

    def once() -> Sample:
        clone = Path(tempfile.mkdtemp(prefix="fresh-", dir=source.parent)) / "clone"
        try:
            subprocess.run(["git", "clone", "-q", str(source), str(clone)], check=True)
            return measure(argv, clone)
        finally:
            shutil.rmtree(clone.parent)

    return once


COLUMNS = f"{'op':<8} {'size':<12} {'wall s':>8} {'base s':>8} {'ratio':>7} {'cpu s':>7} {'base cpu':>8} {'ratio':>7} {'MiB':>6}  baseline"


def row(name: str, size: str, comparison: Comparison, index: int, baseline: str) -> None:
    """One line: the subject's medians, the baseline's, and the medians of the per-pair ratios."""
    subject, base = comparison.subject, comparison.baselines[index]
    print(
        f"{name:<8} {size:<12} {subject.seconds:8.3f} {base.seconds:8.3f} {comparison.ratios[index]:6.2f}x "
        f"{subject.cpu:7.3f} {base.cpu:8.3f} {comparison.cpu_ratios[index]:6.2f}x {subject.peak_mib:6.0f}  "
        f"{baseline}",
        flush=True,
    )


def plain_site(project: Path) -> Path:
    """The fair plain build: this repository's mkdocs.yml without the `regulations` plugin, its guides,
    and as static files the very pages (and nav) the plugin generates, as `governance render` writes
    them: as many pages, the same nav shape, the same pages excluded from search."""
    import yaml

    plain = project.parent / f"{project.name}-plain"
    shutil.rmtree(plain, ignore_errors=True)
    plain.mkdir()
    shutil.copytree(ROOT / "site", plain / "site")
    pages = project.parent / f"{project.name}-rendered"
    measure([str(BIN / "governance"), "render", "--out", str(pages)], project)
    for source in pages.rglob("*"):
        relative = source.relative_to(pages)
        if source.is_file() and relative.name not in {"nav.yml", ".governance-site"}:
            target = plain / "site" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(source, target)
    # mkdocs.yml is edited as text: its slugify tag is a Python object only MkDocs' loader may build.
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    without_plugin = "\n".join(
        line for line in text.splitlines() if line.strip().split("#")[0].strip() != "- regulations"
    )
    if without_plugin == text.rstrip("\n"):
        raise SystemExit("error: mkdocs.yml has no `- regulations` plugin line to leave out")
    generated_nav = yaml.safe_load((pages / "nav.yml").read_text(encoding="utf-8"))["nav"]
    nav_lines = yaml.safe_dump(generated_nav, allow_unicode=True, sort_keys=False).splitlines()
    without_plugin = without_plugin.replace(
        "\nnav:\n", "\nnav:\n" + "".join(f"  {line}\n" for line in nav_lines), 1
    )
    (plain / "mkdocs.yml").write_text(without_plugin + "\n", encoding="utf-8")
    return plain


def site_build(repo: Path, runs: int) -> tuple[Comparison, int]:
    """The governed site vs the fair plain build of the same pages (plain_site), and the governed site
    built without the last build's pages (governance.site.page_cache) as a second baseline: the first
    side is a daily build (its cache from the round before; the pages that depend on the date are made
    again on every build, so a build on the same day does the same work as one on the next)."""
    project = repo.parent / f"{repo.name}-site"
    shutil.rmtree(project, ignore_errors=True)
    shutil.copytree(repo, project, symlinks=True)
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    shutil.copytree(ROOT / "site", project / "site")
    plain = plain_site(project)
    mkdocs = [str(BIN / "mkdocs"), "build", "-q"]
    cold = shell(f"rm -f .git/{PAGE_CACHE} && exec {shlex.join(mkdocs)}")
    comparison = paired(
        runs,
        lambda: measure(mkdocs, project),
        lambda: measure(mkdocs, plain),
        lambda: measure(cold, project),
    )
    pages = sum(1 for _ in (project / "public").rglob("index.html"))
    plain_pages = sum(1 for _ in (plain / "public").rglob("index.html"))
    if pages != plain_pages:
        raise SystemExit(f"error: the plain build has {plain_pages} pages, the governed one {pages}")
    return comparison, pages


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--sizes",
        default="100x1000,1000x10000",
        help="comma-separated RxC; RxCg for the grouped layout (company folders, records by year)",
    )
    parser.add_argument("--runs", type=int, default=5, help="rounds of each pair (after one warm-up)")
    parser.add_argument("--site", action="store_true", help="also build the site (slow at large sizes)")
    parser.add_argument("--only", help="comma-separated operations to run (default: all)")
    parser.add_argument("--smoke", action="store_true", help="smallest size, one round (CI)")
    parser.add_argument(
        "--out", type=Path, default=HERE / "out", help="where generated repositories are kept"
    )
    args = parser.parse_args(argv)
    if args.smoke:
        args.sizes, args.runs = "5x20", 1
    only = set(args.only.split(",")) if args.only else None
    print(f"load average at start: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
    print(COLUMNS, flush=True)
    for size in args.sizes.split(","):
        grouped = size.lower().endswith("g")
        regulations, commits = (int(part) for part in size.lower().rstrip("g").split("x"))
        repo = ensure_repository(args.out, regulations, commits, grouped=grouped)
        bench_repository(repo, regulations, commits, args.runs, grouped=grouped, site=args.site, only=only)
    print(f"load average at end: {os.getloadavg()[0]:.1f}", flush=True)


def bench_repository(
    repo: Path,
    regulations: int,
    commits: int,
    runs: int,
    *,
    grouped: bool,
    site: bool,
    only: set[str] | None,
) -> None:
    governance = str(BIN / "governance")
    python = shlex.quote(sys.executable)
    label = f"{regulations}x{commits}{'g' if grouped else ''}"
    # Every row runs on a host's pack, as a developer's clone, CI's checkout and a server hold the history
    # (the generator's pack stores every records tree whole): each is a clone of one repacked copy.
    hosted, made = hosted_repository(repo)
    clone, clone_made = hosted_clone(repo, hosted)
    server, server_made = server_repository(repo, hosted)
    print(
        f"{'pack':<8} {label:<12} {hosted} (git repack -adf of {repo}, {'made now' if made else 'reused'}); "
        f"rows in its clone {clone.name} ({'made now' if clone_made else 'reused'}), push in "
        f"{server.name} ({'made now' if server_made else 'reused'}), fresh in a new clone each round",
        flush=True,
    )

    def run(*argv: str) -> Callable[[], Sample]:
        return lambda: measure(argv, clone)

    def in_folder(argv: Sequence[str], folder: Path) -> Callable[[], Sample]:
        return lambda: measure(argv, folder)

    def wanted(name: str) -> bool:
        return only is None or name in only

    def first_parent_walk(revisions: str) -> str:
        # The walk as the audit asks git for it (oldest first, every diff against the first parent).
        return (
            "git log --first-parent --reverse --raw --no-renames --no-abbrev --diff-merges=first-parent"
            f" --format= {revisions}"
        )

    def walk_and_blobs(revisions: str) -> str:
        # ... and each blob it names read once: an audit cannot judge a commit with less.
        return f"{first_parent_walk(revisions)} | {BLOBS}"

    if wanted("check"):
        floor = shell(
            "base=$(git merge-base main proposal-1) && git diff --raw --no-renames --no-abbrev $base proposal-1"
            " | awk '{print $3; print $4}' | grep -v '^0*$' | git cat-file --batch >/dev/null"
            f" && {python} -c pass"
        )
        comparison = paired(
            runs, run(governance, "check", "--base", "main", "--head", "proposal-1"), run(*floor)
        )
        row(
            "check",
            label,
            comparison,
            0,
            "merge-base + diff + cat-file of the changed blobs + python -c pass",
        )
    if wanted("lint1"):
        first = next(
            line for line in git(clone, "ls-files", "regulations").splitlines() if line.endswith(".md")
        )
        comparison = paired(runs, run(governance, "lint", first), run(sys.executable, "-c", "pass"))
        row("lint1", label, comparison, 0, "python -c pass")
    if wanted("audit"):
        verified = f"{first_parent_walk('main')} | {python} {shlex.quote(str(SIGNATURE_FLOOR))} >/dev/null"
        comparison = paired(
            runs,
            run(governance, "audit", "main"),
            run(*shell(walk_and_blobs("main"))),
            run(*shell(verified)),
            run("git", "log", "--first-parent", "--raw", "--no-renames", "main"),
        )
        row(
            "audit",
            label,
            comparison,
            0,
            f"(a) git log --first-parent --raw | cat-file --batch ({commits} commits)",
        )
        wall, cpu = comparison.between(1, of=0)
        row(
            "audit-v",
            label,
            comparison,
            1,
            f"(b) (a) + each record's signature verified once (signature_floor.py; (b) is {wall:.2f}x"
            f" wall, {cpu:.2f}x CPU of (a))",
        )
        row("walk", label, comparison, 2, "git log --first-parent --raw alone")
    if wanted("audit-pr"):
        floor = shell(f"{walk_and_blobs('main..proposal-1')} && {python} -c pass")
        comparison = paired(runs, run(governance, "audit", "proposal-1", "--since", "main"), run(*floor))
        row("audit-pr", label, comparison, 0, "the same floor on main..proposal-1 + python -c pass")
    if wanted("push"):
        # The server's hook itself, in a bare clone (the server's repository, where it keeps its records
        # index: governance/gate/records_index.py; the warm-up round builds it), told by git's stdin
        # that main moved by 10 commits.
        update = '"$(git rev-parse main~10) $(git rev-parse main) refs/heads/main"'
        hook = shell(f"echo {update} | exec {shlex.quote(governance)} hook pre-receive")
        floor = shell(f"echo {update} >/dev/null && {walk_and_blobs('main~10..main')} && {python} -c pass")
        comparison = paired(runs, in_folder(hook, server), in_folder(floor, server))
        row("push", label, comparison, 0, "the same floor on main~10..main + python -c pass")
    if wanted("fresh"):
        # As CI runs it: commit ids of the base and the head, in a clone of the whole history.
        base, head = git(clone, "rev-parse", "main", "proposal-1").split()
        records = "resolutions"  # generate.py's records folder, flat or a folder per year
        walk = (
            "git log --first-parent --sparse --full-history --raw --no-renames --no-abbrev"
            f" --diff-merges=first-parent --format=%H {base} -- {records}/ >/dev/null"
        )
        floor = shell(
            f"{walk} && git diff --raw --no-renames --no-abbrev {base} {head}"
            " | awk '{print $3; print $4}' | grep -v '^0*$' | git cat-file --batch >/dev/null"
            f" && {python} -c pass"
        )
        comparison = paired(
            runs,
            in_fresh_clone(hosted, [governance, "check", "--base", base, "--head", head]),
            in_fresh_clone(hosted, floor),
        )
        row(
            "fresh",
            label,
            comparison,
            0,
            "git's walk of the records folder + the check's floor (fresh clones)",
        )
    if wanted("lint"):
        lint = paired(runs, run(governance, "lint"))
        print(
            f"{'lint':<8} {label:<12} {lint.subject.seconds:8.3f} {'-':>8} {'-':>7} {lint.subject.cpu:7.3f} "
            f"{'-':>8} {'-':>7} {lint.subject.peak_mib:6.0f}  {regulations / lint.subject.seconds:.0f} files/s",
            flush=True,
        )
    if site and wanted("site"):
        comparison, pages = site_build(clone, runs)
        row("site", label, comparison, 0, f"plain mkdocs build of the same {pages} pages (a daily build)")
        cold, plain = comparison.baselines[1], comparison.baselines[0]
        wall, cpu = comparison.between(1, of=0)
        print(
            f"{'site-cold':<8} {label:<12} {cold.seconds:8.3f} {plain.seconds:8.3f} {wall:6.2f}x "
            f"{cold.cpu:7.3f} {plain.cpu:8.3f} {cpu:6.2f}x {cold.peak_mib:6.0f}  "
            f"a first build (no page cache) vs the same plain build",
            flush=True,
        )


if __name__ == "__main__":
    main()
