"""The evidence pack's PDF/A-3b: the manifest's facts as tables an auditor reads, with every source
(approved texts, resolution records) attached byte for byte. Building the HTML is pure; WeasyPrint is
imported only to render."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime
from typing import Any

PDF_VARIANT = "pdf/a-3b"

_CSS = """
@page { size: A4; margin: 18mm 16mm 20mm 16mm;
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; } }
html { font-family: "Noto Sans CJK JP", sans-serif; font-size: 9.5pt; line-height: 1.45; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; margin-top: 1.2em; break-after: avoid; }
h3 { font-size: 10.5pt; break-after: avoid; }
table { border-collapse: collapse; width: 100%; margin: 0.4em 0 0.8em; }
th, td { border: 0.5pt solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; }
code { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 7.5pt; overflow-wrap: anywhere; }
.n { text-align: right; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def pack_html(manifest: dict[str, Any]) -> str:
    period = manifest["period"]
    repository = manifest["repository"]
    audit = repository["audit"]
    verdict = (
        "approved: every change on the branch had its resolution"
        if audit["approved"]
        else (
            f"NOT approved: {len(audit['unapproved_commits'])} unapproved commit(s) {' '.join(audit['unapproved_commits'])}"
        )
    )
    head = manifest["acknowledgement_chain_head"]
    parts = [
        f"<h1>Promulgation evidence, {_e(period['from'])} to {_e(period['to'])}</h1>",
        "<table>",
        f"<tr><th>Company</th><td>{_e(manifest['company'] or 'every company of the group')}</td></tr>",
        f"<tr><th>Branch at the period's end</th><td>{_e(repository['branch'])} <code>{_e(repository['commit'])}</code></td></tr>",
        f"<tr><th>Audit verdict</th><td>{_e(verdict)} ({_e(audit['commits_walked'])} commits walked)</td></tr>",
        f"<tr><th>Acknowledgement chain head</th><td>record {_e(head['seq'])}, <code>{_e(head['hash'])}</code></td></tr>",
        f"<tr><th>Made</th><td>{_e(manifest['generated_at'])}</td></tr>",
        "</table>",
        "<p>Every source below is attached to this PDF and listed with its sha256 in manifest.json; "
        "<code>governance evidence verify</code> re-checks them offline.</p>",
        "<h2>Versions in force during the period</h2>",
    ]
    for regulation in manifest["regulations"]:
        parts.append(f"<h3>{_e(regulation['title'])} <code>{_e(regulation['id'])}</code></h3>")
        parts.append(
            "<table><tr><th>In force</th><th>Adopted by</th><th>Published</th><th>Applies to</th><th>Digest</th></tr>"
        )
        for version in regulation["versions"]:
            resolution = version["resolution"]
            if resolution["form"] == "meeting":
                votes = resolution["votes"] or {}
                attendance = resolution["attendance"] or {}
                form = (
                    f"meeting, {attendance.get('present')} of {attendance.get('members')} present; "
                    f"for {votes.get('for')}, against {votes.get('against')}, abstained {votes.get('abstain')}"
                )
            else:
                form = f"written consent of {resolution['consents']} member(s)"
            editorial = "" if version["acknowledgement_required"] else " (editorial: no new acknowledgement)"
            parts.append(
                "<tr>"
                f"<td>{_e(version['in_force_from'])} to {_e(version['in_force_until'] or 'today')}{_e(editorial)}</td>"
                f"<td>{_e(resolution['id'])} of {_e(resolution['date'])}, {_e(resolution['body'])}: {_e(form)}; "
                f"recorded by {_e(resolution['recorded_by'])}; {_e(resolution['signature'])}</td>"
                f"<td>{_e(version['published']['date'])}<br><code>{_e(version['published']['commit'][:12])}</code></td>"
                f"<td>{_e(', '.join(version['applies_to']) if isinstance(version['applies_to'], list) else version['applies_to'])}</td>"
                f"<td><code>{_e(version['digest'])}</code></td>"
                "</tr>"
            )
            for translation in version.get("translations", []):
                approval = translation["resolution"]
                parts.append(
                    "<tr class='translation'>"
                    f"<td>translation ({_e(translation['language'])}) <code>{_e(translation['id'])}</code>, "
                    f"from {_e(translation['approved_from'])}</td>"
                    f"<td>{_e(approval['id'])} of {_e(approval['date'])}, {_e(approval['body'])}; "
                    f"{_e(approval['signature'])}</td>"
                    f"<td>{_e(translation['published']['date'])}<br>"
                    f"<code>{_e(translation['published']['commit'][:12])}</code></td>"
                    f"<td></td><td><code>{_e(translation['digest'])}</code></td>"
                    "</tr>"
                )
        parts.append("</table>")
    parts.append(f"<h2>Acknowledgement coverage on {_e(manifest['coverage_on'])}</h2>")
    parts.append(
        "<table><tr><th>Company</th><th>Regulation</th><th>Due since</th><th class='n'>Acknowledged</th>"
        "<th class='n'>Required</th></tr>"
    )
    for line in manifest["coverage"]:
        parts.append(
            f"<tr><td>{_e(line['company'])}</td><td>{_e(line['regulation'])}</td><td>{_e(line['due_since'])}</td>"
            f"<td class='n'>{_e(line['acknowledged'])}</td><td class='n'>{_e(line['required'])}</td></tr>"
        )
    parts.append("</table>")
    parts.append("<h2>What was read, in which language</h2>")
    parts.append(
        "<table><tr><th>Company</th><th>Regulation</th><th>Version</th><th>Language</th><th>Text read</th>"
        "<th class='n'>Acknowledged</th></tr>"
    )
    for line in manifest.get("read_in", []):
        parts.append(
            f"<tr><td>{_e(line['company'])}</td><td>{_e(line['regulation'])}</td>"
            f"<td><code>{_e(line['version'][:19])}</code></td><td>{_e(line['language'])}</td>"
            f"<td><code>{_e(line['text_read'][:19])}</code></td><td class='n'>{_e(line['acknowledged'])}</td></tr>"
        )
    parts.append("</table>")
    title = f"Promulgation evidence {period['from']} to {period['to']}"
    return (
        f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_e(title)}</title>'
        f"<style>{_CSS}</style></head><body>{''.join(parts)}</body></html>"
    )


def render_pack_pdf(document: str, sources: dict[str, bytes]) -> bytes:
    import weasyprint  # type: ignore[import-untyped]

    moment = datetime.now(UTC)
    closed = weasyprint.URLFetcher(allowed_protocols=())  # nothing is fetched while printing
    attachments = [
        weasyprint.Attachment(
            file_obj=io.BytesIO(data),
            name=name.replace("/", "_"),
            description=name,
            created=moment,
            modified=moment,
            relationship="Source",
            url_fetcher=closed,
        )
        for name, data in sorted(sources.items())
    ]
    data: bytes = weasyprint.HTML(string=document, url_fetcher=closed).write_pdf(
        pdf_variant=PDF_VARIANT, attachments=attachments
    )
    return data
