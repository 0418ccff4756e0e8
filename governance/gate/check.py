"""The check on a pull request: is every change of merge-base..head approved by a competent body?

Everything that decides (config, bodies, allowed_signers, which body governs a text) is read from the
merge base M, never from the head the pull request controls. With signatures required, only records
ADDED by the pull request count, and each of their decisions must match one of its changes: a record on
M was consumed by the pull request that brought it. With signatures off, records count once on M and
until a later commit brought the regulation to the text they approved.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TypeVar

from governance import git
from governance.config import CONFIG_FILE, Config, parse_config
from governance.errors import GovernanceError
from governance.gate import changes as changes_module
from governance.gate import judge as coverage
from governance.gate.changes import Change, Sorted
from governance.records.bodies import Body, parse_bodies
from governance.records.resolutions import Decision, is_record_path, load_resolution, misplaced_or_twin
from governance.text.digests import digest_bytes
from governance.text.findings import Finding

_Parsed = TypeVar("_Parsed")


@dataclass(frozen=True)
class Rules:
    """What decides, as of one commit."""

    commit: str
    config: Config
    bodies: dict[str, Body]
    allowed_signers: str


# Parsed rules by the exact bytes they were parsed from: the audit reads the rules of every commit, and
# they rarely change. Keyed by content, so a hit is the very parse the text would give; failures are
# never stored, so each error names the commit where it occurs.
_CONFIGS: dict[bytes, Config] = {}
_BODIES: dict[bytes, dict[str, Body]] = {}
_CACHE_LIMIT = 64


def _remembered(cache: dict[bytes, _Parsed], text: bytes, parse: Callable[[], _Parsed]) -> _Parsed:
    if text not in cache:
        if len(cache) >= _CACHE_LIMIT:
            cache.clear()
        cache[text] = parse()
    return cache[text]


def rules_at(objects: git.Objects, commit: str, *, incomplete_is_none: bool = False) -> Rules | None:
    """The rules of `commit`; None when it is not adopted yet (no bodies.yml, or with
    `incomplete_is_none`, signatures required and no allowed_signers yet)."""
    where = f" (at {commit[:12]})"
    config_text = objects.blob(f"{commit}:{CONFIG_FILE}")
    config = (
        Config()
        if config_text is None
        else _remembered(
            _CONFIGS, config_text, lambda: parse_config(_text(config_text, CONFIG_FILE), CONFIG_FILE + where)
        )
    )
    bodies_text = objects.blob(f"{commit}:{config.bodies_file}")
    if bodies_text is None:
        return None
    parsed: dict[str, Body] = _remembered(
        _BODIES,
        bodies_text,
        lambda: parse_bodies(_text(bodies_text, config.bodies_file), config.bodies_file + where),
    )
    bodies = dict(parsed)  # a copy: the cached parse is shared
    signers = objects.blob(f"{commit}:{config.allowed_signers_file}") or b""
    if config.signatures == "required" and not signers.strip():
        if incomplete_is_none:
            return None
        raise GovernanceError(
            f"signatures are required but {config.allowed_signers_file} is missing or empty{where}; "
            "list the secretaries' public keys (governance init writes it)"
        )
    return Rules(commit, config, bodies, _text(signers, config.allowed_signers_file))


def _text(data: bytes, path: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise GovernanceError("not UTF-8 text", path=path) from None


@dataclass(frozen=True)
class CheckReport:
    base: str  # the merge base: where the rules were read
    head: str
    mode: str  # signatures: required | off
    verdicts: list[coverage.Verdict]
    violations: list[str] = field(default_factory=list)  # record problems, tampering, dangling decisions
    findings: list[Finding] = field(default_factory=list)  # lint of the changed texts, head side
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        errors = [finding for finding in self.findings if finding.severity == "error"]
        return all(v.covered for v in self.verdicts) and not self.violations and not errors

    @property
    def exit_code(self) -> int:
        return 0 if self.ok else 1


def record_entries(
    objects: git.Objects, entries: list[git.DiffEntry], head: str, config: Config
) -> tuple[list[tuple[str, bytes, bytes | None]], list[str]]:
    """Records added in a diff as (path, content, signature at `head`), and violations: an existing
    record or signature modified or deleted (records are immutable: a correction is a new resolution)."""
    added: list[tuple[str, bytes, bytes | None]] = []
    violations: list[str] = []
    records = config.records.rstrip("/")
    # A signature added by the same diff is the blob the diff names (so a prefetch has it already).
    added_blobs = {
        e.path: e.new_blob for e in entries if e.status == "A" and e.new_mode == changes_module.REGULAR
    }
    for entry in entries:
        is_record = is_record_path(entry.path, records)
        is_signature = entry.path.endswith(".yml.sig") and is_record_path(entry.path[: -len(".sig")], records)
        if not (is_record or is_signature):
            continue
        if entry.status != "A":
            what = {"D": "deleted", "M": "modified"}.get(entry.status, "changed in type")
            violations.append(
                f"{entry.path}: an existing record or signature was {what}; records are immutable, "
                "restore it and record a new resolution instead"
            )
        elif is_record and entry.new_mode != changes_module.REGULAR:
            violations.append(f"{entry.path}: a record must be a plain file, not mode {entry.new_mode}")
        elif is_record:
            content = objects.blob(entry.new_blob) or b""
            signature_blob = added_blobs.get(f"{entry.path}.sig", f"{head}:{entry.path}.sig")
            added.append((entry.path, content, objects.blob(signature_blob)))
    return added, violations


def record_copies(entries: list[git.DiffEntry], config: Config, exists: Callable[[str], bool]) -> list[str]:
    """Violations of "one id, one place": a record added in a year folder other than its id's, or where
    its other place (flat <-> year folder) holds a record, before (`exists`, on the base) or in the same
    diff. Path checks only: each id has exactly two places, so no listing of the records is needed."""
    records = config.records.rstrip("/")
    added = {e.path for e in entries if e.status == "A" and is_record_path(e.path, records)}
    violations: list[str] = []
    for path in sorted(added):
        misplaced, twin = misplaced_or_twin(path, records)
        if misplaced is not None:
            violations.append(f"{path}: {misplaced}")
        elif twin is not None and (twin in added or exists(twin)):
            violations.append(
                f"{path}: {twin} records the same resolution; a resolution is recorded once (a copy "
                "elsewhere would let its decisions count twice); remove this file"
            )
    return violations


def proposal_range(root: Path, base: str, head: str) -> tuple[str, str]:
    """(merge base, head commit) of a proposal: the merge base is where its rules are read."""
    head_commit = git.resolve_commit(root, head)
    return git.merge_base(root, git.resolve_commit(root, base), head_commit), head_commit


def base_rules(objects: git.Objects, merge_base: str) -> Rules:
    """The rules a proposal is judged by; an error when its base has not adopted governance."""
    rules = rules_at(objects, merge_base)
    if rules is None:
        raise GovernanceError(
            f"the base {merge_base[:12]} has no bodies.yml: this repository is not governed yet; "
            "run `governance init` and merge its commit first"
        )
    return rules


def run_check(root: Path, base: str, head: str = "HEAD", *, today: date) -> CheckReport:
    merge_base, head_commit = proposal_range(root, base, head)
    with git.Objects(root) as objects:
        rules = base_rules(objects, merge_base)
        config = rules.config
        entries = changes_module.sort_entries(git.diff_tree(root, merge_base, head_commit), config)
        changes = _changes(root, objects, entries, config, merge_base, head_commit)
        added, violations = record_entries(objects, entries.records, head_commit, config)
        violations += record_copies(
            entries.records, config, lambda path: objects.read(f"{merge_base}:{path}") is not None
        )
        required = config.signatures == "required"
        verifier = coverage.Verifier(config.signature_namespace) if required else None
        judged = [
            coverage.judge_record(
                path,
                content,
                signature,
                bodies=rules.bodies,
                today=today,
                allowed_signers=rules.allowed_signers,
                verifier=verifier,
                arriving=True,
            )
            for path, content, signature in added
        ]
        violations += [
            f"{record.path}: {'; '.join(record.problems)}" for record in judged if not record.counts
        ]
        if required:
            violations += coverage.dangling(judged, changes)
            verdicts = coverage.cover(
                changes, judged, nobody=_nobody("no resolution added in this pull request")
            )
            verdicts = _explain_reuse(root, objects, verdicts, merge_base, config)
        else:
            on_base = _records_on(root, objects, merge_base, rules, today)
            consumption = _Consumption(root, objects, merge_base, config)
            verdicts = coverage.cover(
                changes, on_base, consumed=consumption.consumed, nobody=_nobody("no resolution on the base")
            )
        findings = _lint(objects, head_commit, changes, rules)
    return CheckReport(merge_base, head_commit, config.signatures, verdicts, violations, findings)


def _nobody(where: str) -> str:
    return f"{where} decides on it; record one (the entry below) and have it signed"


def _changes(
    root: Path, objects: git.Objects, entries: Sorted, config: Config, base: str, head: str
) -> list[Change]:
    return changes_module.changes_of(
        objects,
        entries,
        config,
        base_paths=changes_module.TreePaths(root, objects, base, config),
        head_paths=changes_module.TreePaths(root, objects, head, config),
    )


def _records_on(
    root: Path, objects: git.Objects, commit: str, rules: Rules, today: date
) -> list[coverage.Record]:
    records = rules.config.records.rstrip("/")
    listed = [
        entry
        for entry in git.list_tree(root, commit, records)
        if is_record_path(entry.path, records) and entry.mode == changes_module.REGULAR
    ]
    paths = {entry.path for entry in listed}
    judged: list[coverage.Record] = []
    for entry in listed:
        content = objects.blob(entry.blob) or b""
        record = coverage.judge_record(
            entry.path,
            content,
            None,
            bodies=rules.bodies,
            today=today,
            allowed_signers=None,
            verifier=None,
        )
        # The gate refuses these when they arrive; a base that holds one anyway (a push around the gate)
        # must not make a decision count in two places.
        misplaced, twin = misplaced_or_twin(entry.path, records)
        if misplaced is not None or (twin is not None and twin in paths):
            problem = misplaced or f"{twin} records the same resolution; neither counts"
            record = coverage.Record(record.path, record.resolution, (*record.problems, problem))
        judged.append(record)
    return judged


def _explain_reuse(
    root: Path, objects: git.Objects, verdicts: list[coverage.Verdict], base: str, config: Config
) -> list[coverage.Verdict]:
    """For an uncovered change, name a record on base that approved the same text: the likely attempt to
    use one resolution twice. Read only when something is uncovered, so a passing check stays O(changes)."""
    if all(v.covered or v.change.refusal for v in verdicts):
        return verdicts
    records = config.records.rstrip("/")
    on_base: list[tuple[str, Decision]] = []
    for entry in git.list_tree(root, base, records):
        if is_record_path(entry.path, records):
            try:
                resolution = load_resolution((objects.blob(entry.blob) or b"").decode("utf-8"), entry.path)
            except (GovernanceError, UnicodeDecodeError):
                continue
            on_base += [(resolution.id, decision) for decision in resolution.decisions]
    explained: list[coverage.Verdict] = []
    for verdict in verdicts:
        reused = [
            ident for ident, d in on_base if not verdict.covered and coverage.matches(d, verdict.change)
        ]
        if reused:
            reason = (
                f"{reused[0]} is already on the base: a record counts only in the pull request that adds it "
                "(one resolution, one pull request); record a new resolution"
            )
            verdict = coverage.Verdict(verdict.change, reasons=(reason, *verdict.reasons))
        explained.append(verdict)
    return explained


class _Consumption:
    """signatures: off. A decision is consumed once a first-parent commit after its record's arrival
    brought the regulation to that text (or removed it): a path-limited log, per decision that matters."""

    def __init__(self, root: Path, objects: git.Objects, base: str, config: Config) -> None:
        self._root, self._objects, self._base, self._config = root, objects, base, config

    def consumed(self, record: coverage.Record, decision: Decision) -> bool:
        arrived = git.arrival(self._root, self._base, record.path)
        if arrived is None:
            return False
        path = (
            f"{self._config.regulations.rstrip('/')}/{decision.regulation}.md"
            if decision.regulation is not None
            else str(decision.file)
        )
        # The arrival commit counts too: a record that arrived with its text was used right there.
        for commit in [arrived, *git.path_commits(self._root, arrived, self._base, path)]:
            text = self._objects.blob(f"{commit}:{path}")
            if decision.action == "rescind" and text is None:
                return True
            if decision.action != "rescind" and text is not None and digest_bytes(text) == decision.digest:
                return True
        return False


def _lint(objects: git.Objects, head: str, changes: list[Change], rules: Rules) -> list[Finding]:
    """Lint the head side of the changed regulation texts (translations against their head original)."""
    from governance.lint.runner import lint_text

    folder = rules.config.regulations.rstrip("/")

    def original_of(regulation_id: str) -> bytes | None:
        return objects.blob(f"{head}:{folder}/{regulation_id}.md")

    findings: list[Finding] = []
    for change in changes:
        if change.regulation is None or change.content is None or change.refusal is not None:
            continue
        findings += lint_text(
            change.content,
            change.path,
            change.regulation,
            lenient=rules.config.front_matter == "lenient",
            bodies=set(rules.bodies),
            original_of=original_of,
        )
    return findings
