"""The board pack laid out (governance.site.board_pack's values in, one HTML document out), and printed
as an A4 PDF by WeasyPrint, as `governance pdf` prints a text.

What a board and its secretary use: the agenda (議案), and for each item the change in full article
context (a redline for an English text, the 新旧対照表 for a Japanese one, every changed article whole),
the draft resolution, the decision entry with its digest; then the fields the minutes will record
(attendance, votes per item, effective dates) as blanks to fill in. Pure but for `pack_pdf`.
"""

from __future__ import annotations

import html

from governance.site.board_pack import BoardPack, PackItem
from governance.site.messages import format_date, message
from governance.text.html import render_text
from governance.text.redline import (
    BlockChange,
    comparison,
    comparison_table_html,
    diff_html,
    marked_whole,
    metadata_html,
    redline,
)

BLANK = "＿" * 8  # a blank to fill in by hand: wide enough for a date or a name, in either language

CSS = """
@page {
  size: A4;
  margin: 18mm 18mm 22mm 18mm;
  @bottom-left { content: string(pack-title); font-size: 8pt; color: #333; }
  @bottom-right { content: counter(page) " / " counter(pages); font-size: 8pt; color: #333; }
}
html { font-family: "Noto Sans CJK JP", "Noto Serif CJK JP", system-ui, sans-serif; font-size: 10pt; line-height: 1.6; }
body { max-width: 52rem; margin: 1rem auto; padding: 0 1rem; }
@media print { body { max-width: none; margin: 0; padding: 0; } }
h1 { font-size: 16pt; margin: 0 0 0.3em; string-set: pack-title content(); }
h2 { font-size: 12.5pt; margin: 1.4em 0 0.4em; break-after: avoid; border-bottom: 0.8pt solid #000; }
h3 { font-size: 10.5pt; margin: 1em 0 0.3em; break-after: avoid; }
.kind { font-weight: bold; letter-spacing: 0.05em; margin: 0; }
code, pre { font-family: "Noto Sans Mono CJK JP", monospace; font-size: 8.5pt; }
.governance-digest, pre { overflow-wrap: anywhere; word-break: break-all; white-space: pre-wrap; }
.item { break-before: page; }
.redline { white-space: pre-wrap; overflow-wrap: anywhere; }
.redline h3 { white-space: normal; }
.governance-permalink, .headerlink { display: none; }
ins { text-decoration: underline; text-decoration-thickness: 1.5pt; background: #e6ffec; }
del { text-decoration: line-through; background: #ffebe9; }
.redline ins::before { content: "[+"; } .redline ins::after { content: "+]"; }
.redline del::before { content: "[-"; } .redline del::after { content: "-]"; }
@media print { ins, del { background: none; } }
table { border-collapse: collapse; }
th, td { border: 0.6pt solid #444; padding: 1.2mm 2mm; vertical-align: top; text-align: left; }
.governance-comparison { width: 100%; table-layout: fixed; }
.governance-comparison caption { text-align: left; font-weight: bold; margin-bottom: 1mm; }
.governance-comparison del { text-decoration: underline; text-decoration-thickness: 1.5pt; }
.resolution { border: 0.8pt solid #000; padding: 2mm 3mm; }
.minutes th { width: 40%; }
.minutes td, .votes td { min-width: 14mm; }
.votes { width: 100%; }
.agenda li { margin: 0.2em 0; }
"""


def pack_html(pack: BoardPack) -> str:
    """The pack as one self-contained HTML document (no external asset), printable on A4."""
    language = pack.language
    out = [
        "<!doctype html>",
        f'<html lang="{html.escape(language)}"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(pack.title)}</title><style>{CSS}</style></head><body>",
        f'<p class="kind">{html.escape(message(language, "pack_kind"))}</p>',
        f"<h1>{html.escape(pack.title)}</h1>",
        "<p>"
        + message(
            language,
            "pack_proposal",
            head=html.escape(pack.head),
            base=html.escape(pack.base),
            commit=pack.commit[:12],
        )
        + "</p>",
        f"<p>{html.escape(message(language, 'pack_prepared', today=format_date(language, pack.today)))}</p>",
        f"<h2>{html.escape(message(language, 'pack_agenda'))}</h2>",
    ]
    if not pack.items:
        out.append(f"<p>{html.escape(message(language, 'pack_nothing'))}</p>")
    else:
        agenda = "".join(f"<li>{html.escape(_agenda(item, n, language))}</li>" for n, item in _numbered(pack))
        out.append(f'<ol class="agenda" style="list-style: none; padding: 0">{agenda}</ol>')
    for n, item in _numbered(pack):
        out.append(_item(item, n, language))
    if pack.items:
        out.append(_minutes(pack))
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _numbered(pack: BoardPack) -> list[tuple[int, PackItem]]:
    return list(enumerate(pack.items, start=1))


def _agenda(item: PackItem, n: int, language: str) -> str:
    if item.is_file:
        return message(language, "pack_item_file", n=n, path=item.path)
    return message(language, f"pack_item_{item.action}", n=n, title=item.title or item.target)


def _item(item: PackItem, n: int, language: str) -> str:
    facts = message(
        language,
        "pack_facts",
        path=html.escape(item.path),
        body=html.escape(item.body),
        digest=html.escape(item.digest),
    )
    parts = [
        '<section class="item">',
        f"<h2>{html.escape(_agenda(item, n, language))}</h2>",
        f"<p>{facts}</p>",
        _changes(item, language),
        f"<h3>{html.escape(message(language, 'pack_resolution'))}</h3>",
        f'<p class="resolution">{html.escape(_resolved(item, language))}</p>',
        f"<p>{html.escape(message(language, 'pack_entry'))}</p>",
        f"<pre>decisions:\n{html.escape(item.decision)}</pre>",
        "</section>",
    ]
    return "\n".join(parts)


def _resolved(item: PackItem, language: str) -> str:
    if item.is_file:
        return message(language, "pack_resolved_file", path=item.path, digest=item.digest, blank=BLANK)
    key = f"pack_resolved_{item.action}"
    return message(language, key, title=item.title or item.target, digest=item.digest, blank=BLANK)


def _changes(item: PackItem, language: str) -> str:
    """The change in full article context: each changed article whole, with its changes marked."""
    if item.is_file:  # a governed file is not a regulation: its lines as they are
        changed = metadata_html(diff_html(item.old or "", item.new or ""))
        return _said(language, "pack_file_changes") + f'<div class="redline">{_tight(changed)}</div>'
    if item.action == "amend" and item.old is not None and item.new is not None:
        if item.language == "ja":  # as Japanese boards read an amendment: the 新旧対照表
            return _said(language, "pack_redline") + comparison_table_html(comparison(item.old, item.new))
        return _said(language, "pack_redline") + "".join(
            _block(change) for change in redline(item.old, item.new)
        )
    if item.new is not None:
        whole = marked_whole("ins", render_text(item.new, item.path, item.target, anchors=False).html)
        return _said(language, "pack_whole_new") + f'<div class="redline">{_tight(whole)}</div>'
    whole = marked_whole("del", render_text(item.old or "", item.path, item.target, anchors=False).html)
    return _said(language, "pack_whole_old") + f'<div class="redline">{_tight(whole)}</div>'


def _block(change: BlockChange) -> str:
    heading = f"<h3>{change.heading_html or html.escape(change.heading)}</h3>" if change.heading else ""
    return f'<div class="redline">{heading}{_tight(change.html)}</div>'


def _tight(markup: str) -> str:
    # The redline keeps its text's line breaks (pre-wrap): the ones between blocks are not text.
    return markup.replace(">\n<", "><").strip("\n")


def _said(language: str, key: str) -> str:
    return f"<p>{message(language, key)}</p>"


def _minutes(pack: BoardPack) -> str:
    """The fields the minutes and the resolution record will hold, blank, to fill in at the meeting."""
    language = pack.language
    bodies = " / ".join(dict.fromkeys(pack.body_names.values())) or "—"

    def row(label: str) -> str:
        return f"<tr><th>{html.escape(label)}</th><td>{BLANK}</td></tr>"

    fields = [
        row(message(language, "pack_field_resolution")),
        row(message(language, "pack_field_date")),
        f"<tr><th>{html.escape(message(language, 'pack_field_form'))}</th>"
        f"<td>{html.escape(message(language, 'pack_form_choices'))}</td></tr>",
        row(message(language, "pack_field_members", body=bodies)),
        row(message(language, "pack_field_present")),
        row(message(language, "pack_field_consents")),
        row(message(language, "pack_field_recorded_by")),
    ]
    columns = ("pack_col_item", "pack_col_for", "pack_col_against", "pack_col_abstain", "pack_col_effective")
    head = "".join(f"<th>{html.escape(message(language, key))}</th>" for key in columns)
    votes = "".join(
        f"<tr><td>{html.escape(message(language, 'pack_votes_item', n=n))}</td>"
        + f"<td>{BLANK}</td>" * (len(columns) - 1)
        + "</tr>"
        for n, _ in _numbered(pack)
    )
    return "\n".join(
        [
            '<section class="item">',
            f"<h2>{html.escape(message(language, 'pack_minutes'))}</h2>",
            f"<p>{html.escape(message(language, 'pack_minutes_intro'))}</p>",
            f'<table class="minutes">{"".join(fields)}</table>',
            f'<p></p><table class="votes"><thead><tr>{head}</tr></thead><tbody>{votes}</tbody></table>',
            "</section>",
        ]
    )


def pack_pdf(pack: BoardPack) -> bytes:
    """The pack as an A4 PDF. WeasyPrint (the pdf extra) is imported here, when a PDF is asked for; nothing
    is fetched while printing."""
    from governance.site.pdf import html_pdf

    return html_pdf(pack_html(pack))
