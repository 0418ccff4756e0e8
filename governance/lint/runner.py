"""Lint: every rule on one text (`lint_text`) or on the files of a work tree (`lint_paths`).

Codes: FM001-FM006 front matter, ENC001-ENC008 encoding, STR001-STR008 structure (STR008, a 附則 against its decision: governance check only), MD001-MD012 the
Markdown subset, FILE001-FILE006 files under the regulations folder (FILE006: beyond the documented
limits), TRN001-TRN004 translations. Each finding is an error: a text that reads one way and says
another is an attack on a legal text.
"""

from __future__ import annotations

import dataclasses
import functools
import stat
from collections.abc import Collection, Iterable, Iterator, Mapping
from pathlib import Path
from typing import TypedDict, Unpack

from governance import strict_yaml
from governance.collector import collection_paused
from governance.config import Config, RuleSetting
from governance.errors import GovernanceError
from governance.i18n import Message, _
from governance.limits import MAX_TEXT_BYTES
from governance.lint.encoding import TAB_MESSAGE, check_encoding, decode
from governance.lint.links import LinkRule, TextAt
from governance.lint.markup import check_markup
from governance.lint.structure import check_structure
from governance.lint.subset import check_plain_front_matter, check_subset
from governance.lint.text_limits import beyond_size, too_large
from governance.lint.translations import OriginalLookup, check_translation
from governance.text import recognisers
from governance.text.findings import Finding
from governance.text.front_matter import key_line
from governance.text.model import Regulation
from governance.text.numbering import structural_tabs
from governance.text.parser import block_parse, parse_with_findings
from governance.text.recognisers import source_text

Problem = tuple[str, Message]  # a file's lint code and message when it cannot be a regulation at all


class LintOptions(TypedDict, total=False):
    """`lint_parsed`'s keyword arguments."""

    lenient: bool
    bodies: Collection[str] | None
    original_of: OriginalLookup | None
    links: LinkRule | None


def lint_text(
    data: str | bytes, path: str, regulation_id: str, **options: Unpack[LintOptions]
) -> list[Finding]:
    """All findings for one regulation text, sorted by place (`lint_parsed`'s, without the parse)."""
    return lint_parsed(data, path, regulation_id, **options)[0]


@collection_paused()
def lint_parsed(
    data: str | bytes,
    path: str,
    regulation_id: str,
    *,
    lenient: bool = False,
    bodies: Collection[str] | None = None,
    original_of: OriginalLookup | None = None,
    links: LinkRule | None = None,
) -> tuple[list[Finding], tuple[Regulation, str] | None]:
    """All findings for one regulation text, sorted by place, and the parse they were made on with its
    decoded text: None when the text was refused before parsing (beyond the limits: FILE006; not UTF-8),
    so a rule run later on the same text (STR008, in the check) reuses this parse or has none to run on.

    bodies: the known governing bodies (FM005 when governed_by names another); None skips the rule.
    original_of: finds an original's bytes by regulation id, so a translation can be checked against
    it; None skips the translation rules (TRN001-TRN003).
    links: the regulations of the same revision, which a link may name by their file (MD006); None
    refuses every link but https://, http://, mailto: and #anchor.
    """
    beyond = beyond_size(data, path)
    if beyond is not None:
        return [beyond], None
    if isinstance(data, bytes):
        text, findings = decode(data, path)
        if text is None:
            return findings, None
    else:
        text = data
    regulation, parsed = parse_with_findings(text, path, regulation_id, lenient=lenient)
    findings = _structural_tabs_allowed(check_encoding(text, path), regulation, text)
    findings += parsed
    findings += check_structure(regulation)
    findings += check_plain_front_matter(regulation.metadata, text, path)
    findings += _one_per_line(
        check_markup(text, path, regulation.body_line),
        check_subset(
            text,
            path,
            regulation.body_line,
            None if links is None else functools.partial(links.problem, path),
            numbered=_opening_lines(regulation),
        ),
    )
    governed_by = regulation.metadata.get("governed_by")
    if bodies is not None and isinstance(governed_by, str) and governed_by not in bodies:
        message = (
            Message(
                "governed_by names the unknown body '{body}'; known bodies: {known}",
                body=governed_by,
                known=", ".join(sorted(bodies)),
            )
            if bodies
            else Message("governed_by names the unknown body '{body}'; no body is known", body=governed_by)
        )
        findings.append(Finding(path, key_line(text, "governed_by"), 1, "FM005", message))
    if original_of is not None:
        findings += check_translation(regulation, text.removeprefix("\ufeff"), original_of)
    return sorted(findings), (regulation, text)


def _one_per_line(markup: list[Finding], subset: list[Finding]) -> list[Finding]:
    """Raw HTML is found by both rules (the subset's on the parse, so escapes cannot hide it): once a line."""
    raw = {finding.line for finding in markup}
    return [*markup, *(f for f in subset if not (f.code == "STR007" and f.line in raw))]


def lint_paths(root: Path, config: Config, paths: list[Path] | None = None) -> list[Finding]:
    """Lint the regulations of the work tree at `root` (all of them when `paths` is None).

    Raises GovernanceError when a path does not exist or the regulations folder is missing.
    """
    root = root.absolute()
    folder = root / config.regulations
    if paths is None:
        if not folder.is_dir():
            raise GovernanceError(
                _(
                    "the regulations folder '{folder}' does not exist; create it or set 'regulations:' in "
                    "governance.yml"
                ).format(folder=config.regulations),
                path=root,
            )
        targets = [folder]
    else:
        targets = [path.absolute() for path in paths]
        for target in targets:
            if not target.exists() and not target.is_symlink():
                raise GovernanceError(_("no such file or folder; check the path"), path=target)
    bodies = _bodies(root, config)
    links = LinkRule(_work_tree_texts(root, config))
    findings: list[Finding] = []
    done: set[Path] = set()
    for file, problem in regulation_files(root, config, targets):
        if file in done:
            continue
        done.add(file)
        shown = _shown(file, root)
        if problem is not None:
            findings.append(Finding(shown, 1, 1, *problem))
            continue
        base = folder if file.is_relative_to(folder) else file.parent
        regulation_id = recognisers.regulation_id(file.relative_to(base).as_posix())
        if regulation_id is None:  # the gate refuses it: no resolution could name it
            wrong = recognisers.name_problem(file.relative_to(base).as_posix())
            findings.append(Finding(shown, 1, 1, "FILE004", wrong))
            continue
        clash = recognisers.generated_page_clash(regulation_id)
        if clash is not None:  # the gate refuses it: the site could not publish both
            findings.append(Finding(shown, 1, 1, "FILE005", clash))
            continue
        size = file.stat().st_size
        if size > MAX_TEXT_BYTES:
            findings.append(too_large(shown, size))  # not even read
            continue
        findings += lint_text(
            file.read_bytes(),
            shown,
            regulation_id,
            lenient=config.front_matter == "lenient",
            bodies=bodies,
            original_of=_lookup(base),
            links=links,
        )
        # Its parse is not read again: kept, a megabyte's tokens made the interpreter's exit a seventh of
        # `governance lint`'s time (its final collections walk every object alive), and eight of them
        # would be held for nothing.
        block_parse.cache_clear()
    return configured(findings, config.lint)


def _structural_tabs_allowed(findings: list[Finding], regulation: Regulation, text: str) -> list[Finding]:
    """ENC007 less the tabs of a Japanese 号's structure (`\t一\t正社員`, as word processors leave them):
    kept only on the lines the parser reads as an item, so the tab means the same to the parser, lint and
    the renderer. A tab anywhere else (a line Markdown would read as code, a tab inside a sentence, any
    tab of a text in another language, whose writers have spaces) stays a finding."""
    tabbed = {f.line for f in findings if f.code == "ENC007" and f.message == TAB_MESSAGE}
    if not tabbed or regulation.language.split("-")[0] != "ja":
        return findings
    item_lines = {line for line in _item_lines(regulation) if line in tabbed}
    lines = source_text(text).split("\n")
    allowed = {(line, column) for line in item_lines for column in structural_tabs(lines[line - 1])}
    return [f for f in findings if not (f.code == "ENC007" and (f.line, f.col) in allowed)]


def _opening_lines(regulation: Regulation) -> set[int]:
    """The lines where the parser opens a paragraph or an item."""
    lines = {p.line for article in regulation.articles for p in article.paragraphs}
    return lines | set(_item_lines(regulation))


def _item_lines(regulation: Regulation) -> Iterator[int]:
    pending = [item for article in regulation.articles for p in article.paragraphs for item in p.items]
    while pending:
        item = pending.pop()
        yield item.line
        pending += item.items


def configured(findings: Iterable[Finding], settings: Mapping[str, RuleSetting]) -> list[Finding]:
    """The findings as governance.yml's `lint:` sets their rules: dropped (off) or of the set severity."""
    kept = []
    for finding in findings:
        setting = settings.get(finding.code)
        if setting == "off":
            continue
        if setting is not None and setting != finding.severity:
            finding = dataclasses.replace(finding, severity=setting)
        kept.append(finding)
    return sorted(kept)


def regulation_files(
    root: Path, config: Config, targets: list[Path]
) -> Iterator[tuple[Path, Problem | None]]:
    """The regulations' files of the work tree at `root` among `targets` (files and folders), each with
    None or the (code, message) that refuses it: one walk for lint and init. With a pattern, a folder
    yields only what Config.regulation_relative selects (README.md at the root is not a regulation), and
    hidden folders and the records folder are not entered."""
    if config.regulations_pattern is None:
        yield from _files(targets)
        return
    for target in targets:
        if target.is_relative_to(root) and target.is_dir() and not target.is_symlink():
            yield from _selected(root, config, target)
        else:
            yield from _files([target])  # a file named on the command line is linted as asked


def _selected(root: Path, config: Config, folder: Path) -> Iterator[tuple[Path, Problem | None]]:
    if not config.may_hold_regulations("" if folder == root else folder.relative_to(root).as_posix()):
        return
    for entry in sorted(folder.iterdir()):
        relative = entry.relative_to(root).as_posix()
        if config.regulation_relative(relative) is not None:
            yield from _files([entry])
        elif entry.is_dir() and not entry.is_symlink() and not (entry / ".git").exists():
            yield from _selected(root, config, entry)


def _files(targets: list[Path]) -> Iterator[tuple[Path, Problem | None]]:
    """Each Markdown file to lint with None, or a path with the (code, message) that refuses it."""
    for target in targets:
        mode = target.lstat().st_mode
        if stat.S_ISLNK(mode):
            yield (
                target,
                (
                    "FILE001",
                    Message(
                        "a symbolic link; regulations must be regular files, replace it with the text itself"
                    ),
                ),
            )
        elif stat.S_ISDIR(mode):
            if (target / ".git").exists():
                yield (
                    target,
                    (
                        "FILE002",
                        Message("a git submodule; regulations must be regular files in this repository"),
                    ),
                )
            elif target.name.endswith(".md"):
                yield (
                    target,
                    ("FILE002", Message("a folder named like a regulation; rename it or move its files")),
                )
            else:
                yield from _files(sorted(target.iterdir()))
        elif not stat.S_ISREG(mode):
            yield target, ("FILE002", Message("not a regular file (a device, socket or pipe); remove it"))
        elif target.suffix != ".md":
            yield (
                target,
                (
                    "FILE003",
                    Message(
                        "not a Markdown file (.md); regulations are .md files, move other files elsewhere"
                    ),
                ),
            )
        else:
            yield target, None


def _lookup(base: Path) -> OriginalLookup:
    def original_of(regulation_id: str) -> bytes | None:
        candidate = base / f"{regulation_id}.md"
        if candidate.is_symlink() or not candidate.is_file():
            return None
        return candidate.read_bytes()

    return original_of


def _work_tree_texts(root: Path, config: Config) -> TextAt:
    """The regulations of the work tree by repository path: regular .md files that are regulations
    (Config.regulation_relative) a resolution could name, inside the repository (what the gate would
    take as regulations)."""

    def text_at(path: str) -> str | None:
        relative = config.regulation_relative(path)
        if relative is None or recognisers.regulation_id(relative) is None:
            return None
        file = root / path
        if not file.is_file() or file.resolve() != root.resolve() / path:  # no link on the way to it
            return None
        return file.read_bytes().decode("utf-8", errors="replace")

    return text_at


def _bodies(root: Path, config: Config) -> set[str] | None:
    path = root / config.bodies_file
    if not path.is_file():
        return None
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        raise GovernanceError(_("not UTF-8; save the file as UTF-8"), path=config.bodies_file) from None
    document = strict_yaml.load(source, config.bodies_file)
    data = document.data
    if not isinstance(data, dict) or not isinstance(data.get("bodies"), dict):
        raise GovernanceError(
            _("expected a 'bodies:' mapping of body ids to their rules"), path=config.bodies_file, line=1
        )
    return set(data["bodies"])


def _shown(file: Path, root: Path) -> str:
    return file.relative_to(root).as_posix() if file.is_relative_to(root) else str(file)
