"""The official paper copy: one approved version of a regulation as a PDF/A-3b file.

The text comes from the audit's works (only an approved text can be printed) and is rendered by the
site's one renderer of regulation text (governance.text.html), so paper and screen agree. The exact source file travels inside the PDF as an
attachment (PDF/A-3 relationship "Source"), so a reader can extract it and check its digest without
the repository. Building the HTML is pure; only `render_pdf` calls WeasyPrint, imported when used.
"""

from __future__ import annotations

import html
import importlib
import io
import posixpath
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

from governance.errors import GovernanceError
from governance.files import replace_file
from governance.gate.works import Work
from governance.i18n import _
from governance.site.anchors import text_html
from governance.site.builder import Span, WorkView, parsed, view
from governance.site.context import state_words
from governance.site.messages import message
from governance.text.digests import digest_bytes
from governance.text.invisible import shown_plain

PDF_VARIANT = "pdf/a-3b"


@dataclass(frozen=True)
class PaperCopy:
    html: str
    source: bytes  # the exact approved file: its sha256 is the digest
    filename: str  # the attachment's name: "bribery-prevention.md"
    digest: str
    adopted: date  # dates the document and the attachment, so one text always gives the same file


def select_version(
    works: list[Work], regulation: str, today: date, version: str | None
) -> tuple[WorkView, Span]:
    """The version to print: the one in force today, else `version` as a version's date (its folder on
    the site: "2026-10-01", "2026-10-01-2") or any date, meaning the version in force on that date."""
    work = next((w for w in works if w.id == regulation and w.versions), None)
    if work is None:
        known = ", ".join(sorted(w.id for w in works if w.versions)) or _("none")
        raise GovernanceError(
            _("no approved text of a regulation '{regulation}'; the regulations are: {known}").format(
                regulation=regulation, known=known
            )
        )
    work_view = view(work, today)
    listed = ", ".join(span.slug for span in work_view.spans)
    if version is None:
        if work_view.current is None:
            raise GovernanceError(
                _(
                    "{regulation} has no text in force on {today}; choose a version with --version (its "
                    "versions: {listed})"
                ).format(regulation=regulation, today=today, listed=listed)
            )
        return work_view, work_view.current
    exact = next((span for span in work_view.spans if span.slug == version), None)
    if exact is not None:
        return work_view, exact
    try:
        day = date.fromisoformat(version)
    except ValueError:
        raise GovernanceError(
            _(
                "--version {version} is not a date; write YYYY-MM-DD (versions of {regulation}: {listed})"
            ).format(version=repr(version), regulation=regulation, listed=listed)
        ) from None
    found = in_force_on(work_view.spans, day)
    if found is None:
        raise GovernanceError(
            _("{regulation} had no text in force on {day}; its versions take effect on: {listed}").format(
                regulation=regulation, day=day, listed=listed
            )
        )
    return work_view, found


def in_force_on(spans: list[Span], day: date) -> Span | None:
    return next(
        (
            span
            for span in spans
            if span.state != "superseded" and span.start <= day and (span.end is None or day <= span.end)
        ),
        None,
    )


def paper_copy(work_view: WorkView, span: Span, *, body_names: Mapping[str, str], today: date) -> PaperCopy:
    """The printable HTML of one version, with the header block of a paper copy and its source."""
    text = span.version.text
    source = text.encode("utf-8")
    if digest_bytes(source) != span.version.digest:
        # The audit hashes the stored bytes; a text that does not encode back to them is not the approved one.
        raise GovernanceError(
            _("the text of {path} does not reproduce its approved digest; it cannot be printed").format(
                path=span.version.path
            )
        )
    # Title, issuer and language as this version states them: a later amendment may have changed them.
    regulation = parsed(text, span.version.path, span.version.work)
    title = shown_plain(regulation.title)  # a character no reader sees as its mark
    language = str(regulation.metadata.get("language") or work_view.language)
    filename = posixpath.basename(span.version.path)
    issuer = str(regulation.metadata.get("issuer") or "")
    governed_by = str(regulation.metadata.get("governed_by") or work_view.governed_by)
    rows = _rows(
        span, language, body_names, today, filename, title=title, issuer=issuer, governed_by=governed_by
    )
    caption = message(language, "pdf_caption" if work_view.original is None else "pdf_reference")
    document = "\n".join(
        [
            "<!DOCTYPE html>",
            f'<html lang="{html.escape(language)}">',
            "<head>",
            '<meta charset="utf-8">',
            f"<title>{html.escape(title)} ({span.slug})</title>",
            f'<meta name="author" content="{html.escape(issuer)}">',
            f'<meta name="description" content="{html.escape(span.version.digest)}">',
            f'<meta name="dcterms.created" content="{span.version.approval.date.isoformat()}">',
            f'<meta name="dcterms.modified" content="{span.version.approval.date.isoformat()}">',
            f"<style>{_css(f'{title} · {span.slug}')}</style>",
            "</head>",
            "<body>",
            _header(caption, rows),
            _notice(work_view),
            '<main class="governance-text">',
            text_html(span),
            "</main>",
            "</body>",
            "</html>",
            "",
        ]
    )
    return PaperCopy(
        html=document,
        source=source,
        filename=filename,
        digest=span.version.digest,
        adopted=span.version.approval.date,
    )


def _rows(
    span: Span,
    language: str,
    body_names: Mapping[str, str],
    today: date,
    filename: str,
    *,
    title: str,
    issuer: str,
    governed_by: str,
) -> list[tuple[str, str]]:
    """(label, HTML) of the header block: what makes the paper an identifiable, checkable copy."""
    approval = span.version.approval

    def label(key: str) -> str:
        return message(language, f"pdf_{key}")

    resolution = message(
        language,
        "pdf_resolution",
        resolution=approval.resolution,
        body=body_names.get(approval.body, approval.body),
        adopted=approval.date,
        effective=approval.effective,
    )
    printed = message(
        language, "pdf_printed_on", today=today, path=span.version.path, commit=span.version.commit[:12]
    )
    attached = message(language, "pdf_attached", name=filename)
    return [
        (label("title"), html.escape(title)),
        *([(label("issuer"), html.escape(issuer))] if issuer else []),
        (label("version"), html.escape(f"{span.slug}: {state_words(span, language)}")),
        (label("adopted"), html.escape(resolution)),
        (label("body"), html.escape(body_names.get(governed_by, governed_by))),
        (label("digest"), f'<code class="governance-digest">{html.escape(span.version.digest)}</code>'),
        (label("source"), html.escape(attached)),
        (label("printed"), html.escape(printed)),
    ]


def _header(caption: str, rows: list[tuple[str, str]]) -> str:
    cells = "\n".join(f"<tr><th>{html.escape(label)}</th><td>{value}</td></tr>" for label, value in rows)
    return (
        f'<header class="governance-paper">\n<p class="governance-caption">{html.escape(caption)}</p>\n'
        f"<table>\n{cells}\n</table>\n</header>"
    )


def _notice(work_view: WorkView) -> str:
    if work_view.original is None:
        return ""
    # As on the site: a translation is for reference; only the original binds.
    return (
        '<p class="governance-notice">この文書は参考のための翻訳です。法的効力を有するのは原文のみです。'
        "<br>This is a reference translation. Only the original has legal effect.</p>"
    )


def _css(footer: str) -> str:
    return _CSS.replace("FOOTER", _css_string(footer))


def _css_string(text: str) -> str:
    # Inside <style>: "<" too, so a title can never close the element.
    escaped = "".join(f"\\{ord(char):x} " if char in '"\\\n\r<>' else char for char in text)
    return f'"{escaped}"'


# Noto CJK (Debian's fonts-noto-cjk) has Latin and Japanese glyphs, so one family serves both languages.
_CSS = """
@page {
  size: A4;
  margin: 20mm 20mm 24mm 20mm;
  @bottom-left { content: FOOTER; font-size: 8pt; color: #333; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #333; }
}
html { font-family: "Noto Serif CJK JP", "Noto Sans CJK JP", serif; font-size: 10.5pt; line-height: 1.65; }
body { margin: 0; }
h1 { font-size: 17pt; margin: 0.8em 0 0.6em; }
h2 { font-size: 12pt; margin: 1.3em 0 0.4em; break-after: avoid; }
h3, h4 { font-size: 10.5pt; break-after: avoid; }
p, li { orphans: 2; widows: 2; }
a { color: inherit; text-decoration: none; }
a.governance-reference { text-decoration: underline; text-decoration-thickness: 0.5pt; }
.governance-permalink, .headerlink { display: none; }
.governance-paper { border: 0.8pt solid #000; padding: 3mm 4mm; margin-bottom: 6mm; break-inside: avoid; }
.governance-caption { margin: 0 0 2mm; font-weight: bold; font-size: 9pt; letter-spacing: 0.05em; }
.governance-paper table { border-collapse: collapse; width: 100%; font-size: 8.5pt; line-height: 1.45; }
.governance-paper th { text-align: left; vertical-align: top; white-space: nowrap; padding: 0.6mm 4mm 0.6mm 0; }
.governance-paper td { padding: 0.6mm 0; overflow-wrap: anywhere; }
.governance-digest { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 8pt; word-break: break-all; }
.governance-notice { border-left: 2pt solid #000; padding-left: 3mm; font-size: 9pt; }
table { border-collapse: collapse; }
main table th, main table td { border: 0.5pt solid #555; padding: 1mm 2mm; }
"""


PDF_EXTRA_MISSING = (
    "governance pdf needs WeasyPrint, which is not installed: pip install 'regulation-governance[pdf]' "
    "(and on Debian: apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)"
)


def require_weasyprint() -> None:
    """Raise the one line that says how to install the pdf extra when WeasyPrint cannot be imported."""
    try:
        importlib.import_module("weasyprint")
    except ImportError:
        raise GovernanceError(_(PDF_EXTRA_MISSING)) from None
    except OSError as error:  # WeasyPrint is there but Pango is not
        raise GovernanceError(
            _("{missing}; it said: {error}").format(missing=_(PDF_EXTRA_MISSING), error=error)
        ) from None


def render_pdf(copy: PaperCopy) -> bytes:
    """The PDF/A-3b bytes, with the source embedded. WeasyPrint is imported here: only this command
    needs it (and Pango), never the gate or the site."""
    import weasyprint  # type: ignore[import-untyped]

    moment = datetime(copy.adopted.year, copy.adopted.month, copy.adopted.day, tzinfo=UTC)
    # Nothing is fetched: an approved text must not make the printer read files or the network.
    closed = weasyprint.URLFetcher(allowed_protocols=())
    attachment = weasyprint.Attachment(
        file_obj=io.BytesIO(copy.source),
        name=copy.filename,
        description=f"The approved source text ({copy.digest})",
        created=moment,
        modified=moment,
        relationship="Source",
        url_fetcher=closed,
    )
    document = weasyprint.HTML(string=copy.html, url_fetcher=closed)
    data: bytes = document.write_pdf(pdf_variant=PDF_VARIANT, attachments=[attachment])
    return data


def html_pdf(document: str) -> bytes:
    """A self-contained HTML document (its own @page rules) as a PDF; nothing is fetched while printing."""
    require_weasyprint()
    import weasyprint

    closed = weasyprint.URLFetcher(allowed_protocols=())
    data: bytes = weasyprint.HTML(string=document, url_fetcher=closed).write_pdf()
    return data


def write_pdf(copy: PaperCopy, out: Path) -> None:
    """Write the PDF atomically: a reader never finds half a paper copy."""
    replace_file(out, render_pdf(copy))
