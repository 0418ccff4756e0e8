"""The board pack a board uses (issue 17, point 8): `governance pack` writes an A4 PDF in the language of
the texts (agenda wording, each change in full article context, draft resolution, decision entries with
digests, the minutes' fields blank), read back here with pypdf; or the same pack as HTML."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from pypdf import PdfReader

from governance.cli import main
from governance.gate.changes import Change
from governance.site.board_pack import BoardPack, pack_item
from governance.site.board_pack_layout import BLANK, pack_html
from tests.testing.browser import ARTIFACTS
from tests.testing.governed import (
    BODIES,
    REGULATION,
    SEED,
    Governed,
    adopted_repository,
    digest,
    governed_copy,
)
from tests.testing.sshkeys import Keys

NEW = SEED.replace("based on the employment rules.", "based on the employment rules and the law.")
RULES = (Path(__file__).parent / "japanese" / "就業規則.md").read_text(encoding="utf-8")
RULES_AMENDED = RULES.replace("| 早番勤務 | 午前７時００分 |", "| 早番勤務 | 午前８時００分 |").replace(
    "休職期間は、勤続年数に応じて会社が定める。",
    "休職期間は、勤続年数に応じて会社が定める。ただし、二年を超えない。",
)
A4 = (595.0, 842.0)  # points; WeasyPrint rounds 210 x 297 mm to these within a point
TODAY = {"GOVERNANCE_TODAY": "2026-12-01"}


def pack(root: Path, *args: str) -> Result:
    return CliRunner().invoke(main, ["pack", "--root", str(root), *args], env=TODAY)


def pdf_text(path: Path) -> tuple[str, list[tuple[float, float]]]:
    """The text of every page as pdftotext-like extraction gives it, and each page's size in points."""
    reader = PdfReader(path)
    text = "\n".join(page.extract_text() or "" for page in reader.pages)
    sizes = [(float(page.mediabox.width), float(page.mediabox.height)) for page in reader.pages]
    return text, sizes


def keep(pdf: Path, name: str) -> None:
    """A copy a person can open (test-artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / name).write_bytes(pdf.read_bytes())


def squeezed(text: str) -> str:
    """Extracted text without the line breaks and spaces that page layout puts in a long line."""
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def english(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Governed:
    gov = governed_copy(tmp_path_factory.mktemp("pack-en"), keys, tmp_path_factory)
    gov.branch("amend-article-7")
    gov.repo.write(REGULATION, NEW)
    gov.repo.commit("Amend the Bribery Prevention Regulations: employment rules and the law")
    gov.repo.git("checkout", "-q", "main")
    return gov


@pytest.fixture(scope="module")
def japanese(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Path:
    bodies = BODIES.replace("{name: Board of Directors,", "{name: Board of Directors, names: {ja: 取締役会},")
    repo = adopted_repository(
        tmp_path_factory.mktemp("pack-ja") / "repo",
        keys,
        {"regulations/就業規則.md": RULES},
        message="規程管理の導入",
        bodies=bodies,
    )
    repo._clock = 10_000
    repo.git("checkout", "-q", "-b", "shugyo-kisoku")
    repo.write("regulations/就業規則.md", RULES_AMENDED)
    repo.commit("就業規則の一部改正（早番勤務の始業時刻、休職期間の上限）")
    repo.git("checkout", "-q", "main")
    return repo.path


def test_the_english_pack_is_an_a4_pdf_with_the_redline_digest_and_blanks(
    english: Governed, tmp_path: Path
) -> None:
    out = tmp_path / "board-pack.pdf"
    result = pack(english.path, "--head", "amend-article-7", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF-")
    text, sizes = pdf_text(out)
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes), sizes
    flat = squeezed(text)
    assert "Amend the Bribery Prevention Regulations: employment rules and the law" in text  # the title
    assert squeezed("Item 1. Amendment of the Bribery Prevention Regulations") in flat  # the agenda
    # The changed article whole, its insertion marked so it reads as one on paper too.
    assert squeezed("based on the employment rules[+ +][+and the law+].") in flat
    assert squeezed("Article 7. Disciplinary measures") in flat
    assert squeezed("Corporate officers or employees who breach these regulations") in flat
    assert squeezed(digest(NEW)) in flat  # in the draft resolution and the decision entry
    assert squeezed(f"- regulation: bribery-prevention action: amend digest: {digest(NEW)}") in flat
    assert squeezed("RESOLVED, that the Bribery Prevention Regulations be amended") in flat
    for field in ("Resolution id", "Members present", "Recorded by", "For", "Against", "Effective date"):
        assert squeezed(field) in flat, field
    assert BLANK in text  # blanks to fill in
    assert "Board of Directors" in text
    keep(out, "board-pack-en.pdf")


def test_the_japanese_pack_reads_as_a_japanese_board_expects(japanese: Path, tmp_path: Path) -> None:
    out = tmp_path / "取締役会資料.pdf"
    result = pack(japanese, "--head", "shugyo-kisoku", "--out", str(out))
    assert result.exit_code == 0, result.output
    text, sizes = pdf_text(out)
    assert all(abs(w - A4[0]) < 1 and abs(h - A4[1]) < 1 for w, h in sizes), sizes
    flat = squeezed(text)
    assert "取締役会資料" in flat and "議案" in flat
    assert "第1号議案就業規則一部改正の件" in flat
    assert "新旧対照表" in flat and "改正後" in flat and "改正前" in flat
    # Full article context: 第１０条 whole on both sides, the new sentence inside it.
    assert "休職期間は、勤続年数に応じて会社が定める。ただし、二年を超えない。" in flat
    assert "午前８時００分" in flat and "午前７時００分" in flat  # the table's cell, after and before
    assert "別紙新旧対照表のとおり改正し" in flat  # the draft resolution (原案)
    assert squeezed(digest(RULES_AMENDED)) in flat
    assert "議事録記載事項" in flat and "出席者数" in flat and "賛成" in flat and "施行日" in flat
    assert "取締役会" in flat and "BoardofDirectors" not in flat
    assert BLANK in text
    keep(out, "board-pack-ja.pdf")


def test_the_same_pack_as_html_on_request(english: Governed, tmp_path: Path) -> None:
    result = pack(english.path, "--head", "amend-article-7", "--format", "html", "--title", "Item for June")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("<!doctype html>") and "<h1>Item for June</h1>" in result.output
    assert not re.search(r'(?:src|href)="https?:', result.output)  # self-contained
    out = tmp_path / "pack.html"
    assert pack(english.path, "--head", "amend-article-7", "--out", str(out)).exit_code == 0
    assert out.read_text(encoding="utf-8").startswith("<!doctype html>")  # by the file's name


def _pack(items: list[object]) -> BoardPack:
    from datetime import date

    return BoardPack("Proposal", "main", "p", "0" * 40, "en", date(2026, 12, 1), items, {})  # type: ignore[arg-type]


def test_an_amendment_a_new_text_and_a_governed_file() -> None:
    amended = Change(
        "amend", "gifts", None, "regulations/gifts.md", digest(NEW), "board-of-directors", NEW.encode()
    )
    enacted = Change(
        "enact", "travel", None, "regulations/travel.md", digest(SEED), "board-of-directors", SEED.encode()
    )
    styled = Change(
        "amend",
        None,
        "site/stylesheets/x.css",
        "site/stylesheets/x.css",
        digest("b"),
        "board-of-directors",
        b"b {}\n",
    )
    items = [
        pack_item(amended, old=SEED.encode(), body="Board of Directors"),
        pack_item(enacted, old=None, body="Board of Directors"),
        pack_item(styled, old=b"a {}\n", body="Board of Directors"),
    ]

    document = pack_html(_pack(items))  # type: ignore[arg-type]

    assert "employment rules<ins> </ins><ins>and the law</ins>." in document
    assert f"  - regulation: gifts\n    action: amend\n    digest: {digest(NEW)}" in document
    assert "Item 2. Enactment of the Bribery Prevention Regulations" in document
    assert "<ins>" in document.split("Item 2. Enactment")[2]
    assert f"  - file: site/stylesheets/x.css\n    action: amend\n    digest: {digest('b')}" in document
    assert "Item 3. Change of the governed file site/stylesheets/x.css" in document
    assert "<del>a </del><ins>b </ins>{}" in document


def test_an_empty_proposal_says_so() -> None:
    document = pack_html(_pack([]))
    assert "changes no regulation and no governed file" in document
    assert "For the minutes" not in document


def test_without_the_pdf_extra_one_line_says_how_to_install_it_and_html_still_works(
    english: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an install without the extra sees
    out = tmp_path / "never.pdf"
    result = pack(english.path, "--head", "amend-article-7", "--out", str(out))
    assert result.exit_code == 2
    assert "pip install 'regulation-governance[pdf]'" in result.output and "Traceback" not in result.output
    assert not out.exists()
    assert pack(english.path, "--head", "amend-article-7", "--format", "html").exit_code == 0


def test_the_language_can_be_chosen_and_an_unknown_head_is_a_clear_error(english: Governed) -> None:
    result = pack(english.path, "--head", "amend-article-7", "--format", "html", "--language", "ja")
    assert result.exit_code == 0 and "第1号議案　Bribery Prevention Regulations一部改正の件" in result.output
    missing = pack(english.path, "--head", "no-such-branch", "--format", "html")
    assert missing.exit_code == 2 and "no-such-branch" in missing.output and "Traceback" not in missing.output
