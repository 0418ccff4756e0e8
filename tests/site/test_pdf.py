"""The official paper copy: real PDF/A files of a governed repository, read back without a PDF library."""

from __future__ import annotations

import hashlib
import os
import re
import sys
import zlib
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from governance.cli import main
from governance.gate.works import Work
from governance.site.builder import view
from governance.site.pdf import in_force_on, paper_copy, render_pdf, select_version
from governance.site.render import body_names
from tests.testing import site_works as w
from tests.testing.governed import BODIES, JA, REGULATION, Governed, governed_copy, record_text
from tests.testing.sshkeys import Keys

TODAY = "2027-01-15"


@pytest.fixture(scope="module")
def gov(keys: Keys, tmp_path_factory: pytest.TempPathFactory) -> Governed:
    """Adopted with the seed and its Japanese translation; the amendment in force since 2026-10-01."""
    gov = governed_copy(tmp_path_factory.mktemp("pdf"), keys, tmp_path_factory)
    gov.branch("amend")
    gov.repo.write(REGULATION, w.AMENDED)
    record = record_text(
        "BD-2026-007",
        [("bribery-prevention", "amend", w.digest(w.AMENDED))],
        date="2026-09-20",
        effective="2026-10-01",
    )
    gov.record("BD-2026-007", record)
    gov.repo.commit("Amend bribery prevention (BD-2026-007)")
    gov.merge("amend")
    return gov


def run(gov: Governed, *args: str) -> Result:
    return CliRunner().invoke(main, ["pdf", *args, "--root", str(gov.path)], env={"GOVERNANCE_TODAY": TODAY})


@dataclass(frozen=True)
class Pdf:
    raw: bytes
    streams: list[tuple[bytes, bytes]]  # (dictionary, decoded content) of every stream

    @property
    def attachments(self) -> list[bytes]:
        return [content for head, content in self.streams if b"/Type /EmbeddedFile" in head]

    def contains(self, needle: bytes) -> bool:
        return needle in self.raw or any(needle in content for _, content in self.streams)


def read_pdf(path: Path) -> Pdf:
    """Just enough PDF to check the file: each stream's dictionary and its inflated content."""
    raw = path.read_bytes()
    streams = []
    for match in re.finditer(rb"\d+ 0 obj\s*(<<.*?>>)\s*stream\r?\n", raw, re.DOTALL):
        end = raw.index(b"endstream", match.end())
        content = raw[match.end() : end]
        if b"/FlateDecode" in match.group(1):
            content = zlib.decompressobj().decompress(content)
        streams.append((match.group(1), content))
    return Pdf(raw, streams)


def assert_paper_copy(pdf: Pdf, source: str) -> None:
    assert pdf.raw.startswith(b"%PDF-1.7")
    # PDF/A-3b: identified in the XMP metadata, with an output intent.
    assert pdf.contains(b'pdfaid:part="3"') and pdf.contains(b'pdfaid:conformance="B"')
    assert pdf.contains(b"/OutputIntent")
    # The exact source travels inside: its SHA-256 is the digest the resolution approved.
    assert len(pdf.attachments) == 1
    assert "sha256:" + hashlib.sha256(pdf.attachments[0]).hexdigest() == w.digest(source)
    assert pdf.attachments[0] == source.encode("utf-8")
    assert pdf.contains(b"/AFRelationship /Source")
    assert pdf.contains(b"+Noto-Serif-CJK-JP")  # Debian's Noto CJK (its Japanese forms), embedded


def test_the_text_in_force_prints_as_pdf_a_with_its_source_attached(gov: Governed, tmp_path: Path) -> None:
    out = tmp_path / "copy.pdf"
    result = run(gov, "bribery-prevention", "--out", str(out))
    assert result.exit_code == 0, result.output
    assert f"wrote {out} (2026-10-01, {w.digest(w.AMENDED)})" in result.output
    assert_paper_copy(read_pdf(out), w.AMENDED)
    assert not list(tmp_path.glob(".*.tmp"))  # written atomically
    umask = os.umask(0o022)
    os.umask(umask)
    assert out.stat().st_mode & 0o777 == 0o666 & ~umask  # the user's umask, not a temporary file's 0600

    earlier = tmp_path / "earlier.pdf"
    result = run(gov, "bribery-prevention", "--version", "2026-09-30", "--out", str(earlier))
    assert result.exit_code == 0, result.output
    assert "(2026-01-05," in result.output  # the version in force that day: the adopted seed
    assert read_pdf(earlier).attachments == [w.SEED.encode("utf-8")]


def test_the_japanese_translation_prints_with_noto_cjk(gov: Governed, tmp_path: Path) -> None:
    out = tmp_path / "ja.pdf"
    result = run(gov, "bribery-prevention.ja", "--out", str(out))
    assert result.exit_code == 0, result.output
    pdf = read_pdf(out)
    assert_paper_copy(pdf, JA)
    # 贈 (U+8D08) is drawn with an embedded glyph and maps back to its character (copy, search).
    assert re.search(rb"<[0-9a-f]{4}> <8d08>", b"".join(content for _, content in pdf.streams))


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["no-such-rules"], "no approved text of a regulation 'no-such-rules'"),
        (["bribery-prevention", "--version", "2020-01-01"], "had no text in force on 2020-01-01"),
        (["bribery-prevention", "--version", "October"], "'October' is not a date; write YYYY-MM-DD"),
    ],
)
def test_an_unknown_regulation_or_version_is_a_clear_error(
    gov: Governed, tmp_path: Path, args: list[str], message: str
) -> None:
    out = tmp_path / "never.pdf"
    result = run(gov, *args, "--out", str(out))
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert not out.exists()


def test_body_names_come_from_the_audited_revision_not_the_work_tree(gov: Governed) -> None:
    bodies = gov.path / "resolutions" / "bodies.yml"
    bodies.write_text(BODIES.replace("name: Board of Directors", "name: Board of Pirates"), encoding="utf-8")
    try:
        assert body_names(gov.path)["board-of-directors"] == "Board of Directors"
    finally:
        bodies.write_text(BODIES, encoding="utf-8")


def test_the_header_block_names_the_version_its_resolution_and_digest() -> None:
    work_view, span = select_version(w.everything(), "bribery-prevention", w.TODAY, None)
    copy = paper_copy(work_view, span, body_names=w.BODY_NAMES, today=w.TODAY)
    header = copy.html.split("<header", 1)[1].split("</header>", 1)[0]
    assert "Bribery Prevention Regulations" in header and "Internet Initiative Japan Inc." in header
    assert "2026-10-01: in force from 2026-10-01 to 2027-05-31" in header
    assert (
        "resolution BD-2026-007 of the Board of Directors, adopted 2026-09-20; effective 2026-10-01" in header
    )
    assert w.digest(w.AMENDED) in header and "attached to this PDF as bribery-prevention.md" in header
    # The text is the site's anchored text: the same ids, so references and permalinks agree.
    assert 'id="article-5-2"' in copy.html and 'id="article-2-1-3-a"' in copy.html
    assert copy.source == w.AMENDED.encode("utf-8") and copy.filename == "bribery-prevention.md"

    work_view, span = select_version(w.everything(), "bribery-prevention.ja", w.TODAY, None)
    japanese = paper_copy(work_view, span, body_names=w.BODY_NAMES, today=w.TODAY).html
    assert '<html lang="ja">' in japanese and "2026-04-01: 2026年4月1日から施行" in japanese
    assert "法的効力を有するのは原文のみです" in japanese  # a translation says it does not bind
    assert "正本" not in japanese and "参考訳（法的効力を有するのは原文のみ）" in japanese


def test_a_version_is_chosen_by_its_date_or_the_date_it_was_in_force() -> None:
    spans = view(w.bribery(), w.TODAY).spans
    assert in_force_on(spans, w.TODAY) is spans[1]
    assert in_force_on(spans, spans[1].start) is spans[1]
    assert in_force_on(spans, spans[0].end) is spans[0]  # type: ignore[arg-type]
    assert in_force_on(spans, spans[0].start.replace(year=2020)) is None
    _, upcoming = select_version(w.everything(), "bribery-prevention", w.TODAY, "2027-06-01")
    assert upcoming.state == "upcoming"  # an adopted text can be printed before it takes effect


def test_a_title_cannot_break_out_of_the_footer_style() -> None:
    text = w.SEED.replace("title: Bribery Prevention Regulations", 'title: Rules "A" </style><b>x</b>')
    work = Work(
        "rules", "regulations/rules.md", [w.version("rules", text, "enact", w.approval("BD-1", "2026-04-01"))]
    )
    work_view, span = select_version([work], "rules", w.TODAY, None)
    document = paper_copy(work_view, span, body_names={}, today=w.TODAY).html
    assert document.count("</style>") == 1 and "<b>x</b>" not in document
    assert 'content: "Rules \\22 A\\22  \\3c /style\\3e ' in document


def test_one_text_always_gives_the_same_pdf() -> None:
    """Dates come from the resolution, never the clock: a copy printed again is the same file."""
    work_view, span = select_version(w.everything(), "travel-expenses", w.TODAY, None)
    copy = paper_copy(work_view, span, body_names=w.BODY_NAMES, today=w.TODAY)
    first = render_pdf(copy)
    assert first == render_pdf(copy)
    assert b"D:20260920" in first  # the adoption date of BD-2026-008, not today's


def test_without_the_pdf_extra_one_line_says_how_to_install_it(
    gov: Governed, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # what an install without the extra sees
    out = tmp_path / "never.pdf"
    result = run(gov, "bribery-prevention", "--out", str(out))
    assert result.exit_code == 2
    assert "pip install 'regulation-governance[pdf]'" in result.output
    assert "Traceback" not in result.output and "No module named" not in result.output
    assert not out.exists()
