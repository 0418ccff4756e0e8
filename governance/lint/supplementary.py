"""STR008: a 附則 whose dates disagree with the decision that adopts the text. Japanese regulations close
each amendment with a 附則 (この規則は、令和6年3月15日に改正し、令和6年4月1日から施行する。): the day of
the amendment and the day it takes effect, which employees read as the law. They must be the record's:
the resolution's date and the decision's effective date. Known only where the record is (governance
check), so lint alone never runs this rule.
"""

from __future__ import annotations

from datetime import date

from governance.i18n import Message
from governance.text import recognisers
from governance.text.findings import Finding
from governance.text.model import Regulation

CODE = "STR008"


def check_supplementary_dates(
    regulation: Regulation,
    source: str,
    path: str,
    *,
    resolution: str,
    decided: date,
    effective: date,
    amendment: bool,
) -> list[Finding]:
    """Findings where the last 附則 (the one of this amendment) states another 施行日 or 改正日 than the
    decision of `resolution` (of `decided`, in force from `effective`). A text without 附則, or whose last
    one states no such date (公布の日から施行する), has none."""
    if not regulation.supplementary:
        return []
    last = regulation.supplementary[-1]
    said = recognisers.supplementary_dates(last.text)
    findings: list[Finding] = []
    if said.effective_text is not None and said.effective != effective:
        findings.append(
            _finding(
                regulation,
                source,
                path,
                said.effective_text,
                Message(
                    "the last 附則 says the text takes effect on {said}, but {resolution} decides it takes "
                    "effect on {effective}: add a 附則 for this amendment, or write the decision's 施行日 (or "
                    "record the decision with --effective as the 附則 says)"
                    if amendment
                    else "the last 附則 says the text takes effect on {said}, but {resolution} decides it "
                    "takes effect on {effective}: write the decision's 施行日 (or record the decision with "
                    "--effective as the 附則 says)",
                    said=_read(said.effective_text, said.effective),
                    resolution=resolution,
                    effective=effective,
                ),
            )
        )
    if amendment and said.amended_text is not None and said.amended != decided:
        findings.append(
            _finding(
                regulation,
                source,
                path,
                said.amended_text,
                Message(
                    "the last 附則 says the text was amended on {said}, but {resolution} is of {decided}: "
                    "write the resolution's date as the 改正日",
                    said=_read(said.amended_text, said.amended),
                    resolution=resolution,
                    decided=decided,
                ),
            )
        )
    return findings


def _read(written: str, day: date | None) -> Message:
    if day is None:
        return Message("{written} (no day of the calendar)", written=written)
    return Message("{written} ({day})", written=written, day=day)


def _finding(regulation: Regulation, source: str, path: str, written: str, message: Message) -> Finding:
    start = regulation.supplementary[-1].line
    lines = recognisers.source_text(source).split("\n")
    line = next((n for n, text in enumerate(lines[start:], start + 1) if written in text), start)
    return Finding(
        path, line, lines[line - 1].find(written) + 1 if written in lines[line - 1] else 1, CODE, message
    )
