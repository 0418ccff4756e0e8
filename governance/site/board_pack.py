"""The board pack of a proposal: what the board decides on, change by change (the redline, the digest the
decision must name, the draft decision entry), as one self-contained HTML page with no external asset.

`board_pack` reads the proposal as the gate does (its changes, the base's rules); `board_pack_html`
lays out plain values, so another format (a PDF) can be made from the same items.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from pathlib import Path

from governance import git
from governance.gate.changes import Change, list_changes
from governance.gate.check import proposal_range
from governance.gate.judge import suggestion
from governance.gate.rules import base_rules
from governance.text.html import render_text
from governance.text.redline import BlockChange, diff_html, marked_whole, metadata_html, redline

CSS = """
body { font-family: system-ui, sans-serif; max-width: 50rem; margin: 1rem auto; padding: 0 1rem; line-height: 1.6; }
.redline, pre { white-space: pre-wrap; overflow-wrap: anywhere; }
code.digest { overflow-wrap: anywhere; }
ins { text-decoration: underline; background: #e6ffec; }
del { text-decoration: line-through; background: #ffebe9; }
ins::before { content: "[+"; } ins::after { content: "+]"; }
del::before { content: "[-"; } del::after { content: "-]"; }
@media print { ins, del { background: none; } section { break-inside: avoid-page; } }
"""


@dataclass(frozen=True)
class PackItem:
    """One change of a proposal, for the board pack."""

    target: str  # regulation id, or "file <path>" for a governed file
    action: str  # enact | amend | rescind
    path: str
    digest: str  # what the decision must name: the new text's (the rescinded text's for rescind)
    body: str  # the deciding body's name
    old: str | None
    new: str | None
    decision: str  # the decision entry the secretary records, exactly as the gate expects it

    @property
    def is_file(self) -> bool:
        return self.target.startswith("file ")


def board_pack(root: Path, base: str, head: str) -> str:
    """The pack of merge-base(base, head)..head, judged by the base's rules (as the check will)."""
    base_commit, head_commit = proposal_range(root, base, head)
    with git.Objects(root) as objects:
        rules = base_rules(objects, base_commit)
        items = [
            pack_item(
                change,
                old=objects.blob(f"{base_commit}:{change.path}") if change.action != "enact" else None,
                body=rules.bodies[change.body].name if change.body in rules.bodies else change.body,
            )
            for change in list_changes(root, base_commit, head_commit, rules.config)
        ]
    return board_pack_html(items, title=f"Board pack: {head} into {base}")


def pack_item(change: Change, *, old: bytes | None, body: str) -> PackItem:
    return PackItem(
        target=change.target,
        action=change.action,
        path=change.path,
        digest=change.digest,
        body=body,
        old=_text(old),
        new=_text(change.content),
        decision=suggestion(change),
    )


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "replace")


def _published(text: str) -> str:
    return render_text(text, "pack.md", "pack", anchors=False).html


def board_pack_html(items: list[PackItem], *, title: str, css: str = CSS) -> str:
    """A self-contained HTML page (no external asset) for the board: redlines, digests, draft decisions."""
    out = [
        "<!doctype html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{html.escape(title)}</title><style>{css}</style></head><body>",
        f"<h1>{html.escape(title)}</h1>",
        "<p>Insertions are <ins>underlined</ins>, deletions <del>struck through</del>. "
        "Each decision below names the digest of exactly the text shown.</p>",
    ]
    if not items:
        out.append("<p>This proposal changes no regulation and no governed file.</p>")
    for item in items:
        out.append(f"<section><h2>{html.escape(item.target)}: {html.escape(item.action)}</h2>")
        out.append(
            f"<p>File <code>{html.escape(item.path)}</code>; decided by <strong>{html.escape(item.body)}</strong>; "
            f'digest <code class="digest">{html.escape(item.digest)}</code></p>'
        )
        for change in _changes(item):
            if change.heading:
                out.append(f"<h3>{change.heading_html or html.escape(change.heading)}</h3>")
            # The pack keeps its text's line breaks (pre-wrap): the ones between blocks are not text.
            markup = change.html.replace(">\n<", "><")
            out.append(f'<div class="redline">{markup}</div>')
        out.append("<p>Draft decision entry:</p>")
        out.append(f"<pre>decisions:\n{html.escape(item.decision)}</pre></section>")
    out.append("</body></html>")
    return "\n".join(out) + "\n"


def _changes(item: PackItem) -> list[BlockChange]:
    if item.is_file:  # a governed file is not a regulation: its lines as they are
        return [BlockChange("text", "", "changed", metadata_html(diff_html(item.old or "", item.new or "")))]
    if item.action == "amend" and item.old is not None and item.new is not None:
        return redline(item.old, item.new)
    if item.new is not None:
        return [BlockChange("text", "", "added", marked_whole("ins", _published(item.new)))]
    return [BlockChange("text", "", "deleted", marked_whole("del", _published(item.old or "")))]
