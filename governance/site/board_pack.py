"""The board pack of a proposal: what the board decides on, change by change, as a board actually uses it
(the agenda's wording, each text's redline or 新旧対照表 with every changed article whole, the draft
resolution, the decision entries with their digests, and blanks for what the minutes record), in the
language of the texts. An A4 PDF by default, or the same document as one self-contained HTML page.

`board_pack` reads the proposal as the gate does (its changes, the base's rules); the layout is
governance.site.board_pack_layout's, from plain values.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from governance import git
from governance.gate.changes import Change, list_changes
from governance.gate.check import proposal_range
from governance.gate.judge import suggestion
from governance.gate.rules import base_rules
from governance.text.parser import parse_regulation


@dataclass(frozen=True)
class PackItem:
    """One change of a proposal, for the board pack."""

    target: str  # regulation id, or "file <path>" for a governed file
    action: str  # enact | amend | rescind
    path: str
    digest: str  # what the decision must name: the new text's (the rescinded text's for rescind)
    body: str  # the deciding body's name, in the pack's language where bodies.yml gives one
    old: str | None
    new: str | None
    decision: str  # the decision entry the secretary records, exactly as the gate expects it
    title: str = ""  # the regulation's title as its text states it ("" for a governed file)
    language: str = "en"  # the language its text is written in

    @property
    def is_file(self) -> bool:
        return self.target.startswith("file ")


@dataclass(frozen=True)
class BoardPack:
    title: str  # the proposal's: its head commit's subject unless the secretary names it
    base: str
    head: str
    commit: str  # the head commit: what the board saw is exactly this
    language: str  # of the texts (the first regulation's), or as asked
    today: date
    items: list[PackItem]
    body_names: dict[str, str]  # the deciding body's name per body id, in the pack's language


def board_pack(
    root: Path,
    base: str,
    head: str,
    *,
    today: date,
    title: str | None = None,
    language: str | None = None,
) -> BoardPack:
    """The pack of merge-base(base, head)..head, judged by the base's rules (as the check will)."""
    base_commit, head_commit = proposal_range(root, base, head)
    with git.Objects(root) as objects:
        rules = base_rules(objects, base_commit)
        changes = list_changes(root, base_commit, head_commit, rules.config)
        olds = {
            change.path: objects.blob(f"{base_commit}:{change.path}") if change.action != "enact" else None
            for change in changes
        }
    texts = [_text(change.content) or _text(olds[change.path]) for change in changes if change.regulation]
    spoken = language or next((_language(text) for text in texts if text), "en")

    def name(body: str) -> str:
        known = rules.bodies.get(body)
        return body if known is None else dict(known.names).get(spoken, known.name)

    items = [pack_item(change, old=olds[change.path], body=name(change.body)) for change in changes]
    subject = git.run(root, "log", "-1", "--format=%s", head_commit).decode("utf-8", "replace").strip()
    return BoardPack(
        title=title or subject or head,
        base=base,
        head=head,
        commit=head_commit,
        language=spoken,
        today=today,
        items=items,
        body_names={change.body: name(change.body) for change in changes},
    )


def pack_item(change: Change, *, old: bytes | None, body: str) -> PackItem:
    new, previous = _text(change.content), _text(old)
    text = new or previous
    regulation = (
        parse_regulation(text, change.path, change.regulation, lenient=True)
        if text and change.regulation
        else None
    )
    return PackItem(
        target=change.target,
        action=change.action,
        path=change.path,
        digest=change.digest,
        body=body,
        old=previous,
        new=new,
        decision=suggestion(change),
        title=regulation.title if regulation else "",
        language=regulation.language if regulation else "en",
    )


def _language(text: str) -> str:
    return parse_regulation(text, "pack.md", "pack", lenient=True).language


def _text(data: bytes | None) -> str | None:
    return None if data is None else data.decode("utf-8", "replace")
