"""The evidence pack's PDF/A-3b: the manifest's facts as tables an auditor reads, with every source
(approved texts, resolution records) attached byte for byte. Building the HTML is pure; WeasyPrint is
imported only to render."""

from __future__ import annotations

import html
import io
from datetime import UTC, datetime
from typing import Any

from governance.i18n import BodyName, _, localized, speaking

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
/* The versions' table: fixed widths, or a digest (which may break anywhere) is squeezed to a few
   characters a line and a Japanese heading to one character (CJK text breaks anywhere too). */
table.versions { table-layout: fixed; }
table.versions th:nth-child(1) { width: 15%; } table.versions th:nth-child(2) { width: 37%; }
table.versions th:nth-child(3) { width: 15%; } table.versions th:nth-child(4) { width: 12%; }
table.versions th:nth-child(5) { width: 21%; }
"""


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value))


def pack_html(manifest: dict[str, Any], language: str = "en") -> str:
    """The report in `language` (governance.i18n.LANGUAGES): its headings and sentences through the
    catalogue; the facts (ids, digests, dates, names) as the manifest has them."""
    with speaking(language):
        return _pack_html(manifest, language)


def _pack_html(manifest: dict[str, Any], language: str) -> str:
    period = manifest["period"]
    repository = manifest["repository"]
    audit = repository["audit"]
    verdict = (
        _("approved: every change on the branch had its resolution")
        if audit["approved"]
        else _("NOT approved: {count} unapproved commit(s) {commits}").format(
            count=len(audit["unapproved_commits"]), commits=" ".join(audit["unapproved_commits"])
        )
    )
    head = manifest["acknowledgement_chain_head"]
    title = _("Promulgation evidence, {start} to {end}").format(start=period["from"], end=period["to"])
    roster = manifest.get("roster")
    parts = [
        f"<h1>{_e(title)}</h1>",
        "<table>",
        f"<tr><th>{_e(_('Company'))}</th><td>{_e(manifest['company'] or _('every company of the group'))}</td></tr>",
        f"<tr><th>{_e(_('Branch at the period end'))}</th><td>{_e(repository['branch'])} <code>{_e(repository['commit'])}</code></td></tr>",
        f"<tr><th>{_e(_('Audit verdict'))}</th><td>{_e(verdict)} "
        f"({_e(_('{count} commits walked').format(count=audit['commits_walked']))})</td></tr>",
        f"<tr><th>{_e(_('Acknowledgement chain head'))}</th><td>"
        f"{_e(_('record {seq}').format(seq=head['seq']))}, <code>{_e(head['hash'])}</code></td></tr>",
    ]
    if roster is not None:
        parts.append(
            f"<tr><th>{_e(_('Roster counted'))}</th><td>"
            f"{_e(_('{people} people, in {file}').format(people=roster['people'], file=roster['file']))}</td></tr>"
        )
    parts += [
        f"<tr><th>{_e(_('Made'))}</th><td>{_e(manifest['generated_at'])}</td></tr>",
        "</table>",
        f"<p>{_e(_('Every source below is attached to this PDF and listed with its sha256 in manifest.json; the signature of manifest.json (manifest.json.sig) vouches for all of them, and `governance evidence verify` re-checks them offline.'))}</p>",
        f"<h2>{_e(_('Versions in force during the period'))}</h2>",
    ]
    for regulation in manifest["regulations"]:
        parts.append(f"<h3>{_e(regulation['title'])} <code>{_e(regulation['id'])}</code></h3>")
        parts.append(
            f"<table class='versions'><tr><th>{_e(_('In force'))}</th><th>{_e(_('Adopted by'))}</th><th>{_e(_('Published'))}</th>"
            f"<th>{_e(_('Applies to'))}</th><th>{_e(_('Digest'))}</th></tr>"
        )
        for version in regulation["versions"]:
            resolution = version["resolution"]
            if resolution["form"] == "meeting":
                votes = resolution["votes"] or {}
                attendance = resolution["attendance"] or {}
                form = _(
                    "meeting, {present} of {members} present; for {for_}, against {against}, abstained {abstain}"
                ).format(
                    present=attendance.get("present"),
                    members=attendance.get("members"),
                    for_=votes.get("for"),
                    against=votes.get("against"),
                    abstain=votes.get("abstain"),
                )
            else:
                form = _("written consent of {count} member(s)").format(count=resolution["consents"])
            editorial = (
                "" if version["acknowledgement_required"] else _(" (editorial: no new acknowledgement)")
            )
            until = version["in_force_until"] or _("today")
            applies = version["applies_to"]
            applies_to = ", ".join(applies) if isinstance(applies, list) else _("the whole group")
            adopted = _("{id} of {date}, {body}: {form}; recorded by {recorder}; {signature}").format(
                id=resolution["id"],
                date=resolution["date"],
                body=BodyName(resolution["body"]).localized(),
                form=form,
                recorder=resolution["recorded_by"],
                signature=localized(resolution["signature"]),
            )
            parts.append(
                "<tr>"
                f"<td>{_e(_('{start} to {end}').format(start=version['in_force_from'], end=until))}{_e(editorial)}</td>"
                f"<td>{_e(adopted)}</td>"
                f"<td>{_e(version['published']['date'])}<br><code>{_e(version['published']['commit'][:12])}</code></td>"
                f"<td>{_e(applies_to)}</td>"
                f"<td><code>{_e(version['digest'])}</code></td>"
                "</tr>"
            )
            for translation in version.get("translations", []):
                approval = translation["resolution"]
                said = _("translation ({language}) {id}, from {start}").format(
                    language=translation["language"], id=translation["id"], start=translation["approved_from"]
                )
                approved = _("{id} of {date}, {body}; {signature}").format(
                    id=approval["id"],
                    date=approval["date"],
                    body=BodyName(approval["body"]).localized(),
                    signature=localized(approval["signature"]),
                )
                parts.append(
                    "<tr class='translation'>"
                    f"<td>{_e(said)}</td><td>{_e(approved)}</td>"
                    f"<td>{_e(translation['published']['date'])}<br>"
                    f"<code>{_e(translation['published']['commit'][:12])}</code></td>"
                    f"<td></td><td><code>{_e(translation['digest'])}</code></td>"
                    "</tr>"
                )
        parts.append("</table>")
    parts.append(f"<h2>{_e(_('Acknowledgement coverage on {day}').format(day=manifest['coverage_on']))}</h2>")
    parts.append(
        f"<table><tr><th>{_e(_('Company'))}</th><th>{_e(_('Regulation'))}</th><th>{_e(_('Due since'))}</th>"
        f"<th class='n'>{_e(_('Acknowledged'))}</th><th class='n'>{_e(_('Required'))}</th></tr>"
    )
    for line in manifest["coverage"]:
        parts.append(
            f"<tr><td>{_e(line['company'])}</td><td>{_e(line['regulation'])}</td><td>{_e(line['due_since'])}</td>"
            f"<td class='n'>{_e(line['acknowledged'])}</td><td class='n'>{_e(line['required'])}</td></tr>"
        )
    parts.append("</table>")
    parts.append(f"<h2>{_e(_('What was read, in which language'))}</h2>")
    parts.append(
        f"<table><tr><th>{_e(_('Company'))}</th><th>{_e(_('Regulation'))}</th><th>{_e(_('Version'))}</th>"
        f"<th>{_e(_('Language'))}</th><th>{_e(_('Text read'))}</th><th class='n'>{_e(_('Acknowledged'))}</th></tr>"
    )
    for line in manifest.get("read_in", []):
        parts.append(
            f"<tr><td>{_e(line['company'])}</td><td>{_e(line['regulation'])}</td>"
            f"<td><code>{_e(line['version'][:19])}</code></td><td>{_e(line['language'])}</td>"
            f"<td><code>{_e(line['text_read'][:19])}</code></td><td class='n'>{_e(line['acknowledged'])}</td></tr>"
        )
    parts.append("</table>")
    return (
        f'<!DOCTYPE html><html lang="{_e(language)}"><head><meta charset="utf-8"><title>{_e(title)}</title>'
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
