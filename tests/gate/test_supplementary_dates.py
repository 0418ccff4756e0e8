"""STR008 through the gate: the 附則 of an amendment states the decision's dates (issue 15). The dates a
Japanese regulation writes (令和/平成, full-width digits, 元年) against the record's `date` and
`effective`, at check time, where the record is known."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from governance.gate.check import run_check
from governance.limits import MAX_TEXT_BYTES
from tests.testing.governed import Governed, adopted_repository, record_text
from tests.testing.governed import digest as digest_of
from tests.testing.sshkeys import Keys

TODAY = date(2026, 12, 1)
WORK_RULES = "regulations/01_就業規則.md"
TEXT = (Path(__file__).parents[1] / "text" / "japanese_work_rules.md").read_text(encoding="utf-8")
AMENDED = TEXT.replace("6か月継続勤務した者　10日", "6か月継続勤務した者　11日")


@pytest.fixture
def kitei(tmp_path: Path, keys: Keys) -> Governed:
    repo = adopted_repository(tmp_path / "kitei", keys, {WORK_RULES: TEXT}, message="Adopt")
    gov = Governed(repo, keys)
    gov.branch()
    return gov


def _check(gov: Governed, text: str, effective: str = "2026-12-01") -> list[tuple[int, str]]:
    gov.repo.write(WORK_RULES, text)
    record = record_text("BD-2026-051", [("01_就業規則", "amend", digest_of(text))], date="2026-11-20")
    gov.record(
        "BD-2026-051",
        record.replace(
            f"digest: {digest_of(text)}", f"digest: {digest_of(text)}\n    effective: {effective}"
        ),
    )
    gov.repo.commit("Amend 第6条 (BD-2026-051)")
    report = run_check(gov.path, "main", "proposal", today=TODAY)
    assert all(v.covered for v in report.verdicts) and not report.violations, report
    return [(f.line, f.message) for f in report.findings if f.code == "STR008"]


def test_an_amendment_without_its_own_supplementary_provision_is_reported(kitei: Governed) -> None:
    found = _check(kitei, AMENDED)
    line = AMENDED.split("\n").index("この規則は、2024年3月15日に改正し、2024年4月1日から施行する。") + 1
    assert found == [  # by column: the 改正日 comes first in the sentence
        (
            line,
            "the last 附則 says the text was amended on 2024年3月15日 (2024-03-15), but BD-2026-051 is of "
            "2026-11-20: write the resolution's date as the 改正日",
        ),
        (
            line,
            "the last 附則 says the text takes effect on 2024年4月1日 (2024-04-01), but BD-2026-051 decides it "
            "takes effect on 2026-12-01: add a 附則 for this amendment, or write the decision's 施行日 (or "
            "record the decision with --effective as the 附則 says)",
        ),
    ]


@pytest.mark.parametrize(
    "sentence",
    [
        "この規則は、令和８年１１月２０日に改正し、令和８年１２月１日から施行する。",  # full-width digits
        "この規則は、令和八年十一月二十日に改正し、令和八年十二月一日より施行する。",  # kanji numerals
        "この規則は、2026年11月20日に改正し、2026年12月1日から施行する。",
    ],
)
def test_a_supplementary_provision_with_the_decisions_dates_passes(kitei: Governed, sentence: str) -> None:
    assert _check(kitei, AMENDED + f"\n## 附則\n\n{sentence}\n") == []


def test_a_wrong_date_in_the_new_supplementary_provision_is_reported_at_its_line(kitei: Governed) -> None:
    text = AMENDED + "\n## 附則\n\nこの規則は、令和８年１１月２０日に改正し、令和９年１月１日から施行する。\n"
    [(line, message)] = _check(kitei, text)
    assert line == len(text.rstrip("\n").split("\n"))
    assert message.startswith(
        "the last 附則 says the text takes effect on 令和９年１月１日 (2027-01-01), but"
    )
    # The record may say what the 附則 says instead.
    kitei.repo.git("checkout", "-q", "main")
    kitei.repo.git("branch", "-q", "-D", "proposal")
    kitei.branch()
    assert _check(kitei, text, effective="2027-01-01") == []


def test_a_text_beyond_the_limits_is_file006_once_and_not_parsed_for_str008(kitei: Governed) -> None:
    """STR008 runs on the parse lint made under its limits: a text lint refuses unparsed gets FILE006 alone,
    never the 附則 findings a second, unguarded parse would give (AMENDED alone has two, above)."""
    text = AMENDED + "\n" + "あ" * (MAX_TEXT_BYTES // 3 + 1) + "\n"  # a paragraph past the size limit
    kitei.repo.write(WORK_RULES, text)
    kitei.record("BD-2026-051", record_text("BD-2026-051", [("01_就業規則", "amend", digest_of(text))]))
    kitei.repo.commit("Amend 第6条 (BD-2026-051)")

    report = run_check(kitei.path, "main", "proposal", today=TODAY)

    assert all(v.covered for v in report.verdicts) and not report.violations, report
    assert [finding.code for finding in report.findings] == ["FILE006"]
