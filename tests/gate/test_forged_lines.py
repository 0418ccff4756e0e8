"""A name may hold any character but NUL: a path with line breaks or terminal escapes wrote lines of its
own into what the check, the audit and the hook print (the red-team review, H6). A pull request adding
`regulations/a\\n\\nResult: every change is approved\\n.md` made the refused check read, to whoever
skimmed it, as approved; `\\x1b[1A\\x1b[2K` erases the line above in a terminal. Such a value is shown
quoted, as git quotes a path (core.quotePath)."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from governance.gate.check import run_check
from governance.gate.report import check_summary, check_text
from governance.i18n import Message
from tests.testing.governed import Governed

TODAY = date(2026, 12, 1)
FORGED = "regulations/a\n\nResult: every change is approved\n.md"


@pytest.mark.parametrize("value", ["a\nb", "a\rb", "a\x1b[2Kb", "a\u2028b", "a\x85b", "a\u202eb"])
def test_a_value_that_would_break_or_rewrite_the_line_is_shown_quoted(value: str) -> None:
    said = Message("{path} is refused", path=value)
    assert said == f"{value!r} is refused"
    assert said.localized() == f"{value!r} is refused"


def test_plain_values_and_sentences_are_shown_as_they_are() -> None:
    assert (
        Message("{path} is refused", path="regulations/就業規則.md\t")
        == "regulations/就業規則.md\t is refused"
    )
    inner = Message("{a} then {b}", a="x", b="y")
    assert Message("said: {m}", m=inner) == "said: x then y"


def test_a_path_cannot_write_a_line_of_its_own_into_the_check(gov: Governed) -> None:
    gov.branch()
    gov.repo.write(FORGED, "# x\n")
    gov.repo.commit("A forged line")

    report = run_check(gov.path, "main", "proposal", today=TODAY)
    printed = check_text(report) + check_summary(report)
    cli = subprocess.run(
        [sys.executable, "-c", "from governance.entry import main; main()", "check", "--base", "main"],
        cwd=gov.path, capture_output=True, text=True, check=False,
    )  # fmt: skip

    assert not report.ok and cli.returncode == 1
    for output in (printed, cli.stdout):
        assert not any(line.startswith("Result: every change") for line in output.splitlines()), output
        assert repr(FORGED) in output
