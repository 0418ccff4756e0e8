"""Print how long lint takes on hostile texts, at growing sizes up to the documented limits.

Each row is one shape of text, most of them quadratic before (issue 12): its CPU seconds at 1/4, 1/2
and all of the limits (1 MiB and 25,000 lines, whichever the shape reaches first), the size of the
largest text, and the growth of the time from the smallest to the largest text divided by the growth
in bytes (1.0 is linear; a quadratic shape shows about 4). Then the floor: markdown-it's block parse
alone of the largest text, which every rule reads (in the parser's configuration), and the rest of
lint's time beyond it. CPU time, not wall time, so other work on a shared machine counts less; the block parse is made
again for every run (the parser keeps the latest ones).

Then the whole process, as a user runs it: `governance lint` of the seed texts (English and Japanese) as
a file of a repository at the same sizes, start-up, findings printed and exit included: the median CPU
seconds (user + sys) of each size, the median wall seconds at the limit, and the growth of the time beyond
the smallest text against the growth of the bytes beyond it (1.0 is linear; start-up, paid once, is left
out of it). Each size is run once more first, unmeasured, so its bytecode and pages are in memory.

    python benchmarks/hostile.py                 # up to the limits, best of 3
    python benchmarks/hostile.py --smoke         # 1/64 and 1/32 of them, once (CI: figures not asserted)
"""

from __future__ import annotations

import argparse
import functools
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from run import measure  # noqa: E402

from governance.limits import MAX_TEXT_BYTES, MAX_TEXT_LINES  # noqa: E402
from governance.lint.runner import lint_text  # noqa: E402
from governance.text.parser import block_parse  # noqa: E402
from governance.text.recognisers import source_text  # noqa: E402

HEADER = "---\ntitle: T\nissuer: X\nenacted: 2020-01-01\ngoverned_by: board-of-directors\n---\n\n# T\n\n"
ARTICLE = "## Article 1. Purpose\n\n"
SEED = (HERE.parent / "regulations" / "bribery-prevention.md").read_text(encoding="utf-8")
SEED_JA = (HERE.parent / "regulations" / "bribery-prevention.ja.md").read_text(encoding="utf-8")


def _repeat(head: str, unit: str, size: int, tail: str = "\n") -> str:
    count = max(1, (size - len((head + tail).encode())) // len(unit.encode()))
    return head + unit * count + tail


def _realistic(source: str) -> Callable[[int], str]:
    front, body = source.split("\n---\n", 1)

    def text(size: int) -> str:
        return _repeat(front + "\n---\n", body, size, "")

    return text


def _falling_runs(size: int) -> str:
    """Runs of backticks of falling length (n, n-1, ..., 1), each followed by a letter: about `size` bytes."""
    count = int((2 * size) ** 0.5) - 3
    return "".join("`" * length + "a" for length in range(count, 0, -1))


# name -> a text of about `size` bytes
SHAPES: dict[str, Callable[[int], str]] = {
    "seed text (en)": _realistic(SEED),
    "seed text (ja)": _realistic(SEED_JA),
    "identical headings": lambda size: _repeat(HEADER, "## Same\n\ntext\n\n", size),
    "references, one line": lambda size: _repeat(HEADER + ARTICLE, "Article 1 ", size),
    "references ja, one line": lambda size: _repeat(HEADER + "## 第1条（目的）\n\n", "法 第1条", size),
    "whitespace run": lambda size: _repeat(HEADER + ARTICLE + "x", " ", size, "y\n"),
    "inline HTML lines": lambda size: _repeat(HEADER + ARTICLE, "a <b>x</b>\n", size),
    "NFC fails at the end": lambda size: _repeat(HEADER + ARTICLE, "é", size, "e\u0301\n"),
    "blank lines": lambda size: _repeat(HEADER + ARTICLE + "x\n", "\n", size),
    "backticks": lambda size: _repeat(HEADER + ARTICLE, "`a", size),
    "backtick runs, falling": lambda size: HEADER + ARTICLE + "x " + _falling_runs(size) + "\n",
    "dashes after emphasis": lambda size: _repeat(HEADER + ARTICLE + "*x* ", "-", size),
    "attribute list openings": lambda size: _repeat(HEADER + ARTICLE, "{#a", size),
    "footnote openings": lambda size: _repeat(HEADER + ARTICLE, "[^a", size),
    "images, one line": lambda size: _repeat(HEADER + ARTICLE, "![", size),
    "links, one a line": lambda size: _repeat(HEADER + ARTICLE, "see [a](https://a.example/) ok\n", size),
}


def within(text: str, fraction: float) -> str:
    """The text cut to `fraction` of the line limit (a whole line short of it)."""
    lines = int(MAX_TEXT_LINES * fraction) - 1
    if text.count("\n") <= lines:
        return text
    return "".join(text.splitlines(keepends=True)[:lines])


def _block_parse(text: str) -> object:
    return block_parse(source_text(text))


def cpu_seconds(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        block_parse.cache_clear()
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


GOVERNANCE = Path(sys.executable).parent / "governance"
WHOLE = ("seed text (en)", "seed text (ja)")


def whole_process(text: str, runs: int) -> tuple[float, float]:
    """Median CPU and wall seconds of `governance lint` of `text`, a file of a repository of its own."""
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "regulations").mkdir()
        (root / "regulations" / "r.md").write_text(text, encoding="utf-8")
        samples = [_lint_once(root) for _ in range(runs + 1)][1:]
    return statistics.median(cpu for cpu, _ in samples), statistics.median(wall for _, wall in samples)


def _lint_once(root: Path) -> tuple[float, float]:
    sample = measure([str(GOVERNANCE), "lint", "regulations/r.md"], root, ok=(0, 1))
    return sample.cpu, sample.seconds


def print_whole_processes(fractions: list[float], runs: int) -> None:
    columns = "".join(f"{f'1/{round(1 / f)}' if f < 1 else 'limit':>10}" for f in fractions)
    print(f"\nwhole process, CPU s\n{'shape':26}{columns}   {'wall, largest':>13}   growth/linear")
    for name in WHOLE:
        texts = [within(SHAPES[name](int(MAX_TEXT_BYTES * f) - 1024), f) for f in fractions]
        figures = [whole_process(text, runs) for text in texts]
        sizes = [len(text.encode()) for text in texts]
        cpu = [seconds for seconds, _ in figures]
        # the time beyond the smallest text per byte beyond it, the largest against the middle one
        growth = ((cpu[-1] - cpu[0]) / (sizes[-1] - sizes[0])) / max(
            (cpu[1] - cpu[0]) / (sizes[1] - sizes[0]), 1e-12
        )
        print(
            f"{name:26}"
            + "".join(f"{seconds:>9.3f}s" for seconds in cpu)
            + f"   {figures[-1][1]:>12.3f}s   {growth:>13.2f}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--smoke", action="store_true", help="two small sizes, one run")
    parser.add_argument("--runs", type=int, default=3, help="best of N runs (default 3)")
    parser.add_argument("--whole-runs", type=int, default=5, help="median of N whole processes (default 5)")
    parser.add_argument("--only-whole", action="store_true", help="the whole processes alone")
    options = parser.parse_args()
    fractions = [1 / 64, 1 / 32] if options.smoke else [1 / 4, 1 / 2, 1.0]
    runs = 1 if options.smoke else options.runs
    if not options.only_whole:
        print_in_process(fractions, runs)
    print_whole_processes(
        [1 / 128, 1 / 64, 1 / 32] if options.smoke else fractions, 1 if options.smoke else options.whole_runs
    )


def print_in_process(fractions: list[float], runs: int) -> None:
    columns = "".join(f"{f'1/{round(1 / f)}' if f < 1 else 'limit':>10}" for f in fractions)
    print(f"{'shape':26}{columns}   {'largest':>17}   growth/linear   block parse   the rest")
    for name, make in SHAPES.items():
        texts = [within(make(int(MAX_TEXT_BYTES * f) - 1024), f) for f in fractions]
        seconds = [cpu_seconds(functools.partial(lint_text, text, "r.md", "r"), runs) for text in texts]
        ratio = (seconds[-1] / max(seconds[0], 1e-6)) / (len(texts[-1]) / len(texts[0]))
        largest = f"{len(texts[-1].encode()) // 1024} KB {texts[-1].count(chr(10)):>6} l"
        floor = cpu_seconds(functools.partial(_block_parse, texts[-1]), runs)
        print(
            f"{name:26}"
            + "".join(f"{value:>9.3f}s" for value in seconds)
            + f"   {largest:>17}   {ratio:>13.2f}   {floor:>10.3f}s   {seconds[-1] - floor:>7.3f}s"
        )


if __name__ == "__main__":
    main()
